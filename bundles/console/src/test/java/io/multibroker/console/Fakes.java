package io.multibroker.console;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Fakes of service interfaces: each method answers through the function given for its name, with the call's
 * arguments; a method not given fails the test, so that a fake states exactly what a command may use.
 */
final class Fakes {

    private final Map<String, Function<Object[], Object>> answers = new HashMap<>();

    static Fakes answering() {
        return new Fakes();
    }

    Fakes with(String method, Function<Object[], Object> answer) {
        answers.put(method, answer);
        return this;
    }

    Fakes returning(String method, Object value) {
        return with(method, args -> value);
    }

    @SuppressWarnings("unchecked")
    <T> T as(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> type.getSimpleName() + " fake";
                };
            }
            Function<Object[], Object> answer = answers.get(method.getName());
            if (answer == null) {
                throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName() + " is not faked");
            }
            return answer.apply(args == null ? new Object[0] : args);
        });
    }
}

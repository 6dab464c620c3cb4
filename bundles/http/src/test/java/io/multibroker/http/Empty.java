package io.multibroker.http;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.StandardBrokerError;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A service that has nothing: empty lists, maps and optionals; a required account or experiment is not found. */
final class Empty {

    private Empty() {
    }

    static <T> T of(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(Empty.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Class<?> r = method.getReturnType();
            if (method.getName().startsWith("require")) {
                throw new StandardBrokerError(ErrorCode.ACCOUNT_NOT_FOUND, "no account " + args[0]);
            }
            if (r == List.class) {
                return List.of();
            }
            if (r == Optional.class) {
                return Optional.empty();
            }
            if (r == Map.class) {
                return Map.of();
            }
            if (r == Set.class) {
                return Set.of();
            }
            if (r == boolean.class) {
                return false;
            }
            if (r == CompletionStage.class) {
                return CompletableFuture.failedFuture(new StandardBrokerError(ErrorCode.UNSUPPORTED_OPERATION, method.getName()));
            }
            if (r == Flow.Publisher.class) {
                return (Flow.Publisher<Object>) subscriber -> { };
            }
            if (method.getName().equals("toString")) {
                return "empty " + type.getSimpleName();
            }
            return null;
        }));
    }
}

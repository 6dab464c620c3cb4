package io.multibroker.risk;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A service resolved on its first call rather than when a component activates, so that activating the component never
 * activates the service's own component from inside it (which, when that component holds a reference back to this one,
 * is a circular activation that Declarative Services answers with nothing).
 */
final class LazyService<T> implements InvocationHandler {

    private final Class<T> type;
    private final BundleContext context;
    private final ServiceReference<T> reference;
    private volatile T service;
    private volatile boolean released;

    private LazyService(Class<T> type, BundleContext context, ServiceReference<T> reference) {
        this.type = type;
        this.context = context;
        this.reference = reference;
    }

    static <T> T of(Class<T> type, BundleContext context, ServiceReference<T> reference) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, new LazyService<>(type, context, reference)));
    }

    /** Ungets the service, if it was got; later calls fail. */
    static void release(Object proxy) {
        if (Proxy.isProxyClass(proxy.getClass()) && Proxy.getInvocationHandler(proxy) instanceof LazyService<?> lazy) {
            lazy.releaseService();
        }
    }

    private synchronized T service() {
        if (released) {
            throw new IllegalStateException(type.getSimpleName() + " is no longer available to the risk layer");
        }
        if (service == null) {
            T got = context.getService(reference);
            if (got == null) {
                throw new IllegalStateException(type.getSimpleName() + " is not available (yet)");
            }
            service = got;
        }
        return service;
    }

    private synchronized void releaseService() {
        released = true;
        if (service != null) {
            service = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException stopping) {
                // the bundle is stopping: the framework ungets it
            }
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "lazy " + type.getSimpleName();
            };
        }
        T target = service != null ? service : service();
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}

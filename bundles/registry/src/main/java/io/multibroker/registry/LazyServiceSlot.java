package io.multibroker.registry;

import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * An optional service the registry holds by its reference and gets only when it is first used. The journal and the risk
 * layer each need the registry when they activate; had the registry got their service objects while it activated itself,
 * each activation would run inside the other, a cycle the framework breaks by failing one of them for good (seen: the
 * journal missing for a whole run, so orders were not journalled). A bind method that takes only the reference makes
 * Declarative Services bind without getting the service.
 */
final class LazyServiceSlot<T> {

    private final BundleContext context;
    private ServiceReference<T> reference;
    // read without the lock on every order's path once got
    private volatile T service;

    LazyServiceSlot(BundleContext context) {
        this.context = context;
    }

    /** The service now bound (replacing any other); not yet got. */
    synchronized void bind(ServiceReference<T> bound) {
        release();
        reference = bound;
    }

    /** A service given as it is, with no framework behind it (a registry built without OSGi: tests, benchmarks). */
    synchronized void bindService(T given) {
        release();
        reference = null;
        service = given;
    }

    /** Forgets the service if it is the one bound. */
    synchronized void unbind(ServiceReference<T> unbound) {
        if (unbound.equals(reference)) {
            release();
            reference = null;
        }
    }

    /** Whether a service is bound, got or not. */
    synchronized boolean bound() {
        return reference != null || service != null;
    }

    /** The service, got on the first call; empty when none is bound or the framework could not give it. */
    Optional<T> get() {
        T got = service;
        return got != null ? Optional.of(got) : getNow();
    }

    private synchronized Optional<T> getNow() {
        if (service == null && reference != null && context != null) {
            service = context.getService(reference);
        }
        return Optional.ofNullable(service);
    }

    private void release() {
        if (service != null && reference != null) {
            service = null;
            try {
                context.ungetService(reference);
            } catch (IllegalStateException stopping) {
                // the registry's bundle is stopping: the framework ungets its services itself
            }
        }
    }
}

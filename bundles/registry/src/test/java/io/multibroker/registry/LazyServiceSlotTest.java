package io.multibroker.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The slot gets its service on first use only, once, and gives it back when the service goes. */
class LazyServiceSlotTest {

    private final AtomicInteger got = new AtomicInteger();
    private final AtomicInteger ungot = new AtomicInteger();
    private volatile Object service = "the service";

    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getService" -> {
                    got.incrementAndGet();
                    yield service;
                }
                case "ungetService" -> {
                    ungot.incrementAndGet();
                    yield true;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @SuppressWarnings("unchecked")
    private final ServiceReference<Object> reference = (ServiceReference<Object>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    @Test
    void bindingGetsNothingAndTheFirstUseGetsTheServiceOnce() {
        LazyServiceSlot<Object> slot = new LazyServiceSlot<>(context);
        slot.bind(reference);
        assertEquals(0, got.get(), "binding must not get the service (that is the cycle it avoids)");
        assertTrue(slot.bound());
        assertEquals(Optional.of("the service"), slot.get());
        assertEquals(Optional.of("the service"), slot.get());
        assertEquals(1, got.get());

        slot.unbind(reference);
        assertEquals(1, ungot.get());
        assertFalse(slot.bound());
        assertEquals(Optional.empty(), slot.get());
    }

    @Test
    void aServiceTheFrameworkCannotGiveIsEmptyButStillBoundAndAskedAgain() {
        service = null;
        LazyServiceSlot<Object> slot = new LazyServiceSlot<>(context);
        slot.bind(reference);
        assertEquals(Optional.empty(), slot.get());
        assertTrue(slot.bound(), "installed but not given: the registry fails closed on it");
        service = "came later";
        assertEquals(Optional.of("came later"), slot.get());
        slot.unbind(reference);
        assertEquals(1, ungot.get(), "only what was got is given back");
    }
}

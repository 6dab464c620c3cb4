package io.multibroker.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;

/**
 * The services a command can do without (the journal, execution quality, the cluster's ownership), looked up when the
 * command runs and released when it ends.
 *
 * <p>Why not {@code @Reference(optional = true)}: Karaf unregisters and registers again every command of a bundle
 * whenever a service named by any command's {@code @Reference} field comes or goes, optional ones included ("Updating
 * commands" in its log). These services come late (on PostgreSQL they wait for the DataSource) and go with their
 * feature, and for that moment every {@code broker:*} command answered "Command not found".
 */
final class ServicesInUse implements AutoCloseable {

    private final BundleContext context;
    private final List<ServiceReference<?>> taken = new ArrayList<>();

    ServicesInUse(BundleContext context) {
        this.context = context;
    }

    /** The service of this type with the highest ranking, if there is one now. */
    <T> Optional<T> find(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        if (reference == null) {
            return Optional.empty();
        }
        // null when the service went between the two calls
        T service = context.getService(reference);
        if (service == null) {
            return Optional.empty();
        }
        taken.add(reference);
        return Optional.of(service);
    }

    /**
     * The service of this type, waiting up to {@code patience} for it to be registered: for a command run just after a
     * start, while the feature that provides it is still opening its database. Empty when it did not come (or the wait
     * was interrupted).
     */
    <T> Optional<T> await(Class<T> type, Duration patience) {
        Optional<T> now = find(type);
        if (now.isPresent() || patience.isZero()) {
            return now;
        }
        CountDownLatch registered = new CountDownLatch(1);
        ServiceListener listener = event -> {
            if (event.getType() == ServiceEvent.REGISTERED) {
                registered.countDown();
            }
        };
        try {
            context.addServiceListener(listener, "(" + Constants.OBJECTCLASS + "=" + type.getName() + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a service type: " + type.getName(), e);
        }
        try {
            // it may have come between the first look and the listener
            Optional<T> since = find(type);
            if (since.isPresent() || !registered.await(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                return since;
            }
            return find(type);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            context.removeServiceListener(listener);
        }
    }

    @Override
    public void close() {
        for (ServiceReference<?> reference : taken) {
            context.ungetService(reference);
        }
        taken.clear();
    }
}

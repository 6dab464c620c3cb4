package io.multibroker.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
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

    @Override
    public void close() {
        for (ServiceReference<?> reference : taken) {
            context.ungetService(reference);
        }
        taken.clear();
    }
}

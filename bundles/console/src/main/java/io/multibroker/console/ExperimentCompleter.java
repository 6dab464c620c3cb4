package io.multibroker.console;

import io.multibroker.api.routing.ExperimentInfo;
import io.multibroker.api.routing.ExperimentService;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.framework.BundleContext;

/** Completes experiment names. */
@Service
public class ExperimentCompleter implements Completer {

    /** The experiments are looked up when completing, not injected: see {@link ServicesInUse}. */
    @Reference
    BundleContext bundleContext;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter strings = new StringsCompleter();
        try (ServicesInUse services = new ServicesInUse(bundleContext)) {
            services.find(ExperimentService.class)
                    .ifPresent(experiments -> experiments.experiments().stream().map(ExperimentInfo::name).forEach(strings.getStrings()::add));
        }
        return strings.complete(session, commandLine, candidates);
    }
}

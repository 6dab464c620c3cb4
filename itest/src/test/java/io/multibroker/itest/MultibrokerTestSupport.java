package io.multibroker.itest;

import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Boots the real Multibroker assembly (the distribution's archive, as users run it) with its own
 * ports, and runs shell commands in it as a given role.
 */
public abstract class MultibrokerTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    public static Option[] assembly() {
        File archive = new File(System.getProperty("multibroker.distribution"));
        String distribution = archive.toURI().toString();
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(distribution).name("Multibroker").karafVersion("4.4.10")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
            // Pax Exam's own features after the boot features, so that its probe arrives once the regions are final
            ExamFeaturesLastStage.in(archive.toPath()),
            logLevel(LogLevel.INFO),
            // ports of their own, so that a running Multibroker on this machine cannot clash
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
            // a fast deploy/ poll keeps the hot-deploy test short
            editConfigurationFilePut("etc/org.apache.felix.fileinstall-deploy.cfg", "felix.fileinstall.poll", "200"),
            systemProperty("multibroker.sample.jar").value(System.getProperty("multibroker.sample.jar")),
            systemProperty("multibroker.readme").value(System.getProperty("multibroker.readme")),
            mavenBundle("org.hamcrest", "hamcrest", "2.2"),
            mavenBundle("org.awaitility", "awaitility", "4.2.2"),
            // what bin/karaf passes on Java 17 and Pax Exam does not (paths are relative to the unpacked runtime)
            vmOptions("--add-reads=java.xml=java.logging",
                    "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                    "--patch-module", "java.base=lib/endorsed/org.apache.karaf.specs.locator-4.4.10.jar",
                    "--patch-module", "java.xml=lib/endorsed/org.apache.karaf.specs.java.xml-4.4.10.jar",
                    "--add-opens", "java.base/java.security=ALL-UNNAMED",
                    "--add-opens", "java.base/java.net=ALL-UNNAMED",
                    "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "java.base/java.util=ALL-UNNAMED",
                    "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                    "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                    "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                    "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                    "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                    "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                    "-Dkaraf.restart.jvm.supported=false"),
        };
    }

    /**
     * The output of a shell command, run as a user with the given roles; a failed command throws. The command is run
     * once its bundle has registered it: Karaf registers a command only when the services it injects are there, so a
     * command may be missing for a moment after its bundle or a bundle it uses (re)started. The services of optional
     * features are looked up when a command runs; the abtest:* commands wait for theirs a while.
     */
    protected String execute(String command, String... roles) throws Exception {
        awaitRegistered(command.trim().split("\\s+")[0]);
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("itest"));
        for (String role : roles) {
            subject.getPrincipals().add(new RolePrincipal(role));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<Object> result = executor.submit(() -> Subject.doAs(subject, (PrivilegedExceptionAction<Object>) () -> {
                Session session = sessionFactory.create(System.in, out, out);
                try {
                    return session.execute(command);
                } finally {
                    session.close();
                }
            }));
            result.get(60, TimeUnit.SECONDS);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException p ? p.getException() : e.getCause();
            throw new CommandFailed(command, bytes.toString(StandardCharsets.UTF_8), cause);
        } finally {
            executor.shutdownNow();
        }
    }

    /** Waits until a scoped command ({@code broker:list}) is registered with the shell; other words are left alone. */
    protected void awaitRegistered(String name) {
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String scope = name.substring(0, colon);
        String command = name.substring(colon + 1);
        await("command " + name + " registered").atMost(Duration.ofSeconds(60))
                .until(() -> sessionFactory.getRegistry().getCommand(scope, command) != null);
    }

    /**
     * Stops and starts a bundle, then waits until every Multibroker service registered before is registered again. The
     * services of the bundles that use the restarted one come back one after another, and Karaf re-registers all the
     * console's commands each time a service they inject comes or goes ("Updating commands" in its log): a command run
     * before they are all back can find itself unregistered for that moment.
     */
    protected void restart(Bundle bundle) throws BundleException, InvalidSyntaxException {
        BundleContext context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        Map<String, Long> before = multibrokerServices(context);
        bundle.stop();
        bundle.start();
        await(bundle.getSymbolicName() + " restarted and the Multibroker services " + before.keySet() + " back")
                .atMost(Duration.ofSeconds(60)).until(() -> {
                    Map<String, Long> now = multibrokerServices(context);
                    return before.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), 0L) >= e.getValue());
                });
    }

    /** How many services of each type the Multibroker bundles have registered. */
    private static Map<String, Long> multibrokerServices(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] references = context.getAllServiceReferences(null, null);
        return Arrays.stream(references == null ? new ServiceReference<?>[0] : references)
                .filter(r -> r.getBundle() != null && r.getBundle().getSymbolicName().startsWith("io.multibroker."))
                .flatMap(r -> Arrays.stream((String[]) r.getProperty(Constants.OBJECTCLASS)))
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    /** A shell command that failed, with what it printed before. */
    public static final class CommandFailed extends Exception {
        private static final long serialVersionUID = 1L;
        public final String output;

        CommandFailed(String command, String output, Throwable cause) {
            super(command + " failed: " + cause + "\n" + output, cause);
            this.output = output;
        }
    }
}

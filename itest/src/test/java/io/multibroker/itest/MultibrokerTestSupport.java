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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;

/**
 * Boots the real Multibroker assembly (the distribution's archive, as users run it) with its own
 * ports, and runs shell commands in it as a given role.
 */
public abstract class MultibrokerTestSupport {

    @Inject
    protected SessionFactory sessionFactory;

    public static Option[] assembly() {
        String distribution = new File(System.getProperty("multibroker.distribution")).toURI().toString();
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        return new Option[] {
            karafDistributionConfiguration().frameworkUrl(distribution).name("Multibroker").karafVersion("4.4.10")
                    .unpackDirectory(new File("target/exam")).useDeployFolder(false),
            configureConsole().ignoreLocalConsole(),
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
     * once its bundle has registered it: Karaf registers a command only when the services it needs are there, so a
     * command may be missing for a moment after its bundle or a bundle it uses (re)started.
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

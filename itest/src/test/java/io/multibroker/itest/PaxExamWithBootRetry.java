package io.multibroker.itest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.junit.runner.Description;
import org.junit.runner.Runner;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;
import org.junit.runner.notification.RunNotifier;
import org.junit.runners.model.InitializationError;
import org.ops4j.pax.exam.junit.PaxExam;

/**
 * {@link PaxExam}, once more with a new container when the first one could not take the test probe.
 *
 * <p>Karaf's features service swaps its region digraph while it deploys the boot features; a bundle installed
 * in that window belongs to no region and its resolution is refused ("Resolver hook prevented resolution.
 * Unresolved requirements: []"). Pax Exam installs its probe as soon as the container answers, so about one
 * boot in nine fails before any test runs. That failure, and only that one, boots a new container once; a
 * test that fails is reported as it is, never run again. Each new boot is written to {@code target/boot-retries.log}
 * and to the build's output, so that how often Karaf's race happens stays visible.
 *
 * <p>Waiting cannot avoid it from here: Pax Exam installs its probe as soon as the container's remote bundle context
 * answers, and Karaf's boot features deploy in a thread of their own after that (synchronous boot features deadlock
 * the start-level thread, see distribution/pom.xml).
 */
public final class PaxExamWithBootRetry extends Runner {

    private static final int BOOTS = 2;
    private static final String BOOT_RACE = "Resolver hook prevented resolution";

    private final Class<?> testClass;
    private PaxExam delegate;

    public PaxExamWithBootRetry(Class<?> testClass) throws InitializationError {
        this.testClass = testClass;
        this.delegate = new PaxExam(testClass);
    }

    @Override
    public Description getDescription() {
        return delegate.getDescription();
    }

    @Override
    public void run(RunNotifier notifier) {
        for (int boot = 1; boot <= BOOTS; boot++) {
            Forwarder forwarder = new Forwarder(notifier, boot < BOOTS);
            RunNotifier inner = new RunNotifier();
            inner.addListener(forwarder);
            delegate.run(inner);
            if (!forwarder.bootRaceSwallowed) {
                return;
            }
            String line = "[itest] the container of " + testClass.getSimpleName() + " refused the test probe while deploying its "
                    + "features (" + BOOT_RACE + "); booting a new one";
            System.err.println(line);
            recordBootRetry(line);
            try {
                delegate = new PaxExam(testClass);
            } catch (InitializationError e) {
                notifier.fireTestFailure(new Failure(getDescription(), e));
                return;
            }
        }
    }

    private static void recordBootRetry(String line) {
        try {
            Files.writeString(Path.of("target", "boot-retries.log"), Instant.now() + " " + line + System.lineSeparator(),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[itest] cannot record the boot retry: " + e);
        }
    }

    /** Passes every event on, except the boot race before any test ran, while another boot is allowed. */
    private static final class Forwarder extends RunListener {
        private final RunNotifier outer;
        private final boolean mayRetry;
        private boolean anyTestStarted;
        boolean bootRaceSwallowed;

        Forwarder(RunNotifier outer, boolean mayRetry) {
            this.outer = outer;
            this.mayRetry = mayRetry;
        }

        @Override
        public void testStarted(Description description) {
            anyTestStarted = true;
            outer.fireTestStarted(description);
        }

        @Override
        public void testFinished(Description description) {
            outer.fireTestFinished(description);
        }

        @Override
        public void testFailure(Failure failure) {
            if (mayRetry && !anyTestStarted && isBootRace(failure.getException())) {
                bootRaceSwallowed = true;
                return;
            }
            outer.fireTestFailure(failure);
        }

        @Override
        public void testAssumptionFailure(Failure failure) {
            outer.fireTestAssumptionFailed(failure);
        }

        @Override
        public void testIgnored(Description description) {
            outer.fireTestIgnored(description);
        }

        private static boolean isBootRace(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (String.valueOf(cause.getMessage()).contains(BOOT_RACE)) {
                    return true;
                }
            }
            return false;
        }
    }
}

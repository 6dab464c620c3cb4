package io.multibroker.itest;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * The distribution's bin/setenv, as bin/karaf reads it: the heap options it adds for MULTIBROKER_HEAP_MIN and
 * MULTIBROKER_HEAP_MAX, and the start it refuses when they contradict each other. Run by the shell the scripts run in.
 */
public class HeapSettingsIT {

    private static final Path SETENV = Path.of(System.getProperty("multibroker.root", ".."), "distribution", "src", "main",
            "resources", "assembly", "bin", "setenv").toAbsolutePath().normalize();

    /** What sourcing bin/setenv leaves: its exit status, EXTRA_JAVA_OPTS and what it printed on standard error. */
    private record Sourced(int exit, String options, String error) {
    }

    private static Sourced source(Map<String, String> environment) throws Exception {
        return source(environment, 1);
    }

    /** Sourced {@code times} times in one shell, as bin/start and then bin/karaf read it. */
    private static Sourced source(Map<String, String> environment, int times) throws Exception {
        String script = ". \"$1\"; ".repeat(times) + "printf '%s' \"$EXTRA_JAVA_OPTS\"";
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", script, "sh", SETENV.toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().remove("EXTRA_JAVA_OPTS");
        builder.environment().remove("MULTIBROKER_HEAP_MIN");
        builder.environment().remove("MULTIBROKER_HEAP_MAX");
        builder.environment().putAll(environment);
        File error = File.createTempFile("setenv-", ".err");
        error.deleteOnExit();
        Process process = builder.redirectError(error).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        String options = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sourcing " + SETENV + " did not end");
        }
        return new Sourced(process.exitValue(), options, Files.readString(error.toPath()));
    }

    @Test
    public void byDefaultTheHeapStartsAt64MbAndIsBoundedAt1Gb() throws Exception {
        Sourced sourced = source(Map.of());
        assertEquals(sourced.error(), 0, sourced.exit());
        assertThat(sourced.options(), containsString("-Xms64m -Xmx1g"));
        assertThat(sourced.options(), containsString("-XX:MaxHeapFreeRatio=30"));
        assertThat(sourced.options(), containsString("-XX:G1MaxNewSizePercent=20 -XX:GCTimeRatio=4"));
    }

    @Test
    public void sourcedTwiceAsAStartReadsItTheOptionsAreAddedOnce() throws Exception {
        Sourced sourced = source(Map.of(), 2);
        assertEquals(sourced.error(), 0, sourced.exit());
        assertEquals(sourced.options(), "-XX:+UnlockExperimentalVMOptions -XX:G1MaxNewSizePercent=20 -XX:GCTimeRatio=4 "
                + "-XX:G1PeriodicGCInterval=10000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xms64m -Xmx1g ", sourced.options());
    }

    @Test
    public void theCallersOwnYoungGenerationCollectionTimeOrCollectorAreLeftAlone() throws Exception {
        for (String own : new String[] {"-XX:MaxNewSize=64m", "-Xmn48m", "-XX:NewRatio=3", "-XX:GCTimeRatio=9",
                "-XX:+UseParallelGC", "-XX:+UseZGC"}) {
            Sourced sourced = source(Map.of("EXTRA_JAVA_OPTS", own));
            assertEquals(own + ": " + sourced.error(), 0, sourced.exit());
            assertThat(own, sourced.options(), not(containsString("G1MaxNewSizePercent")));
            assertThat(own, sourced.options(), not(containsString("GCTimeRatio=4")));
            assertThat(own, sourced.options(), containsString(own));
            assertThat(own, sourced.options(), containsString("-Xms64m -Xmx1g"));
        }
    }

    @Test
    public void aStartAboveTheDefaultBoundRaisesTheBoundWithIt() throws Exception {
        Sourced sourced = source(Map.of("MULTIBROKER_HEAP_MIN", "2g"));
        assertEquals(sourced.error(), 0, sourced.exit());
        assertThat(sourced.options(), containsString("-Xms2g -Xmx2g"));
    }

    @Test
    public void aStartAboveAGivenBoundIsRefusedNamingBoth() throws Exception {
        Sourced sourced = source(Map.of("MULTIBROKER_HEAP_MIN", "2048m", "MULTIBROKER_HEAP_MAX", "1g"));
        assertEquals(1, sourced.exit());
        assertThat(sourced.error(), containsString("MULTIBROKER_HEAP_MIN=2048m is above MULTIBROKER_HEAP_MAX=1g"));
    }

    @Test
    public void theCallersOwnHeapOptionsAreLeftAlone() throws Exception {
        Sourced sourced = source(Map.of("EXTRA_JAVA_OPTS", "-Xmx3g", "MULTIBROKER_HEAP_MIN", "4g"));
        assertEquals(sourced.error(), 0, sourced.exit());
        assertThat(sourced.options(), not(containsString("-Xms")));
        assertThat(sourced.options(), containsString("-Xmx3g"));
    }
}

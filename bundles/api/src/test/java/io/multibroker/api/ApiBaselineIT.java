package io.multibroker.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.Baseline.Info;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Delta;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * bnd's baseline of the exported API packages: the bundle just built against the last recorded one
 * ({@code baseline/}, renewed by {@code baseline/record}). Every package whose API changed must carry at least the
 * version bnd computes from the change (a removed method or class: the next major; an added one: the next minor), and
 * no exported package may disappear. The bundle version is not checked: it follows the Maven version, which is not
 * bumped per change, and OSGi wires adapters by package version.
 *
 * <p>Run as an integration test because it needs the packaged jar: {@code mvn verify} runs it, after {@code package}.
 */
class ApiBaselineIT {

    @Test
    void everyChangedExportedPackageHasTheVersionItsChangeNeeds() throws Exception {
        File built = existing("api.jar");
        File recorded = existing("api.baseline.jar");
        try (Processor reporter = new Processor();
                Jar newer = new Jar(built);
                Jar older = new Jar(recorded)) {
            Baseline baseline = new Baseline(reporter, new DiffPluginImpl());
            List<Info> packages = new ArrayList<>(baseline.baseline(newer, older, null));
            packages.sort(Comparator.comparing(info -> info.packageName));
            List<String> problems = new ArrayList<>();
            StringBuilder report = new StringBuilder(String.format("%s against the baseline %s%n%n", built, recorded));
            for (Info info : packages) {
                Delta delta = info.packageDiff.getDelta();
                report.append(String.format("%-36s %-9s %-8s -> %-8s needs %s%n", info.packageName, delta,
                        info.olderVersion, info.newerVersion,
                        info.suggestedVersion == null ? "-" : info.suggestedVersion));
                if (info.mismatch) {
                    problems.add(String.format("package %s changed (%s) but its version went from %s to %s; it needs"
                            + " at least %s:%n%s", info.packageName, delta, info.olderVersion, info.newerVersion,
                            info.suggestedVersion, info.reason));
                } else if (delta == Delta.REMOVED) {
                    problems.add(String.format("exported package %s (version %s in the baseline) is gone: every bundle"
                            + " importing it stops resolving", info.packageName, info.olderVersion));
                }
            }
            problems.forEach(problem -> report.append(System.lineSeparator()).append(problem));
            writeReport(report.toString());
            assertTrue(problems.isEmpty(), () -> "bnd baseline of the API: " + String.join("\n", problems));
        }
    }

    private static File existing(String property) {
        String path = System.getProperty(property);
        assertTrue(path != null && new File(path).isFile(), () -> "system property " + property + " = " + path
                + ": must name an existing jar (the build sets it)");
        return new File(path);
    }

    private static void writeReport(String report) throws IOException {
        Path file = Path.of(System.getProperty("api.baseline.report", "target/baseline/report.txt"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.print(report);
    }
}

package io.multibroker.itest;

import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.ops4j.pax.exam.Option;

/**
 * In the test container only: the assembly's boot features become a boot stage of their own, so that the features Pax
 * Exam appends to {@code featuresBoot} ({@code exam}, {@code test-dependencies}) are deployed in a later stage.
 *
 * <p>Why: the boot features install {@code eventadmin}, which exports {@code org.osgi.service.event}, a package that
 * Karaf's features service ({@code org.apache.karaf.features.core}) and Pax Logging import optionally. The first
 * deployment therefore refreshes the features service itself; the refreshed service restarts and deploys the boot
 * features a second time (its boot is not marked done), and each deployment replaces the region digraph. With Pax
 * Exam's bundles in that first deployment, its remote bundle context answered while the restarted service was still
 * loading and swapping digraphs, and the test probe installed then could land outside every region: "Resolver hook
 * prevented resolution. Unresolved requirements: []" (about one boot in nine). In a stage after the boot features,
 * Pax Exam's bundles are deployed by the service that finishes the boot (the restarted one), after its last digraph
 * swap, so the probe can only arrive once the regions are final. The old service's thread still tries the next stage,
 * is refused by its stopped executor, and dies logging it through the refreshed Pax Logging: the container's output
 * shows {@code Exception in thread "Initial Features Provisioning" java.lang.NoClassDefFoundError ... FormattingTriple}
 * once per boot, which is that thread and nothing else. Deploying the boot features synchronously does not help: a fresh container runs them in the features
 * activator's own thread anyway (its mvn: handler is not there yet at start level 15), and when they do run in the
 * start-level thread, refreshing the features service from its own start deadlocks (see distribution/pom.xml).
 */
final class ExamFeaturesLastStage {

    static final String FEATURES_CFG = "etc/org.apache.karaf.features.cfg";
    static final String FEATURES_BOOT = "featuresBoot";

    private ExamFeaturesLastStage() {
    }

    /** The option that rewrites {@code featuresBoot} of the given assembly archive (a .tar.gz) for the test container. */
    static Option in(Path distribution) {
        return editConfigurationFilePut(FEATURES_CFG, FEATURES_BOOT, staged(featuresBoot(distribution), distribution));
    }

    /**
     * {@code featuresBoot} with its features after the last stage (all of them when there are no stages) put in a stage
     * of their own, so that whatever Pax Exam appends starts a new stage; already ending with a stage, it stays as is.
     */
    static String staged(String featuresBoot, Path source) {
        String value = featuresBoot.strip();
        int lastStageEnd = value.lastIndexOf(')');
        String stages = value.substring(0, lastStageEnd + 1).strip();
        String rest = value.substring(lastStageEnd + 1).replaceAll("^[\\s,]+|[\\s,]+$", "");
        if (rest.isEmpty()) {
            if (stages.isEmpty()) {
                throw new IllegalStateException(FEATURES_BOOT + " in " + FEATURES_CFG + " of " + source
                        + " is empty: the assembly under test must boot its features");
            }
            return stages;
        }
        return (stages.isEmpty() ? "" : stages + ", ") + "(" + rest + ")";
    }

    private static String featuresBoot(Path distribution) {
        try (InputStream file = Files.newInputStream(distribution);
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().endsWith("/" + FEATURES_CFG)) {
                    Properties properties = new Properties();
                    properties.load(tar);
                    String value = properties.getProperty(FEATURES_BOOT);
                    if (value == null) {
                        throw new IllegalStateException(entry.getName() + " in " + distribution + " has no " + FEATURES_BOOT);
                    }
                    return value;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FEATURES_CFG + " from " + distribution, e);
        }
        throw new IllegalStateException(distribution + " has no " + FEATURES_CFG);
    }
}

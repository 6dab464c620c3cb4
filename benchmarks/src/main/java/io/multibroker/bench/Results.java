package io.multibroker.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * The machine-readable results of the benchmark programs that are not JMH: one JSON document a program, written to the
 * path run.sh gives it, which {@code benchmarks/report.py} renders into BENCHMARKS.md beside the baselines.
 */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Results() {
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** A latency distribution recorded in nanoseconds, as microseconds: p50, p90, p99, p99.9, max and the count. */
    public static ObjectNode latencyMicros(Histogram nanos) {
        ObjectNode node = object();
        node.put("count", nanos.getTotalCount());
        node.put("p50Micros", nanos.getValueAtPercentile(50) / 1e3);
        node.put("p90Micros", nanos.getValueAtPercentile(90) / 1e3);
        node.put("p99Micros", nanos.getValueAtPercentile(99) / 1e3);
        node.put("p999Micros", nanos.getValueAtPercentile(99.9) / 1e3);
        node.put("maxMicros", nanos.getMaxValue() / 1e3);
        return node;
    }

    /** Writes the document when the program was given a path (its first free argument), pretty-printed. */
    public static void write(String path, ObjectNode document) throws IOException {
        if (path != null) {
            JSON.writerWithDefaultPrettyPrinter().writeValue(new File(path), document);
        }
    }
}

package io.multibroker.quality;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.multibroker.api.model.OrderSide;
import io.multibroker.bench.Results;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory a pending markout holds, measured with JOL on the objects themselves (not a timed test): at 10,000 orders a
 * minute about 10,000 fills wait for their 60 s markout at any time. Each fill is queued once per horizon; its client
 * order id and fill price are its own, the account, side, pip and the reference history shared. Prints one line of JSON, and writes it to the file given as the first argument when there is one:
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.multibroker.quality.PendingMarkoutMemory [out.json]</pre>
 */
public final class PendingMarkoutMemory {

    /** The bound a runtime sets by default ({@code max.pending}). */
    private static final int MAX_PENDING = 100_000;

    private PendingMarkoutMemory() {
    }

    public static void main(String[] args) throws IOException {
        // JOL reads field offsets through Unsafe, which refuses records on JDK 17; its own fallback finds them otherwise
        System.setProperty("jol.magicFieldOffset", "true");
        int fills = 10_000;
        QuoteHistory history = new QuoteHistory("EUR_USD at bench", 4096);
        QualityBench.quote(history, Instant.now());
        PendingMarkouts pending = new PendingMarkouts(MAX_PENDING);
        Instant start = Instant.now();
        for (int i = 0; i < fills; i++) {
            // a distinct price and id per fill, as an event carries them; 6 ms apart, as 10,000 a minute are
            pending.add(new PendingMarkouts.Pending("paper-fast", "client-order-" + (1_000_000 + i), OrderSide.BUY,
                    new BigDecimal("1.0851" + (i % 10)), QualityBench.PIP, start.plusMillis(6L * i), history));
        }
        long withFills = GraphLayout.parseInstance(pending).totalSize();
        long shared = GraphLayout.parseInstance(history, QualityBench.PIP, "paper-fast").totalSize();
        long empty = GraphLayout.parseInstance(new PendingMarkouts(MAX_PENDING)).totalSize();
        double perFill = (double) (withFills - shared - empty) / fills;
        ObjectNode result = Results.object();
        result.put("fills", fills);
        result.put("bytesPerPendingFill", perFill);
        result.put("totalKiB", (withFills - shared - empty) / 1024.0);
        result.put("maxPending", MAX_PENDING);
        System.out.println(result);
        Results.write(args.length > 0 ? args[0] : null, result);
    }
}

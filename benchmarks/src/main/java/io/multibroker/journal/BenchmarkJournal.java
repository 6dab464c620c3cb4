package io.multibroker.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.journal.OrderJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/** The order journal as the runtime makes it (the embedded H2 file, flushed per commit), for benchmarks and measurements. */
public final class BenchmarkJournal {

    private BenchmarkJournal() {
    }

    /** A journal on an embedded H2 file at {@code file} (without its .mv.db), with the default timings. */
    public static OrderJournal open(Path file, Function<String, Optional<BrokerAdapter>> adapters) {
        DataSource embedded = OrderJournalImpl.embedded(file.toAbsolutePath().toString());
        return new OrderJournalImpl(embedded, true, new Settings(Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(15)), adapters, Clock.systemUTC());
    }

    public static void close(OrderJournal journal) throws InterruptedException {
        ((OrderJournalImpl) journal).close();
    }

    public static long entryCount(OrderJournal journal) {
        return ((OrderJournalImpl) journal).entryCount();
    }
}

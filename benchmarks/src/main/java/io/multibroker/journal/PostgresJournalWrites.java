package io.multibroker.journal;

import io.multibroker.api.journal.OrderJournal;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Order journals on a shared PostgreSQL, as runtimes make them, for {@code PostgresStoreMeasurement}. */
public final class PostgresJournalWrites {

    private PostgresJournalWrites() {
    }

    public static OrderJournal open(DataSource dataSource) {
        return new OrderJournalImpl(dataSource, false, new Settings(Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(15)), account -> Optional.empty(), Clock.systemUTC());
    }

    public static void close(OrderJournal journal) throws InterruptedException {
        ((OrderJournalImpl) journal).close();
    }
}

package io.multibroker.journal;

import io.multibroker.api.BrokerAdapter;
import io.multibroker.api.model.OrderEvent;
import io.multibroker.api.model.OrderSide;
import io.multibroker.api.model.UnifiedOrder;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;

/** A journal on an H2 file in a test's directory (or on a DataSource given), with fake brokers for its background checks. */
final class JournalFixture implements AutoCloseable {

    static final Settings FAST = new Settings(Duration.ofHours(1), Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    final Map<String, BrokerAdapter> brokers = new ConcurrentHashMap<>();
    final DataSource dataSource;
    final OrderJournalImpl journal;
    final List<OrderEvent> published = new CopyOnWriteArrayList<>();

    JournalFixture(Path directory, Settings settings) {
        this(JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("journal").toAbsolutePath() + ";WRITE_DELAY=0", "", ""),
                settings);
    }

    /** A journal on any database (PostgreSQL in its tests). */
    JournalFixture(DataSource dataSource, Settings settings) {
        this.dataSource = dataSource;
        journal = new OrderJournalImpl(dataSource, false, settings, account -> Optional.ofNullable(brokers.get(account)), Clock.systemUTC());
        journal.events().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(OrderEvent item) {
                published.add(item);
            }

            @Override
            public void onError(Throwable throwable) {
                // the test sees no more events
            }

            @Override
            public void onComplete() {
                // the journal closed
            }
        });
    }

    static UnifiedOrder limit(String clientOrderId, String price) {
        return UnifiedOrder.limit("EUR_USD", OrderSide.BUY, new BigDecimal("1000"), new BigDecimal(price)).clientOrderId(clientOrderId).build();
    }

    @Override
    public void close() throws Exception {
        journal.close();
        if (dataSource instanceof JdbcConnectionPool pool) {
            pool.dispose();
        }
    }
}

package io.multibroker.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.multibroker.api.model.OrderSide;
import io.multibroker.api.quality.Figure;
import io.multibroker.api.quality.FillQuality;
import io.multibroker.api.quality.Markout;
import io.multibroker.api.quality.MarkoutHorizon;
import io.multibroker.api.quality.MarkoutState;
import io.multibroker.api.quality.QualityQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fill_quality table: what is written reads back as it was, filters select, and a large read is handed on in pages. */
class FillQualityStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-30T09:00:00Z");
    private final JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:fill-quality-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "", "");
    private final FillQualityStore store = new FillQualityStore(pool);

    @AfterEach
    void close() {
        pool.dispose();
    }

    private static FillQuality fill(String account, int i, String experiment, boolean shadow) {
        List<Markout> markouts = List.of(new Markout(MarkoutHorizon.ONE_SECOND, MarkoutState.MEASURED, new BigDecimal("1.10010"),
                new Figure(new BigDecimal("0.500000"), new BigDecimal("0.454525"))), Markout.pending(MarkoutHorizon.FIVE_SECONDS),
                new Markout(MarkoutHorizon.ONE_MINUTE, MarkoutState.GAP, null, null));
        return new FillQuality(account, "c-" + i, "b-" + i, "EUR_USD", OrderSide.SELL, new BigDecimal("1000"), new BigDecimal("1.10005"),
                T0, T0.plusMillis(i), account, experiment, experiment == null ? null : account, false, new BigDecimal("1.09995"),
                new BigDecimal("1.10005"), new BigDecimal("1.10000"), new Figure(new BigDecimal("-1.000000"), new BigDecimal("-0.909091")),
                new Figure(new BigDecimal("1.000000"), new BigDecimal("0.909091")), new BigDecimal("-1.000000"), new Figure(new BigDecimal("1.000000"),
                        new BigDecimal("0.909091")), markouts, null, shadow);
    }

    @Test
    void aRowReadsBackAsItWasWritten() throws Exception {
        FillQuality written = fill("a", 1, "demo", false);
        store.insert(List.of(written), T0);
        FillQuality read = store.fills(QualityQuery.all()).get(0);
        // prices and units come back equal in value; the columns' fixed scale is not the one they were written with
        for (BigDecimal[] pair : new BigDecimal[][] {{written.fillPrice(), read.fillPrice()}, {written.units(), read.units()},
                {written.bid(), read.bid()}, {written.ask(), read.ask()}, {written.arrivalMid(), read.arrivalMid()},
                {written.markouts().get(0).mid(), read.markouts().get(0).mid()}}) {
            assertEquals(0, pair[0].compareTo(pair[1]), pair[0] + " read as " + pair[1]);
        }
        // the figures, written at their six decimals, come back exactly; so does everything else
        assertEquals(written.effectiveSpread(), read.effectiveSpread());
        assertEquals(written.quotedSpread(), read.quotedSpread());
        assertEquals(written.priceImprovement(), read.priceImprovement());
        assertEquals(written.effectiveOverQuoted(), read.effectiveOverQuoted());
        assertEquals(written.markouts().get(0).value(), read.markouts().get(0).value());
        assertEquals(written.markouts().stream().map(Markout::state).toList(), read.markouts().stream().map(Markout::state).toList());
        assertEquals(List.of(written.accountId(), written.clientOrderId(), written.brokerOrderId(), written.instrument(), written.side(),
                written.submittedAt(), written.filledAt(), written.referenceAccount(), written.experiment(), written.arm(), written.override(),
                written.shadow()), List.of(read.accountId(), read.clientOrderId(), read.brokerOrderId(), read.instrument(), read.side(),
                read.submittedAt(), read.filledAt(), read.referenceAccount(), read.experiment(), read.arm(), read.override(), read.shadow()));
    }

    @Test
    void everyFillOfALargeExperimentIsHandedOnOnceInOrder() throws Exception {
        List<FillQuality> rows = new ArrayList<>();
        for (int i = 0; i < 10_050; i++) {
            rows.add(fill("a", i, i % 2 == 0 ? "demo" : "other", false));
        }
        rows.add(fill("shadow", 0, "demo", true));
        store.insert(rows, T0);
        List<String> seen = new ArrayList<>();
        store.forEach(new QualityQuery(null, null, "demo", null, 0), fill -> seen.add(fill.accountId() + "/" + fill.clientOrderId()));
        // 5,025 fills of the experiment over two pages, then its shadow's row
        assertEquals(5_026, seen.size());
        assertEquals("a/c-0", seen.get(0));
        assertEquals("a/c-10048", seen.get(5_024));
        assertEquals("shadow/c-0", seen.get(5_025));
        List<String> all = new ArrayList<>();
        store.forEach(QualityQuery.all(), fill -> all.add(fill.clientOrderId()));
        assertEquals(10_050, all.size(), "without an experiment, shadow rows are no fills");
        assertEquals(1, store.fills(new QualityQuery("shadow", null, "demo", null, 0)).size(), "the shadow row is kept for its experiment");
    }
}

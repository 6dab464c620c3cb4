package io.multibroker.risk;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each account's daily-loss baseline (the net asset value at the start of its trading day, and that start), kept across
 * restarts in {@code risk-daily.properties} beside the trading states: without it, a restart in the middle of a day would
 * take the value after the restart as the day's start and forget the loss made before it.
 */
final class DailyBaselines {

    /** The net asset value an account's trading day started from. */
    record Baseline(Instant dayStart, BigDecimal value) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DailyBaselines.class);
    private static final String DAY_START = ".day.start";
    private static final String VALUE = ".value";

    private final Path file;
    private final Map<String, Baseline> baselines = new HashMap<>();

    DailyBaselines(Path directory) {
        this.file = directory.resolve("risk-daily.properties");
        load();
    }

    /** The account's kept baseline, or null. */
    synchronized Baseline of(String accountId) {
        return baselines.get(accountId);
    }

    /** Keeps the account's baseline for its day; a failure to write is logged (the baseline still holds in this run). */
    synchronized void keep(String accountId, Baseline baseline) {
        baselines.put(accountId, baseline);
        Properties stored = new Properties();
        baselines.forEach((account, kept) -> {
            stored.setProperty(account + DAY_START, kept.dayStart().toString());
            stored.setProperty(account + VALUE, kept.value().toPlainString());
        });
        try {
            StoredProperties.write(file, stored, "Multibroker daily-loss baselines (net asset value at the start of each account's "
                    + "trading day); written by the risk bundle");
        } catch (IOException e) {
            LOG.error("risk: the daily-loss baseline of {} could not be kept in {} ({}): a restart today would measure the loss "
                    + "from the first value read after it", accountId, file, e.toString());
        }
    }

    private void load() {
        Properties stored;
        try {
            stored = StoredProperties.read(file);
        } catch (IOException e) {
            LOG.error("risk: the daily-loss baselines in {} cannot be read ({}): each account's day starts at its next summary", file,
                    e.toString());
            return;
        }
        for (String key : stored.stringPropertyNames()) {
            if (!key.endsWith(VALUE)) {
                continue;
            }
            String account = key.substring(0, key.length() - VALUE.length());
            try {
                baselines.put(account, new Baseline(Instant.parse(stored.getProperty(account + DAY_START)),
                        new BigDecimal(stored.getProperty(key))));
            } catch (RuntimeException e) {
                LOG.error("risk: the daily-loss baseline of {} in {} cannot be read ({}): its day starts at its next summary", account,
                        file, e.toString());
            }
        }
    }
}

package io.multibroker.registry;

import io.multibroker.api.error.ErrorCode;
import io.multibroker.api.error.ErrorDetail;
import io.multibroker.api.error.ErrorSummary;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error that came out of an adapter, newest last, in a bounded buffer: counted by account and
 * code over any window that the buffer still covers. Each error is also logged with its full context,
 * so that the log keeps what the buffer forgets.
 */
final class ErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.multibroker.errors");

    record Entry(Instant at, String accountId, String operation, ErrorDetail error) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();

    ErrorLog(int capacity) {
        this.capacity = capacity;
    }

    void record(String accountId, String operation, ErrorDetail error, Instant at) {
        LOG.warn("broker error: account={} operation={} code={} category={} brokerCode={} context=[{}] message={}", accountId,
                operation, error.code(), error.category(), error.brokerCode(), error.context(), error.message());
        synchronized (entries) {
            entries.addLast(new Entry(at, accountId, operation, error));
            if (entries.size() > capacity) {
                entries.removeFirst();
            }
        }
    }

    /** Counts since the given time, by account then code, with the latest error of each. */
    List<ErrorSummary> summarize(Instant since) {
        record Key(String account, ErrorCode code) {
        }
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, Entry> latest = new LinkedHashMap<>();
        synchronized (entries) {
            for (Entry entry : entries) {
                if (entry.at().isBefore(since)) {
                    continue;
                }
                Key key = new Key(entry.accountId(), entry.error().code());
                counts.computeIfAbsent(key, k -> new long[1])[0]++;
                latest.put(key, entry);
            }
        }
        List<ErrorSummary> summaries = new ArrayList<>();
        counts.forEach((key, count) -> {
            Entry last = latest.get(key);
            summaries.add(new ErrorSummary(key.account(), key.code(), count[0], last.at(), last.operation(), last.error()));
        });
        summaries.sort(Comparator.comparing(ErrorSummary::accountId).thenComparing(s -> -s.count()));
        return summaries;
    }
}

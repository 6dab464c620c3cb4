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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error that came out of an adapter, newest last, in a bounded buffer: counted by account and
 * code over any window that the buffer still covers. Each error is also logged with its full context,
 * so that the log keeps what the buffer forgets. When a shared {@link RegistryHistory} is bound, each error is also queued
 * for it and counts are taken from it, so that every runtime on one database counts the same errors.
 */
final class ErrorLog {

    private static final Logger LOG = LoggerFactory.getLogger("io.multibroker.errors");

    private final int capacity;
    private final Deque<RecordedError> entries = new ArrayDeque<>();
    /** The shared history when one is bound: written to in the background, read instead of this runtime's buffer. */
    private final Supplier<RegistryHistory> shared;

    ErrorLog(int capacity) {
        this(capacity, () -> null);
    }

    ErrorLog(int capacity, Supplier<RegistryHistory> shared) {
        this.capacity = capacity;
        this.shared = shared;
    }

    void record(String accountId, String operation, ErrorDetail error, Instant at) {
        LOG.warn("broker error: account={} operation={} code={} category={} brokerCode={} context=[{}] message={}", accountId,
                operation, error.code(), error.category(), error.brokerCode(), error.context(), error.message());
        RecordedError entry = new RecordedError(at, accountId, operation, error);
        synchronized (entries) {
            entries.addLast(entry);
            if (entries.size() > capacity) {
                entries.removeFirst();
            }
        }
        RegistryHistory history = shared.get();
        if (history != null) {
            history.failed(entry);
        }
    }

    /** Counts since the given time, by account then code, with the latest error of each. */
    List<ErrorSummary> summarize(Instant since) {
        RegistryHistory history = shared.get();
        if (history != null) {
            return summarize(history.errorsSince(since), since);
        }
        List<RecordedError> kept;
        synchronized (entries) {
            kept = List.copyOf(entries);
        }
        return summarize(kept, since);
    }

    private static List<ErrorSummary> summarize(List<RecordedError> entries, Instant since) {
        record Key(String account, ErrorCode code) {
        }
        Map<Key, long[]> counts = new LinkedHashMap<>();
        Map<Key, RecordedError> latest = new LinkedHashMap<>();
        for (RecordedError entry : entries) {
            if (entry.at().isBefore(since)) {
                continue;
            }
            Key key = new Key(entry.accountId(), entry.error().code());
            counts.computeIfAbsent(key, k -> new long[1])[0]++;
            latest.put(key, entry);
        }
        List<ErrorSummary> summaries = new ArrayList<>();
        counts.forEach((key, count) -> {
            RecordedError last = latest.get(key);
            summaries.add(new ErrorSummary(key.account(), key.code(), count[0], last.at(), last.operation(), last.error()));
        });
        summaries.sort(Comparator.comparing(ErrorSummary::accountId).thenComparing(s -> -s.count()));
        return summaries;
    }
}

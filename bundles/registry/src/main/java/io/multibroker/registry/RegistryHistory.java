package io.multibroker.registry;

import io.multibroker.api.capability.CapabilityChange;
import java.time.Instant;
import java.util.List;

/**
 * Where the registry's capability changes and errors are kept beyond its own memory: a database that every runtime on
 * it shares, so that broker:capabilities and broker:errors answer the same on each. Recording never waits for the
 * database (an error is recorded on the order path); reading does.
 */
public interface RegistryHistory {

    /** Queues the change for writing; returns at once, whatever the database does. */
    void changed(CapabilityChange change);

    /** Queues the error for writing; returns at once, whatever the database does. */
    void failed(RecordedError error);

    /** The account's latest changes seen by any runtime, oldest first, at most as many as are kept per account. */
    List<CapabilityChange> changes(String accountId);

    /** The errors seen by any runtime since the given time, oldest first, at most as many as are kept. */
    List<RecordedError> errorsSince(Instant since);
}

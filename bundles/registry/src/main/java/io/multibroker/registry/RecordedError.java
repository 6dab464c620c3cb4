package io.multibroker.registry;

import io.multibroker.api.error.ErrorDetail;
import java.time.Instant;

/** An error that came out of an adapter, as the registry keeps it: when, on which account, in which call. */
public record RecordedError(Instant at, String accountId, String operation, ErrorDetail error) {
}

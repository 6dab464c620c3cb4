package io.multibroker.api.risk;

import java.util.List;

/**
 * What a halt did.
 *
 * @param accounts the accounts now halted (every account for a global halt)
 * @param cancelled the open orders cancelled (with {@code cancelOpen})
 * @param closed the positions closed (with {@code flatten}), one line each
 * @param failures what could not be done, in words (an account without open-order listing, a cancel refused, ...)
 */
public record HaltReport(List<String> accounts, List<String> cancelled, List<String> closed, List<String> failures) {

    public HaltReport {
        accounts = List.copyOf(accounts);
        cancelled = List.copyOf(cancelled);
        closed = List.copyOf(closed);
        failures = List.copyOf(failures);
    }
}

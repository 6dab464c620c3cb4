package io.multibroker.api.quality;

/** Where a fill's markout at one horizon stands. */
public enum MarkoutState {
    /** The horizon has not passed yet (or not long enough for the reference prices of that moment to be known). */
    PENDING,
    /** Taken from the reference mid at the horizon. */
    MEASURED,
    /**
     * Not taken: the reference stream had a gap at the horizon (interrupted, or no price fresh enough), so any value
     * would be a guess.
     */
    GAP,
    /** Not taken: the runtime stopped, or too many markouts were pending, before the horizon was reached. */
    SKIPPED
}

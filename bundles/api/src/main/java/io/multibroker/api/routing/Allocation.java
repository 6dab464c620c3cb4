package io.multibroker.api.routing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How an experiment splits its orders between arms. */
public enum Allocation {
    /** By the configured weights. */
    FIXED("fixed"),
    /** A Thompson-sampling bandit on the primary metric, every arm keeping at least its floor. */
    THOMPSON("thompson");

    private final String id;

    Allocation(String id) {
        this.id = id;
    }

    /** How configurations and the HTTP API write it. */
    public String id() {
        return id;
    }

    /** The allocation written as {@code id}, or an error naming the ones there are. */
    public static Allocation of(String id) {
        return Arrays.stream(values()).filter(allocation -> allocation.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no allocation '" + id + "' (allocations: "
                        + Arrays.stream(values()).map(Allocation::id).collect(Collectors.joining(", ")) + ")"));
    }
}

package io.multibroker.api.quality;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** How long after a fill its markout is taken. */
public enum MarkoutHorizon {
    ONE_SECOND("1s", Duration.ofSeconds(1)),
    FIVE_SECONDS("5s", Duration.ofSeconds(5)),
    ONE_MINUTE("60s", Duration.ofSeconds(60));

    private final String id;
    private final Duration after;

    MarkoutHorizon(String id, Duration after) {
        this.id = id;
        this.after = after;
    }

    /** How reports, the console and the HTTP API write it: {@code 1s}, {@code 5s}, {@code 60s}. */
    public String id() {
        return id;
    }

    public Duration after() {
        return after;
    }

    public static Optional<MarkoutHorizon> byId(String id) {
        return Arrays.stream(values()).filter(horizon -> horizon.id.equals(id)).findFirst();
    }
}

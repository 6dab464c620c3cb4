package io.multibroker.http;

import java.util.Locale;

/**
 * What an API token may do. Each role includes the ones below it: a viewer reads, a trader also places, cancels and
 * replaces orders, an admin also changes experiments and administers tokens. The shell's ACLs know viewer and admin;
 * trader is the HTTP API's own, for a trading application that must not be able to change the runtime.
 */
public enum Role {
    VIEWER, TRADER, ADMIN;

    /** Whether a token of this role may do what {@code needed} may. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role by its name in any case, or an IllegalArgumentException naming the allowed ones. */
    public static Role of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("role " + name + " is not one of viewer, trader, admin");
        }
    }
}

package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * State of the marketing consent. {@code pending} waits for a double opt-in confirmation;
 * {@code none} means no checkbox was ticked, which is not the same as a withdrawal.
 */
public enum ConsentStatus {
    NONE,
    PENDING,
    GRANTED,
    CONFIRMED,
    WITHDRAWN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConsentStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Rank used when merging: a later submission never silently lowers what the person already gave. */
    int strength() {
        return switch (this) {
            case NONE -> 0;
            case PENDING -> 1;
            case GRANTED -> 2;
            case CONFIRMED -> 3;
            case WITHDRAWN -> -1;
        };
    }
}

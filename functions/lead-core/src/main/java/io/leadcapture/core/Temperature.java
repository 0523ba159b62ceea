package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How close a lead is to buying, from its score: the single definition lives in scoring.yaml. */
public enum Temperature {
    COLD,
    WARM,
    HOT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Temperature fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Inbound: the person came to us. Outbound: we came to them (target lists, trade-fair contacts). */
public enum Direction {
    INBOUND,
    OUTBOUND;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Direction fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

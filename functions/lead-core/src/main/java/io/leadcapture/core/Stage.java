package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a lead stands between marketing and sales. {@code lead} → {@code MQL} is automatic (scoring);
 * every later stage is set by sales.
 */
public enum Stage {
    LEAD("lead"),
    MQL("MQL"),
    SQL("SQL"),
    OPPORTUNITY("opportunity"),
    CUSTOMER("customer"),
    DISQUALIFIED("disqualified");

    private final String wire;

    Stage(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static Stage fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown stage: " + value));
    }

    public static Optional<Stage> parse(String value) {
        return value == null ? Optional.empty()
                : Arrays.stream(values()).filter(s -> s.wire.equalsIgnoreCase(value.trim())).findFirst();
    }
}

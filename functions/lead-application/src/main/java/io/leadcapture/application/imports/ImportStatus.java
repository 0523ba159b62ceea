package io.leadcapture.application.imports;

import java.util.Locale;

/** Where an import stands. */
public enum ImportStatus {
    /** Rows remain; the next request or invocation for the same file carries on from the checkpoint. */
    RUNNING,
    COMPLETED,
    /** {@code DELETE /imports/{id}} started; repeating it carries on. */
    REVERTING,
    REVERTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportStatus fromWireName(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

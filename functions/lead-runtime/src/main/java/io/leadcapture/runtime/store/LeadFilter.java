package io.leadcapture.runtime.store;

import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Instant;
import java.util.Locale;

/**
 * The filters of a lead list or export; every one optional, all of them combined. {@code source} and
 * {@code owner} are compared lower-cased; {@code from} (inclusive) and {@code to} (exclusive) bound
 * {@code createdAt} to the second.
 */
public record LeadFilter(Stage stage, Temperature temperature, String source, String owner, Instant from, Instant to) {
    public static final LeadFilter NONE = new LeadFilter(null, null, null, null, null, null);

    public LeadFilter {
        source = lower(source);
        owner = lower(owner);
    }

    /** The filter as one stable string: a cursor is bound to it. */
    String canonical() {
        return String.join("\u0000", String.valueOf(stage == null ? null : stage.wireName()),
                String.valueOf(temperature == null ? null : temperature.wireName()), String.valueOf(source),
                String.valueOf(owner), String.valueOf(from), String.valueOf(to));
    }

    private static String lower(String v) {
        return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
    }
}

package io.leadcapture.runtime.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC timestamps: they sort as strings, which sort keys rely on. */
final class Times {
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String sortable(Instant t) {
        return SORTABLE.format(t);
    }

    static Instant parse(String s) {
        return s == null ? null : Instant.parse(s);
    }
}

package io.leadcapture.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Country input (code or English/German name, any case) to ISO 3166-1 alpha-2.
 *
 * <p>The names come from {@code country-names.tsv}, the JDK's English and German display names
 * written out once (see {@code CountriesTest}): asking the JDK for them at start-up loads its locale
 * data for every country, a noticeable part of a cold start.
 */
public final class Countries {
    static final String TABLE = "country-names.tsv";
    private static final Map<String, String> BY_NAME = load();
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    static {
        // Common spellings that differ from the JDK's display names.
        BY_NAME.put(key("UK"), "GB");
        BY_NAME.put(key("England"), "GB");
        BY_NAME.put(key("Great Britain"), "GB");
        BY_NAME.put(key("Grossbritannien"), "GB");
        BY_NAME.put(key("USA"), "US");
        BY_NAME.put(key("United States of America"), "US");
        BY_NAME.put(key("Vereinigte Staaten von Amerika"), "US");
        BY_NAME.put(key("Holland"), "NL");
    }

    private Countries() {
    }

    public static Optional<String> toIsoAlpha2(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.length() == 2 && CODES.contains(raw)) {
            return Optional.of(raw); // already an upper-case ISO code, the usual case
        }
        return Optional.ofNullable(BY_NAME.get(key(raw)));
    }

    /** The lookup key of a code or name: trimmed, NFC, ß as ss, lower case. */
    static String key(String s) {
        return Text.nfc(s.strip()).replace("ß", "ss").toLowerCase(Locale.ROOT);
    }

    /** The table's "key TAB code" lines; {@code #} starts a comment line. */
    private static Map<String, String> load() {
        try (InputStream in = Countries.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " missing from the classpath");
            }
            Map<String, String> byName = new HashMap<>(2048);
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isEmpty() && l.charAt(0) != '#')
                    .forEach(l -> {
                        int tab = l.indexOf('\t');
                        byName.put(l.substring(0, tab), l.substring(tab + 1));
                    });
            return byName;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.leadcapture.core;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Country input (code or English/German name, any case) to ISO 3166-1 alpha-2. */
public final class Countries {
    private static final Map<String, String> BY_NAME = new HashMap<>();
    private static final Set<String> CODES = Set.of(Locale.getISOCountries());

    static {
        for (String code : Locale.getISOCountries()) {
            Locale l = Locale.of("", code);
            BY_NAME.put(key(code), code);
            BY_NAME.put(key(l.getISO3Country()), code);
            BY_NAME.put(key(l.getDisplayCountry(Locale.ENGLISH)), code);
            BY_NAME.put(key(l.getDisplayCountry(Locale.GERMAN)), code);
        }
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

    private static String key(String s) {
        return Normalizer.normalize(s.strip(), Normalizer.Form.NFC).replace("ß", "ss").toLowerCase(Locale.ROOT);
    }
}

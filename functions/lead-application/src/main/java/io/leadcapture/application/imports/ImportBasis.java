package io.leadcapture.application.imports;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The legal basis an import names for contacting the people on its list (docs/forms.md#imports).
 * None of them lets an import send a mail by itself; only {@link #CONSENT}, with an evidence
 * reference and a column saying the person granted it, records marketing consent.
 */
public enum ImportBasis {
    /** The list owner holds each person's consent: recorded as granted where the row says so and names its evidence. */
    CONSENT,
    /** Art. 6(1)(f) GDPR, e.g. a business card handed over at a trade fair: no marketing consent. */
    LEGITIMATE_INTEREST,
    /** An existing customer relationship: no marketing consent. */
    CONTRACT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ImportBasis> parse(String value) {
        return value == null ? Optional.empty()
                : Arrays.stream(values()).filter(b -> b.wireName().equals(value.strip())).findFirst();
    }
}

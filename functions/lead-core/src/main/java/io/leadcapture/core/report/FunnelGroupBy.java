package io.leadcapture.core.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a funnel report groups leads by; each is taken from the lead's first touch. */
public enum FunnelGroupBy {
    /** {@code utm_source} of the first touch, else its channel. */
    SOURCE,
    /** The first touch's channel ({@code web_form}, {@code zoom}, {@code meta}, …). */
    CHANNEL,
    /** The form of the first touch. */
    FORM,
    /** {@code utm_campaign} of the first touch. */
    CAMPAIGN;

    /** The value a lead without one is counted under. */
    public static final String NONE = "(none)";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<FunnelGroupBy> fromWireName(String s) {
        return Arrays.stream(values()).filter(g -> g.wireName().equals(s)).findFirst();
    }
}

package io.leadcapture.runtime;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.util.Locale;

/** Required and optional configuration from the function's environment. */
public final class Env {
    private Env() {
    }

    public static String required(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return v;
    }

    public static String optional(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /**
     * {@code DEFAULT_PHONE_REGION} (default {@code DE}): the region of phone numbers given without
     * {@code +country}, where a channel's rules name none. One that libphonenumber does not know
     * fails the start, not every request.
     */
    public static String phoneRegion() {
        return phoneRegion(optional("DEFAULT_PHONE_REGION", "DE"));
    }

    /** A phone region as an upper-case ISO code, validated. */
    public static String phoneRegion(String value) {
        String region = value.strip().toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("DEFAULT_PHONE_REGION " + value + " is not a phone region");
        }
        return region;
    }
}

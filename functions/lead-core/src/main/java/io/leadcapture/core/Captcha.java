package io.leadcapture.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A form's bot check ({@code captcha} and {@code captchaUnavailable} in forms.yaml): the provider
 * whose widget the page embeds, the action the widget must have been rendered with (none: any), and
 * what a post gets when the provider cannot be asked.
 */
public record Captcha(Provider provider, String action, WhenUnavailable whenUnavailable) {

    public Captcha {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(whenUnavailable, "whenUnavailable");
        action = action == null || action.isBlank() ? null : action;
    }

    /** The providers that share the siteverify protocol, each with the field its widget posts the token in. */
    public enum Provider {
        TURNSTILE("cf-turnstile-response"),
        RECAPTCHA("g-recaptcha-response"),
        HCAPTCHA("h-captcha-response");

        private final String tokenField;

        Provider(String tokenField) {
            this.tokenField = tokenField;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public String tokenField() {
            return tokenField;
        }

        public static Optional<Provider> parse(String value) {
            return Arrays.stream(values()).filter(p -> p.wireName().equals(value)).findFirst();
        }

        /** A provider's token field: proof for one check, never an answer to keep (on any form). */
        public static boolean isTokenField(String fieldName) {
            return Arrays.stream(values()).anyMatch(p -> p.tokenField.equals(fieldName));
        }
    }

    /** {@code captchaUnavailable}: refuse the post (503, try again) or store it unchecked. */
    public enum WhenUnavailable {
        REJECT,
        ACCEPT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<WhenUnavailable> parse(String value) {
            return Arrays.stream(values()).filter(w -> w.wireName().equals(value)).findFirst();
        }
    }
}

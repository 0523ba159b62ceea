package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a person did when they showed interest; the vocabulary shared by every channel. */
public enum InteractionType {
    CONTACT_FORM,
    NEWSLETTER_SIGNUP,
    WHITEPAPER_DOWNLOAD,
    DEMO_REQUEST,
    CALLBACK_REQUEST,
    QUIZ,
    SWEEPSTAKE,
    WEBINAR_REGISTRATION,
    WEBINAR_ATTENDED,
    AD_LEAD,
    DIRECT_CONTACT,
    EVENT_CONTACT,
    OUTBOUND_IMPORT,
    /** Followed a link in a nurture mail we sent: content consumed (docs/notifications.md, "Nurture sequences"). */
    CONTENT_CLICK;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static InteractionType fromWireName(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown interaction type: " + value));
    }

    public static Optional<InteractionType> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.wireName().equals(value.trim().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** Outbound contacts came from our own lists; everything else is a person coming to us. */
    public Direction defaultDirection() {
        return this == OUTBOUND_IMPORT || this == EVENT_CONTACT ? Direction.OUTBOUND : Direction.INBOUND;
    }
}

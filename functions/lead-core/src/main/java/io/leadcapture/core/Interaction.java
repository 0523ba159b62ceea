package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One touchpoint: a form post, a webinar registration, an ad response. Immutable once recorded.
 * {@code submitted} is the contact data exactly as this submission gave it (normalised), whatever
 * the lead kept: the evidence behind a proposed change, and what the person confirms with a double
 * opt-in.
 *
 * @param sourceIds     platform ids that identify the delivery (webinar id, leadgen id, …)
 * @param customAnswers form fields outside the standard vocabulary, kept verbatim (bounded in size)
 * @param truncated     the free-text parts not stored ({@code message}, {@code customAnswers}) because
 *                      the lead's free text of the day had reached its cap (docs/forms.md); empty: none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Interaction(String interactionId, InteractionType type, String channel, Direction direction,
                          Instant occurredAt, String formId, Map<String, String> sourceIds, @JsonIgnore Attribution attribution,
                          Consent consent, String message, Map<String, List<String>> customAnswers,
                          ContactProfile submitted, List<String> truncated) {
    public static final String MESSAGE = "message";
    public static final String CUSTOM_ANSWERS = "customAnswers";

    public Interaction {
        Objects.requireNonNull(interactionId, "interactionId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(consent, "consent");
        sourceIds = sourceIds == null ? Map.of() : Map.copyOf(sourceIds);
        attribution = attribution == null ? Attribution.EMPTY : attribution;
        customAnswers = customAnswers == null ? Map.of() : Map.copyOf(customAnswers);
        truncated = truncated == null ? List.of() : List.copyOf(truncated);
    }

    /** An interaction whose every free-text part was stored. */
    public Interaction(String interactionId, InteractionType type, String channel, Direction direction,
                       Instant occurredAt, String formId, Map<String, String> sourceIds, Attribution attribution,
                       Consent consent, String message, Map<String, List<String>> customAnswers,
                       ContactProfile submitted) {
        this(interactionId, type, channel, direction, occurredAt, formId, sourceIds, attribution, consent, message,
                customAnswers, submitted, List.of());
    }

    /** The bytes of free text it carries (message and custom answers, UTF-8): what the daily cap counts. */
    public long freeTextBytes() {
        long bytes = message == null ? 0 : message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (Map.Entry<String, List<String>> a : customAnswers.entrySet()) {
            bytes += a.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            for (String v : a.getValue()) {
                bytes += v == null ? 0 : v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
        }
        return bytes;
    }

    /**
     * The interaction without its free text, which is named in {@code truncated}: contact data,
     * consent, attribution and type stay, so the touchpoint and its evidence are still recorded.
     */
    public Interaction withoutFreeText() {
        List<String> dropped = new java.util.ArrayList<>();
        if (message != null) {
            dropped.add(MESSAGE);
        }
        if (!customAnswers.isEmpty()) {
            dropped.add(CUSTOM_ANSWERS);
        }
        return new Interaction(interactionId, type, channel, direction, occurredAt, formId, sourceIds, attribution,
                consent, null, Map.of(), submitted, dropped);
    }

    /** In JSON only when there is any attribution at all. */
    @JsonProperty("attribution")
    Attribution attributionIfAny() {
        return attribution.isEmpty() ? null : attribution;
    }
}

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
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Interaction(String interactionId, InteractionType type, String channel, Direction direction,
                          Instant occurredAt, String formId, Map<String, String> sourceIds, @JsonIgnore Attribution attribution,
                          Consent consent, String message, Map<String, List<String>> customAnswers,
                          ContactProfile submitted) {

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
    }

    /** In JSON only when there is any attribution at all. */
    @JsonProperty("attribution")
    Attribution attributionIfAny() {
        return attribution.isEmpty() ? null : attribution;
    }
}

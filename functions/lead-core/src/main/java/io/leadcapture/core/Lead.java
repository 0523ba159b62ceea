package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One person (or company contact) across every channel. {@code version} is the optimistic-lock
 * counter of the stored record; {@code interactions} is filled only when the lead is read with its
 * history. {@code stage} and {@code scoring} are written by the scoring function and by sales, never
 * by capture.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lead(String leadId, @JsonUnwrapped ContactProfile profile, Consent consent, Touch firstTouch,
                   Touch lastTouch, long interactionCount, boolean test, Instant createdAt, Instant updatedAt,
                   @JsonIgnore long version, Stage stage, @JsonUnwrapped LeadScore scoring,
                   List<Interaction> interactions) {

    public Lead {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(profile, "profile");
        stage = stage == null ? Stage.LEAD : stage;
    }

    public Lead withInteractions(List<Interaction> history) {
        return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                updatedAt, version, stage, scoring, List.copyOf(history));
    }
}

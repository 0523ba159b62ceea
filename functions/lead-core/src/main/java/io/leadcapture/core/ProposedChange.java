package io.leadcapture.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A value an unverified submission gave for a profile field the lead already holds differently.
 * It is kept, shown to sales, and applied only on evidence: the person confirms the submission
 * (double opt-in link) or sales accepts it.
 *
 * @param field         the profile field in the standard vocabulary ({@code phone}, {@code company}…)
 * @param value         the submitted value, normalised as stored
 * @param interactionId the interaction that submitted it
 * @param at            when it was submitted
 */
public record ProposedChange(String field, String value, String interactionId, Instant at) {

    public ProposedChange {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(interactionId, "interactionId");
    }
}

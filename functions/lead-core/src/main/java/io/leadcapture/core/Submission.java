package io.leadcapture.core;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A normalised, validated capture from any channel: who the person is and what they did.
 * Channel adapters build these; the store turns them into leads.
 *
 * @param test true for platform test deliveries; stored but never treated as a real lead
 */
public record Submission(ContactProfile contact, Interaction interaction, boolean test) {

    public Submission {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(interaction, "interaction");
        if (contact.email() == null && contact.phone() == null) {
            throw new IllegalArgumentException("a submission needs an email or a phone");
        }
    }

    /**
     * The same submission as delivered by a platform: its ids (webinar, leadgen, campaign, ad,
     * form…) on the interaction, the platform's own time when it gives one, and its test flag.
     */
    public Submission fromPlatform(Map<String, String> sourceIds, Instant occurredAt, boolean isTest) {
        Interaction i = interaction;
        Interaction adjusted = new Interaction(i.interactionId(), i.type(), i.channel(), i.direction(),
                occurredAt == null ? i.occurredAt() : occurredAt, i.formId(), sourceIds, i.attribution(), i.consent(),
                i.message(), i.customAnswers());
        return new Submission(contact, adjusted, isTest);
    }
}

package io.leadcapture.core;

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
}

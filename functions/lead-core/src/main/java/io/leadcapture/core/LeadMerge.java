package io.leadcapture.core;

import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Identity and merge decisions. One lead per person across all channels: the normalised email is
 * the identity; without an email, the E.164 phone is. A lead known only by its phone is enriched
 * when the same phone arrives together with an email.
 */
public final class LeadMerge {
    private final FreeMailDomains freeMail;

    public LeadMerge(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    /** The lead a submission belongs to, or empty when it is a new person. */
    public Optional<String> existingLeadFor(Submission s, IdentityMatch match) {
        if (s.contact().email() != null) {
            if (match.emailOwner() != null) {
                return Optional.of(match.emailOwner());
            }
            // A phone-only lead gains the email; a phone lead with another email is another person.
            if (match.phoneOwner() != null && !match.phoneOwnerHasEmail()) {
                return Optional.of(match.phoneOwner());
            }
            return Optional.empty();
        }
        return Optional.ofNullable(match.phoneOwner());
    }

    public Lead create(String leadId, Submission s, Instant now) {
        ContactProfile contact = s.contact().withSegment(Segments.derive(s.contact(), freeMail));
        Touch touch = Touch.of(s.interaction());
        return new Lead(leadId, contact, s.interaction().consent(), touch, touch, 1, s.test(), now, now, 1, Stage.LEAD,
                null, null);
    }

    /**
     * The lead after one more interaction. Contact fields of the submission win where present (the
     * person's latest statement); first and last touch follow the interactions' own times, so a
     * late-arriving older interaction does not become the last touch.
     */
    public Lead merge(Lead existing, Submission s, Instant now) {
        Interaction i = s.interaction();
        ContactProfile contact = existing.profile().overlay(s.contact(), freeMail);
        if (existing.profile().email() != null && s.contact().email() != null
                && !existing.profile().email().equals(s.contact().email())) {
            // The identity email never changes; a phone match with a different email is not merged here.
            contact = new ContactProfile(existing.profile().email(), contact.phone(), contact.firstName(),
                    contact.lastName(), contact.company(), contact.jobTitle(), contact.industry(),
                    contact.companySize(), contact.budgetResponsibility(), contact.country(), contact.postalCode(),
                    contact.city(), null);
            contact = contact.withSegment(Segments.derive(contact, freeMail));
        }
        Touch touch = Touch.of(i);
        Comparator<Touch> byTime = Comparator.comparing(Touch::occurredAt);
        Touch first = existing.firstTouch() == null || byTime.compare(touch, existing.firstTouch()) < 0
                ? touch : existing.firstTouch();
        Touch last = existing.lastTouch() == null || byTime.compare(touch, existing.lastTouch()) >= 0
                ? touch : existing.lastTouch();
        Consent consent = i.consent().mergeInto(existing.consent());
        // A lead stays a test lead only while every interaction is a test delivery.
        boolean test = existing.test() && s.test();
        return new Lead(existing.leadId(), contact, consent, first, last, existing.interactionCount() + 1, test,
                existing.createdAt(), now, existing.version() + 1, existing.stage(), existing.scoring(), null);
    }
}

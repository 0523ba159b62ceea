package io.leadcapture.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Identity and merge decisions. One lead per person across all channels: the normalised email is
 * the identity; without an email, the E.164 phone is.
 *
 * <p>What a submission may change is limited by what proves it: anyone can post any address to a
 * public form. So a phone never joins an email to another lead (the new lead is linked to it as a
 * possible duplicate instead, for sales to merge), and an unverified submission only fills fields the
 * lead does not hold yet; differing values become {@link ProposedChange}s, applied on evidence.
 */
public final class LeadMerge {
    private final FreeMailDomains freeMail;

    public LeadMerge(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    /** The lead a submission belongs to, or empty when it is a new person. */
    public Optional<String> existingLeadFor(Submission s, IdentityMatch match) {
        if (s.contact().email() != null) {
            return Optional.ofNullable(match.emailOwner());
        }
        return Optional.ofNullable(match.phoneOwner());
    }

    /**
     * The lead that owns the submission's phone when the submission lands on another lead: the two
     * may be one person, which only sales can decide. Empty otherwise.
     */
    public Optional<String> possibleDuplicate(IdentityMatch match, String landsOn) {
        return match.phoneOwner() != null && !match.phoneOwner().equals(landsOn)
                ? Optional.of(match.phoneOwner()) : Optional.empty();
    }

    public Lead create(String leadId, Submission s, Instant now) {
        ContactProfile contact = s.contact().withSegment(Segments.derive(s.contact(), freeMail));
        Touch touch = Touch.of(s.interaction());
        return new Lead(leadId, contact, s.interaction().consent().mergeInto(null), touch, touch, 1, s.test(), now,
                now, 1, Stage.LEAD, null, List.of(), List.of(), null, null);
    }

    /**
     * The lead after one more interaction. A verified submission (a platform that verified the data)
     * updates the fields it gives; an unverified one fills only what the lead lacks and proposes the
     * rest. First and last touch follow the interactions' own times, so a late-arriving older
     * interaction does not become the last touch.
     *
     * @param verified the channel vouches for the contact data
     */
    public Lead merge(Lead existing, Submission s, Instant now, boolean verified) {
        Interaction i = s.interaction();
        ContactProfile known = existing.profile();
        ContactProfile submitted = s.contact();
        List<ProposedChange> proposed = new ArrayList<>(existing.proposedChanges());
        ContactProfile contact;
        if (verified) {
            contact = known.overlay(submitted, freeMail);
        } else {
            contact = known.fillMissing(submitted, freeMail);
            for (Map.Entry<String, String> change : known.differingValues(submitted).entrySet()) {
                proposed.add(new ProposedChange(change.getKey(), change.getValue(), i.interactionId(), i.occurredAt()));
            }
        }
        if (known.email() != null && !known.email().equals(contact.email())) {
            // the identity email never changes
            ContactProfile kept = new ContactProfile(known.email(), contact.phone(), contact.firstName(),
                    contact.lastName(), contact.company(), contact.jobTitle(), contact.industry(), contact.companySize(),
                    contact.budgetResponsibility(), contact.country(), contact.postalCode(), contact.city(), null);
            contact = kept.withSegment(Segments.derive(kept, freeMail));
        }
        if (proposed.size() > Lead.MAX_PROPOSED_CHANGES) {
            proposed = proposed.subList(proposed.size() - Lead.MAX_PROPOSED_CHANGES, proposed.size());
        }
        return withTouch(existing, contact, proposed, i, s.test(), now);
    }

    /**
     * The lead after one more interaction that carries no contact data (a followed nurture link):
     * first and last touch, count, consent as for {@link #merge}; the profile stays as it is.
     */
    public Lead addInteraction(Lead existing, Interaction i, Instant now) {
        return withTouch(existing, existing.profile(), existing.proposedChanges(), i, false, now);
    }

    private static Lead withTouch(Lead existing, ContactProfile contact, List<ProposedChange> proposed, Interaction i,
                                  boolean testDelivery, Instant now) {
        Touch touch = Touch.of(i);
        Comparator<Touch> byTime = Comparator.comparing(Touch::occurredAt);
        Touch first = existing.firstTouch() == null || byTime.compare(touch, existing.firstTouch()) < 0
                ? touch : existing.firstTouch();
        Touch last = existing.lastTouch() == null || byTime.compare(touch, existing.lastTouch()) >= 0
                ? touch : existing.lastTouch();
        // We came to the person (an imported list): that never changes what they consented to.
        Consent consent = i.direction() == Direction.OUTBOUND ? existing.consent()
                : i.consent().mergeInto(existing.consent());
        // A lead stays a test lead only while every interaction is a test delivery.
        boolean test = existing.test() && testDelivery;
        return new Lead(existing.leadId(), contact, consent, first, last, existing.interactionCount() + 1, test,
                existing.createdAt(), now, existing.version() + 1, existing.stage(), existing.scoring(), proposed,
                existing.possibleDuplicateOf(), null, existing.emailStatus(), existing.sales());
    }
}

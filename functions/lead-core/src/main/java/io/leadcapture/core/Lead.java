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
 * by capture. {@code proposedChanges} are values unverified submissions gave for fields the lead
 * holds differently ({@link ProposedChange}). {@code emailStatus} is what SES's bounce and complaint
 * feedback says about the lead's address (null: none received). {@code sales} is owner, activity
 * times and follow-up state ({@link SalesFollowUp}; null: none yet).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Lead(String leadId, @JsonUnwrapped ContactProfile profile, Consent consent, Touch firstTouch,
                   Touch lastTouch, long interactionCount, boolean test, Instant createdAt, Instant updatedAt,
                   @JsonIgnore long version, Stage stage, @JsonUnwrapped LeadScore scoring,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProposedChange> proposedChanges,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> possibleDuplicateOf,
                   List<Interaction> interactions, EmailStatus emailStatus, @JsonUnwrapped SalesFollowUp sales) {
    /** How many proposed changes a lead keeps: the newest; older ones stay on their interactions. */
    public static final int MAX_PROPOSED_CHANGES = 20;


    public Lead {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(profile, "profile");
        stage = stage == null ? Stage.LEAD : stage;
        proposedChanges = proposedChanges == null ? List.of() : List.copyOf(proposedChanges);
        possibleDuplicateOf = possibleDuplicateOf == null ? List.of() : List.copyOf(possibleDuplicateOf);
    }

    /** A lead without sales follow-up state (a new lead; a lead built before any was kept). */
    public Lead(String leadId, ContactProfile profile, Consent consent, Touch firstTouch, Touch lastTouch,
                long interactionCount, boolean test, Instant createdAt, Instant updatedAt, long version, Stage stage,
                LeadScore scoring, List<ProposedChange> proposedChanges, List<String> possibleDuplicateOf,
                List<Interaction> interactions, EmailStatus emailStatus) {
        this(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt, updatedAt, version,
                stage, scoring, proposedChanges, possibleDuplicateOf, interactions, emailStatus, null);
    }

    public Lead withInteractions(List<Interaction> history) {
        return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                updatedAt, version, stage, scoring, proposedChanges, possibleDuplicateOf, List.copyOf(history), emailStatus,
                sales);
    }

    public Lead withEmailStatus(EmailStatus status) {
        return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                updatedAt, version, stage, scoring, proposedChanges, possibleDuplicateOf, interactions, status, sales);
    }

    /** The lead as read, with the leads it may be the same person as (linked, never merged automatically). */
    public Lead withPossibleDuplicates(List<String> leadIds) {
        return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                updatedAt, version, stage, scoring, proposedChanges, leadIds, interactions, emailStatus, sales);
    }

    /** The same lead with other sales follow-up state; a store write keeps it as it is given here. */
    public Lead withSales(SalesFollowUp state) {
        return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                updatedAt, version, stage, scoring, proposedChanges, possibleDuplicateOf, interactions, emailStatus, state);
    }
}

package io.leadcapture.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Two leads sales found to be one person, combined into the one that stays (the target).
 *
 * <p>The target keeps what it holds and fills what it lacks from the merged lead; where the merged
 * lead holds a different value, that value becomes a {@link ProposedChange} on the target, as an
 * unverified submission's would. Consent: the stronger of the two, but a withdrawal on either
 * stands. Interaction counts add up; first and last touch follow the interactions' own times. Stage
 * and score: whichever lead is further along, since sales was told about that lead already and the
 * merge is no new transition.
 */
public final class DuplicateMerge {
    /** Stages in the order a lead moves through them; {@code disqualified} is off this path. */
    private static final List<Stage> FUNNEL = List.of(Stage.LEAD, Stage.MQL, Stage.SQL, Stage.OPPORTUNITY,
            Stage.CUSTOMER);

    private final FreeMailDomains freeMail;

    public DuplicateMerge(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    /**
     * The target with the merged lead's stage and score where those are further along, written before
     * any interaction moves: rescoring the target while the merge runs then finds no transition that
     * sales already heard about. Empty when the target is as far along already.
     */
    public Optional<Lead> carryStanding(Lead target, Lead merged, Instant now) {
        Stage stage = further(target.stage(), merged.stage());
        LeadScore scoring = hotter(target.scoring(), merged.scoring());
        if (stage == target.stage() && scoring == target.scoring()) {
            return Optional.empty();
        }
        return Optional.of(new Lead(target.leadId(), target.profile(), target.consent(), target.firstTouch(),
                target.lastTouch(), target.interactionCount(), target.test(), target.createdAt(), now,
                target.version() + 1, stage, scoring, target.proposedChanges(), target.possibleDuplicateOf(), null,
                target.emailStatus(), target.sales()));
    }

    /** The target after taking in the merged lead (its profile as read, version and all). */
    public Lead combine(Lead target, Lead merged, Instant now) {
        ContactProfile kept = target.profile();
        ContactProfile profile = kept.fillMissing(merged.profile(), freeMail);
        List<ProposedChange> proposed = new ArrayList<>(target.proposedChanges());
        proposed.addAll(merged.proposedChanges());
        if (merged.lastTouch() != null) {
            // The merged lead's differing values, as the evidence its latest touch gave.
            Touch evidence = merged.lastTouch();
            kept.differingValues(merged.profile()).forEach((field, value) ->
                    proposed.add(new ProposedChange(field, value, evidence.interactionId(), evidence.occurredAt())));
        }
        Touch first = earlier(target.firstTouch(), merged.firstTouch());
        Touch last = later(target.lastTouch(), merged.lastTouch());
        Instant created = target.createdAt() == null || (merged.createdAt() != null
                && merged.createdAt().isBefore(target.createdAt())) ? merged.createdAt() : target.createdAt();
        return new Lead(target.leadId(), profile, stronger(target.consent(), merged.consent()), first, last,
                target.interactionCount() + merged.interactionCount(), target.test() && merged.test(), created, now,
                target.version() + 1, further(target.stage(), merged.stage()),
                hotter(target.scoring(), merged.scoring()), stillOpen(proposed, profile),
                target.possibleDuplicateOf().stream().filter(id -> !id.equals(merged.leadId())).toList(), null,
                // the status belongs to the address: the merged lead's when the combined profile took its email
                kept.email() == null && profile.email() != null ? merged.emailStatus() : target.emailStatus(),
                // the lead that stays keeps its owner; it takes the merged lead's follow-up state when it has none
                target.sales() != null ? target.sales() : merged.sales());
    }

    /** The stronger consent; a withdrawal on either stands (the later one when both withdrew). */
    static Consent stronger(Consent target, Consent merged) {
        if (target == null || merged == null) {
            return target == null ? merged : target;
        }
        boolean targetWithdrawn = target.status() == ConsentStatus.WITHDRAWN;
        boolean mergedWithdrawn = merged.status() == ConsentStatus.WITHDRAWN;
        if (targetWithdrawn && mergedWithdrawn) {
            return merged.capturedAt() != null && target.capturedAt() != null
                    && merged.capturedAt().isAfter(target.capturedAt()) ? merged : target;
        }
        if (targetWithdrawn || mergedWithdrawn) {
            return targetWithdrawn ? target : merged;
        }
        return merged.status().strength() > target.status().strength() ? merged : target;
    }

    /** The target's stage unless the merged lead is further along the funnel; a disqualified target stays so. */
    static Stage further(Stage target, Stage merged) {
        if (target == Stage.DISQUALIFIED || merged == Stage.DISQUALIFIED) {
            return target;
        }
        return FUNNEL.indexOf(merged) > FUNNEL.indexOf(target) ? merged : target;
    }

    /** The hotter score (temperature, then points); the target's on a tie. */
    static LeadScore hotter(LeadScore target, LeadScore merged) {
        if (target == null || merged == null) {
            return target == null ? merged : target;
        }
        Comparator<LeadScore> heat = Comparator.comparing(LeadScore::temperature).thenComparingInt(LeadScore::score);
        return heat.compare(merged, target) > 0 ? merged : target;
    }

    /**
     * Proposals that still differ from the profile, one per field and value (the newest evidence),
     * oldest first, at most {@link Lead#MAX_PROPOSED_CHANGES}.
     */
    private static List<ProposedChange> stillOpen(List<ProposedChange> proposed, ContactProfile profile) {
        Map<String, String> values = profile.changeableValues();
        Map<List<String>, ProposedChange> unique = new LinkedHashMap<>();
        for (ProposedChange c : proposed) {
            if (Objects.equals(values.get(c.field()), c.value())) {
                continue;
            }
            unique.merge(List.of(c.field(), c.value()), c, (a, b) -> at(b).isAfter(at(a)) ? b : a);
        }
        List<ProposedChange> open = new ArrayList<>(unique.values());
        open.sort(Comparator.comparing(DuplicateMerge::at));
        return open.size() > Lead.MAX_PROPOSED_CHANGES
                ? open.subList(open.size() - Lead.MAX_PROPOSED_CHANGES, open.size()) : open;
    }

    private static Instant at(ProposedChange c) {
        return c.at() == null ? Instant.MIN : c.at();
    }

    private static Touch earlier(Touch a, Touch b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.occurredAt().isBefore(a.occurredAt()) ? b : a;
    }

    private static Touch later(Touch a, Touch b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return b.occurredAt().isAfter(a.occurredAt()) ? b : a;
    }
}

package io.leadcapture.core.scoring;

import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * When a lead's score next changes by time alone, so the daily decay visits only the leads it will
 * change. Pure: it asks {@link LeadScorer} for the score at later instants.
 *
 * <p>Time only ever lowers a score: every engagement term is non-negative (checked at load) and
 * decays, the repeat bonus is a capped sum of decaying terms, recency lapses once and stays lapsed,
 * and fit does not depend on time. So the stored result (score, fitScore, engagementScore,
 * temperature; {@link LeadScore#sameResultAs}) is a step function of time that, once it differs
 * from today's, differs for good, and ends at the lead's fit alone. That makes the first change a
 * binary search, and "nothing will change" the case where today's result already is the end.
 */
public final class DecaySchedule {
    private static final long FIRST_STEP_SECONDS = 86_400;
    // 2^16 days: far beyond any half-life; a bound for the search, not a rule
    private static final int MAX_DOUBLINGS = 16;

    private final LeadScorer scorer;

    public DecaySchedule(LeadScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    /**
     * The first whole second (UTC epoch second) after {@code asOf} at which scoring gives another
     * result than at {@code asOf}; empty when the result will not change by time any more. Whole
     * seconds make the answer the same for every {@code asOf} before the change, so a lead rescored
     * without news keeps its due time.
     */
    public Optional<Instant> nextChange(Lead lead, List<Interaction> interactions, Instant asOf) {
        return nextChange(lead, EngagementLedger.of(interactions == null ? List.of() : interactions), asOf);
    }

    /** As {@link #nextChange(Lead, List, Instant)}, from the lead's engagement ledger (what a rescore reads). */
    public Optional<Instant> nextChange(Lead lead, EngagementLedger ledger, Instant asOf) {
        LeadScore now = scorer.scoreFromLedger(lead, ledger, asOf);
        LeadScore settled = scorer.scoreFromLedger(lead, EngagementLedger.EMPTY, asOf);
        if (now.sameResultAs(settled)) {
            return Optional.empty();
        }
        long base = asOf.getEpochSecond();
        // invariant: the result at base + lo is today's (lo = 0 stands for asOf itself), at base + hi it is not
        long lo = 0;
        long hi = FIRST_STEP_SECONDS;
        int doublings = 0;
        while (sameAt(lead, ledger, base + hi, now)) {
            lo = hi;
            hi *= 2;
            if (++doublings > MAX_DOUBLINGS) {
                return Optional.of(Instant.ofEpochSecond(base + hi)); // unreachable with a positive half-life
            }
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (sameAt(lead, ledger, base + mid, now)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Optional.of(Instant.ofEpochSecond(base + hi));
    }

    private boolean sameAt(Lead lead, EngagementLedger ledger, long epochSecond, LeadScore now) {
        return scorer.scoreFromLedger(lead, ledger, Instant.ofEpochSecond(epochSecond)).sameResultAs(now);
    }
}

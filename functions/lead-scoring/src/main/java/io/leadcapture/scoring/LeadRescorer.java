package io.leadcapture.scoring;

import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.scoring.EngagementLedger;
import io.leadcapture.core.scoring.DecaySchedule;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadScores;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Recomputes a lead's score from its stored profile and engagement ledger (one entry per interaction,
 * the oldest folded; never the interactions themselves) — never incrementally — so a replayed or
 * duplicated trigger cannot count anything twice. Writes only when the score, temperature or stage
 * changed, or when the score will next change by time alone at another moment than the lead says
 * ({@code decayDueAt}, what the daily decay finds due leads by).
 */
public final class LeadRescorer {
    /** What rescoring did to one lead. */
    public enum Outcome {
        UNCHANGED,
        CHANGED,
        BECAME_MQL,
        UNKNOWN_LEAD
    }

    private static final int MAX_ATTEMPTS = 8;

    private final LeadReads leads;
    private final LeadScores scores;
    private final LeadScorer scorer;
    private final StageRules stages;
    private final DecaySchedule decay;
    private final Clock clock;

    public LeadRescorer(LeadReads leads, LeadScores scores, LeadScorer scorer, StageRules stages, Clock clock) {
        this.leads = leads;
        this.scores = scores;
        this.scorer = scorer;
        this.stages = stages;
        this.decay = new DecaySchedule(scorer);
        this.clock = clock;
    }

    public Outcome rescore(String leadId) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<LeadReads.ScoringView> found = leads.findForScoring(leadId);
            if (found.isEmpty()) {
                return Outcome.UNKNOWN_LEAD;
            }
            Lead lead = found.get().lead();
            EngagementLedger ledger = found.get().ledger();
            Instant now = clock.instant();
            Instant due = decay.nextChange(lead, ledger, now).orElse(null);
            LeadScore score = scorer.scoreFromLedger(lead, ledger, now).withDecayDueAt(due);
            if (found.get().rebuilt() || ledger.needsFold()) {
                // Stored for the next rescore; a capture or merge since this read makes it wait for that one.
                leads.saveLedger(found.get(), scorer.fold(ledger));
            }
            Stage stage = stages.automaticStage(lead, score, ledger);
            if (stage == lead.stage() && sameResult(lead.scoring(), score)) {
                if (Objects.equals(lead.scoring().decayDueAt(), due) || scores.writeDecayDue(lead, due)) {
                    return Outcome.UNCHANGED;
                }
                continue; // the lead changed since it was read
            }
            if (scores.writeScore(lead, score, stage)) {
                return stage == Stage.MQL && lead.stage() != Stage.MQL ? Outcome.BECAME_MQL : Outcome.CHANGED;
            }
            // the lead changed between read and write (a new interaction, a sales update): read again
        }
        throw new StoreUnavailableException("lead " + leadId + " kept changing while it was scored", null);
    }

    /** Equal where it matters: the rounded scores and the temperature (decayed fractions drift every second). */
    static boolean sameResult(LeadScore before, LeadScore after) {
        return before != null && before.sameResultAs(after);
    }
}

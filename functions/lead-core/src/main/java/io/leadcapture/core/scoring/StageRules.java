package io.leadcapture.core.scoring;

import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stage changes. Scoring may move a lead from {@code lead} to {@code MQL} and nothing else: it never
 * demotes and never sets SQL or a later stage, which only sales does (manually, checked by
 * {@link #validateManual}).
 */
public final class StageRules {
    private final ScoringConfig config;
    /** For each defined stage, every stage reachable by a chain of allowed transitions. */
    private final Map<Stage, Set<Stage>> reachable = new EnumMap<>(Stage.class);

    public StageRules(ScoringConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        ScoringConfig.Transitions t = config.transitions();
        for (Stage start : t.allowed().keySet()) {
            Set<Stage> seen = EnumSet.noneOf(Stage.class);
            Deque<Stage> todo = new ArrayDeque<>(t.from(start));
            while (!todo.isEmpty()) {
                Stage s = todo.pop();
                if (seen.add(s)) {
                    todo.addAll(t.from(s));
                }
            }
            reachable.put(start, Collections.unmodifiableSet(seen));
        }
    }

    /**
     * The project's single definition of an MQL: score and fit score at or above the configured
     * minimums, consent not withdrawn, and not a test lead.
     */
    public boolean isMql(Lead lead, LeadScore score) {
        if (score == null || lead.test()) {
            return false;
        }
        if (lead.consent() != null && lead.consent().status() == ConsentStatus.WITHDRAWN) {
            return false;
        }
        return score.score() >= config.mql().minScore() && score.fitScore() >= config.mql().minFitScore();
    }

    /** MQL when a lead at {@code lead} qualifies; otherwise its stage unchanged. */
    public Stage automaticStage(Lead lead, LeadScore score) {
        return lead.stage() == Stage.LEAD && isMql(lead, score) ? Stage.MQL : lead.stage();
    }

    /**
     * As {@link #automaticStage(Lead, LeadScore)} for a lead with this engagement ledger: an
     * outbound-only lead (every interaction we came to it with) stays where it is unless
     * {@code outbound.qualifies} in scoring.yaml says otherwise.
     */
    public Stage automaticStage(Lead lead, LeadScore score, EngagementLedger ledger) {
        if (!config.outbound().qualifies() && outboundOnly(ledger)) {
            return lead.stage();
        }
        return automaticStage(lead, score);
    }

    /**
     * True when a ledger holds interactions and all of them are outbound (imports, trade-fair
     * contacts): nothing the person did on their own.
     */
    public static boolean outboundOnly(EngagementLedger ledger) {
        if (ledger == null || ledger.interactionCount() == 0) {
            return false;
        }
        boolean entriesOutbound = ledger.entries().stream()
                .allMatch(e -> e.type().defaultDirection() == Direction.OUTBOUND);
        boolean foldedOutbound = ledger.folded() == null || ledger.folded().byType().keySet().stream()
                .allMatch(t -> t.defaultDirection() == Direction.OUTBOUND);
        return entriesOutbound && foldedOutbound;
    }

    /**
     * A manual change (sales, via PATCH). One step of {@code transitions} is always allowed;
     * {@code force} also allows skipping steps along allowed transitions (lead → SQL without
     * MQL), never a change the transitions cannot reach, and never from or to an undefined stage.
     */
    public StageChange validateManual(Stage from, Stage to, boolean force) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        ScoringConfig.Transitions t = config.transitions();
        if (from == to) {
            throw new IllegalStageChangeException(from, to, "it is no change");
        }
        for (Stage s : new Stage[] {from, to}) {
            if (!t.defines(s)) {
                throw new IllegalStageChangeException(from, to, "stage " + s.wireName()
                        + " is not defined in scoring.yaml transitions");
            }
        }
        if (t.from(from).contains(to)) {
            return new StageChange(from, to, false);
        }
        boolean canReach = reachable.get(from).contains(to);
        if (force && canReach) {
            return new StageChange(from, to, true);
        }
        String next = t.from(from).isEmpty() ? "none"
                : t.from(from).stream().map(Stage::wireName).collect(Collectors.joining(", "));
        String why = canReach
                ? "it skips stages (allowed next from " + from.wireName() + ": " + next + "); set force to skip"
                : to.wireName() + " cannot be reached from " + from.wireName() + (force ? ", not even with force" : "")
                        + " (allowed next: " + next + ")";
        throw new IllegalStageChangeException(from, to, why);
    }
}

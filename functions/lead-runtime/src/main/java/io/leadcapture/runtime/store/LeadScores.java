package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Scores and stages: each write goes onto the lead version that was read (optimistic check) together
 * with its history item, in one transaction. False means the lead changed since it was read: the
 * caller reads again and decides again.
 */
public final class LeadScores {
    static final String STAGE_PREFIX = "STAGE#";
    private static final String SCORE_PREFIX = "SCORE#";

    private final Table table;

    LeadScores(Table table) {
        this.table = table;
    }

    /** A new score (and the stage it implies) onto the lead read at {@code read.version()}, plus a score-history item. */
    public boolean writeScore(Lead read, LeadScore score, Stage stage) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder set = new StringBuilder("SET #v = :next, stage = :stage");
            LeadItems.scoreAttributes(score).forEach((name, value) -> {
                set.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
            values.put(":stage", s(stage.wireName()));
            // the list indexes order by temperature: their keys move with it
            LeadItems.listOrder(read, score.temperature()).forEach((name, value) -> {
                set.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
            // the decay index (LeadDecay): the lead is due when this score next changes by time alone
            Map<String, AttributeValue> due = LeadDecay.dueAttributes(score.decayDueAt());
            due.forEach((name, value) -> {
                set.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
            if (stage != read.stage()) {
                set.append(", ").append(LeadItems.STAGE_CHANGED_AT).append(" = :stageChangedAt");
                values.put(":stageChangedAt", s(score.scoredAt().toString()));
            }
            if (stage == Stage.MQL || score.temperature() == Temperature.HOT) {
                // the follow-up clock starts the first time the lead is an MQL or hot, and stays
                set.append(", ").append(LeadItems.MQL_AT).append(" = if_not_exists(").append(LeadItems.MQL_AT)
                        .append(", :mqlAt)");
                values.put(":mqlAt", s(score.scoredAt().toString()));
            }
            Map<String, AttributeValue> history = new HashMap<>(LeadItems.scoreAttributes(score));
            history.put(PK, s(leadPk(read.leadId())));
            history.put(SK, s(SCORE_PREFIX + Times.sortable(score.scoredAt()) + "#" + (read.version() + 1)));
            history.put(LeadItems.ITEM_TYPE, s("score"));
            history.put("leadId", s(read.leadId()));
            history.put("stage", s(stage.wireName()));
            String update = due.isEmpty() ? set + " REMOVE " + LeadDecay.DUE_AT + ", " + LeadDecay.DAY : set.toString();
            return table.transact(List.of(table.versionedUpdate(read, update, values), table.putNew(history)));
        });
    }

    /**
     * Only the decay due time of the lead read at {@code read.version()} (null: none), for a rescore
     * that left the score as it was: a lead written before due times were kept, or whose history
     * changed without changing today's score.
     */
    public boolean writeDecayDue(Lead read, Instant due) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder set = new StringBuilder("SET #v = :next");
            Map<String, AttributeValue> attributes = LeadDecay.dueAttributes(due);
            attributes.forEach((name, value) -> {
                set.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
            String update = attributes.isEmpty() ? set + " REMOVE " + LeadDecay.DUE_AT + ", " + LeadDecay.DAY : set.toString();
            return table.transact(List.of(table.versionedUpdate(read, update, values)));
        });
    }

    /** A stage change by sales on the lead read at {@code read.version()}, recorded with who, when and why. */
    public boolean changeStage(Lead read, Stage to, String who, String why, boolean forced, Instant at) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":stage", s(to.wireName()));
            values.put(":at", s(at.toString()));
            Map<String, AttributeValue> change = new HashMap<>();
            change.put(PK, s(leadPk(read.leadId())));
            change.put(SK, s(STAGE_PREFIX + Times.sortable(at) + "#" + (read.version() + 1)));
            change.put(LeadItems.ITEM_TYPE, s("stageChange"));
            change.put("leadId", s(read.leadId()));
            change.put("from", s(read.stage().wireName()));
            change.put("to", s(to.wireName()));
            change.put("who", s(who));
            if (why != null) {
                change.put("why", s(why));
            }
            change.put("forced", AttributeValue.fromBool(forced));
            change.put("at", s(at.toString()));
            return table.transact(List.of(table.versionedUpdate(read,
                            "SET #v = :next, stage = :stage, updatedAt = :at, " + LeadItems.STAGE_CHANGED_AT + " = :at", values),
                    table.putNew(change)));
        });
    }
}

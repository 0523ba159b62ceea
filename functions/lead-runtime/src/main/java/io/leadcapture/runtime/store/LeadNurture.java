package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.n;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * A lead's nurture sequences (docs/data-model.md#nurture-items): one {@code NURTURE#<sequence>} item
 * per sequence the lead entered, in its partition (an erasure deletes it, the export shows it). An
 * item whose next step is due carries the keys of the sparse {@code byNurtureDue} index — the
 * sequence's name and the step's due time — so the scheduled sender queries exactly the items due;
 * a finished or stopped item drops them and leaves the index.
 */
public final class LeadNurture {
    static final String INDEX = "byNurtureDue";
    static final String PREFIX = "NURTURE#";
    static final String DUE_SEQUENCE = "nurtureDueSequence";
    static final String DUE_AT = "nurtureDueAt";
    private static final String LEAD_PREFIX = "LEAD#";

    private final Table table;

    LeadNurture(Table table) {
        this.table = table;
    }

    /**
     * One lead's place in one sequence.
     *
     * @param step          how many steps were sent (0 before the first)
     * @param nextAt        when step {@code step + 1} is due; null when finished or stopped
     * @param stoppedReason why the sequence ended before its last step (null while running or when completed)
     */
    public record Enrolment(String leadId, String sequence, int step, Instant enrolledAt, Instant nextAt,
                            Instant completedAt, String stoppedReason, Instant stoppedAt) {

        /** Still waiting for a step. */
        public boolean active() {
            return stoppedReason == null && completedAt == null;
        }
    }

    /** A nurture item found due in the index (its item is read again before anything is sent). */
    public record Due(String leadId, String sequence) {
    }

    /** One page of due items and where the next starts (null: none). */
    public record DuePage(List<Due> items, Cursor next) {
    }

    /** Where a page of due items ended (opaque). */
    public static final class Cursor {
        private final Map<String, AttributeValue> key;

        private Cursor(Map<String, AttributeValue> key) {
            this.key = Map.copyOf(key);
        }
    }

    private static Map<String, AttributeValue> key(String leadId, String sequence) {
        return Map.of(PK, s(leadPk(leadId)), SK, s(PREFIX + sequence));
    }

    /** The lead's nurture items (consistent), the newest enrolment first. */
    public List<Enrolment> of(String leadId) {
        return Table.guarded(() -> {
            List<Enrolment> out = new ArrayList<>();
            Map<String, AttributeValue> from = null;
            do {
                final Map<String, AttributeValue> start = from;
                QueryResponse page = table.ddb.query(q -> q.tableName(table.name).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId)), ":prefix", s(PREFIX)))
                        .exclusiveStartKey(start));
                page.items().forEach(i -> out.add(enrolment(i)));
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (from != null);
            out.sort(Comparator.comparing(Enrolment::enrolledAt).reversed());
            return out;
        });
    }

    /** The lead's item of one sequence (consistent). */
    public Optional<Enrolment> find(String leadId, String sequence) {
        return Table.guarded(() -> table.item(leadPk(leadId), PREFIX + sequence).map(LeadNurture::enrolment));
    }

    /**
     * Enrols the lead read at {@code read.version()} in {@code sequence}, its first step due at
     * {@code firstDue}, and sets the profile's {@code nurturedAt} unless it is set already — in one
     * transaction. False when the lead changed since it was read or was in this sequence before
     * (read again and decide again).
     */
    public boolean enrol(Lead read, String sequence, Instant at, Instant firstDue) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> item = new HashMap<>(key(read.leadId(), sequence));
            item.put(LeadItems.ITEM_TYPE, s("nurture"));
            item.put("leadId", s(read.leadId()));
            item.put("sequence", s(sequence));
            item.put("step", n(0));
            item.put("enrolledAt", s(at.toString()));
            item.put("nextAt", s(firstDue.toString()));
            item.put(DUE_SEQUENCE, s(sequence));
            item.put(DUE_AT, s(Times.sortable(firstDue)));
            return table.transact(List.of(table.putNew(item), table.versionedUpdate(read,
                    "SET #v = :next, " + LeadItems.NURTURED_AT + " = if_not_exists(" + LeadItems.NURTURED_AT + ", :at)",
                    Map.of(":at", s(at.toString())))));
        });
    }

    /**
     * Ends the lead's sequence for {@code reason}: the item leaves the index. False when it had ended
     * already (stopped or completed) or does not exist.
     */
    public boolean stop(String leadId, String sequence, String reason, Instant at) {
        return update(key(leadId, sequence), "SET stoppedReason = :reason, stoppedAt = :at REMOVE nextAt, #dueSeq, #dueAt",
                "attribute_exists(pk) AND attribute_not_exists(stoppedReason) AND attribute_not_exists(completedAt)",
                Map.of("#dueSeq", DUE_SEQUENCE, "#dueAt", DUE_AT), Map.of(":reason", s(reason), ":at", s(at.toString())));
    }

    /**
     * Ends the lead's sequence as completed without a step of its own (the sequence has no step
     * {@code step + 1} any more, after a change of nurture.yaml). False when it had ended already.
     */
    public boolean complete(String leadId, String sequence, Instant at) {
        return update(key(leadId, sequence), "SET completedAt = :at REMOVE nextAt, #dueSeq, #dueAt",
                "attribute_exists(pk) AND attribute_not_exists(stoppedReason) AND attribute_not_exists(completedAt)",
                Map.of("#dueSeq", DUE_SEQUENCE, "#dueAt", DUE_AT), Map.of(":at", s(at.toString())));
    }

    /**
     * Records step {@code sent} as sent, only if the item is still at the step before it (so a replay or
     * a concurrent run cannot skip one), with the next step due at {@code nextAt}, or completed at
     * {@code at} when {@code nextAt} is null. A sequence stopped meanwhile counts the step but stays
     * out of the index. False when the item is not at {@code sent - 1} (another run advanced it).
     */
    public boolean advance(String leadId, String sequence, int sent, Instant nextAt, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sent", n(sent), ":before", n(sent - 1L)));
        Map<String, String> names = Map.of("#step", "step", "#dueSeq", DUE_SEQUENCE, "#dueAt", DUE_AT);
        String running = "#step = :before AND attribute_not_exists(stoppedReason) AND attribute_not_exists(completedAt)";
        boolean advanced;
        if (nextAt == null) {
            values.put(":at", s(at.toString()));
            advanced = update(key(leadId, sequence), "SET #step = :sent, completedAt = :at REMOVE nextAt, #dueSeq, #dueAt",
                    running, names, values);
        } else {
            values.put(":nextAt", s(nextAt.toString()));
            values.put(":dueAt", s(Times.sortable(nextAt)));
            values.put(":sequence", s(sequence));
            advanced = update(key(leadId, sequence), "SET #step = :sent, nextAt = :nextAt, #dueSeq = :sequence,"
                    + " #dueAt = :dueAt", running, names, values);
        }
        if (advanced) {
            return true;
        }
        // stopped (or completed) meanwhile: the step went out all the same
        return update(key(leadId, sequence), "SET #step = :sent", "#step = :before",
                Map.of("#step", "step"), Map.of(":sent", n(sent), ":before", n(sent - 1L)));
    }

    /**
     * One page of the items of {@code sequence} due at or before {@code now}, earliest first. The
     * index is eventually consistent: each item is read again before anything is sent.
     *
     * @param after the previous page's {@link DuePage#next()}, or null for the first page
     */
    public DuePage due(String sequence, Instant now, Cursor after, int limit) {
        return Table.guarded(() -> {
            QueryResponse page = table.ddb.query(q -> q.tableName(table.name).indexName(INDEX)
                    .keyConditionExpression("#seq = :seq AND #due <= :now")
                    .expressionAttributeNames(Map.of("#seq", DUE_SEQUENCE, "#due", DUE_AT))
                    .expressionAttributeValues(Map.of(":seq", s(sequence), ":now", s(Times.sortable(now))))
                    .exclusiveStartKey(after == null ? null : after.key).limit(limit));
            List<Due> due = new ArrayList<>();
            for (Map<String, AttributeValue> i : page.items()) {
                String pk = str(i, PK);
                if (pk != null && pk.startsWith(LEAD_PREFIX)) {
                    due.add(new Due(pk.substring(LEAD_PREFIX.length()), sequence));
                }
            }
            return new DuePage(due, page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? new Cursor(page.lastEvaluatedKey()) : null);
        });
    }

    private boolean update(Map<String, AttributeValue> key, String update, String condition, Map<String, String> names,
                           Map<String, AttributeValue> values) {
        return Table.guarded(() -> {
            try {
                table.ddb.updateItem(r -> r.tableName(table.name).key(key).updateExpression(update)
                        .conditionExpression(condition).expressionAttributeNames(names.isEmpty() ? null : names)
                        .expressionAttributeValues(values));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    static Enrolment enrolment(Map<String, AttributeValue> i) {
        return new Enrolment(str(i, "leadId"), str(i, "sequence"), Integer.parseInt(i.get("step").n()),
                Times.parse(str(i, "enrolledAt")), Times.parse(str(i, "nextAt")), Times.parse(str(i, "completedAt")),
                str(i, "stoppedReason"), Times.parse(str(i, "stoppedAt")));
    }
}

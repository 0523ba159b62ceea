package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The daily decay's view of the table (docs/data-model.md#decay-index): a lead profile whose score
 * will change by time alone carries {@code decayDueAt} (when) and {@code decayDay} (its UTC day), the
 * keys of the sparse {@code byDecayDue} index, so a run reads exactly the leads due instead of
 * scanning the table. A checkpoint item keeps the oldest day a run left leads due in, and the
 * progress of the one-off backfill of leads stored before due times were kept.
 */
public final class LeadDecay {
    static final String INDEX = "byDecayDue";
    static final String DUE_AT = "decayDueAt";
    static final String DAY = "decayDay";
    private static final String CHECKPOINT_PK = "JOB#decay";
    private static final String CHECKPOINT_SK = "CHECKPOINT";
    private static final String OLDEST_DUE_DAY = "oldestDueDay";
    private static final String BACKFILL_FROM = "backfillFrom";
    private static final String BACKFILL_DONE_AT = "backfillDoneAt";
    private static final String LEAD_PREFIX = "LEAD#";

    private final Table table;

    LeadDecay(Table table) {
        this.table = table;
    }

    /** The index keys of a due time (empty for none): the instant fixed-width, so it sorts as a string. */
    static Map<String, AttributeValue> dueAttributes(Instant due) {
        Map<String, AttributeValue> m = new HashMap<>();
        if (due != null) {
            m.put(DUE_AT, s(Times.sortable(due)));
            m.put(DAY, s(day(due).toString()));
        }
        return m;
    }

    private static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /**
     * One page of the leads due on {@code day} at or before {@code now}, earliest first.
     *
     * @param after the previous page's {@link DuePage#next()}, or null for the first page
     */
    public DuePage due(LocalDate day, Instant now, Cursor after, int limit) {
        return Table.guarded(() -> {
            QueryResponse page = table.ddb.query(query(day, now).limit(limit)
                    .exclusiveStartKey(after == null ? null : after.key).build());
            List<String> leadIds = page.items().stream().map(i -> str(i, PK))
                    .filter(pk -> pk.startsWith(LEAD_PREFIX)).map(pk -> pk.substring(LEAD_PREFIX.length())).toList();
            return new DuePage(leadIds, page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? new Cursor(page.lastEvaluatedKey()) : null);
        });
    }

    /**
     * How many leads are due on {@code day} at or before {@code now}, counted up to {@code max} (a
     * count reads the index entries it counts). The index is eventually consistent: about.
     */
    public long countDue(LocalDate day, Instant now, long max) {
        return Table.guarded(() -> {
            long count = 0;
            Map<String, AttributeValue> from = null;
            do {
                if (count >= max) {
                    return count;
                }
                QueryResponse page = table.ddb.query(query(day, now).select(Select.COUNT).exclusiveStartKey(from).build());
                count += page.count();
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (from != null);
            return count;
        });
    }

    private QueryRequest.Builder query(LocalDate day, Instant now) {
        return QueryRequest.builder().tableName(table.name).indexName(INDEX)
                .keyConditionExpression("#day = :day AND #due <= :now")
                .expressionAttributeNames(Map.of("#day", DAY, "#due", DUE_AT))
                .expressionAttributeValues(Map.of(":day", s(day.toString()), ":now", s(Times.sortable(now))));
    }

    /** The oldest day a run left leads due in; null before the first run. */
    public LocalDate oldestDueDay() {
        return Table.guarded(() -> table.item(CHECKPOINT_PK, CHECKPOINT_SK)
                .map(item -> str(item, OLDEST_DUE_DAY)).map(LocalDate::parse).orElse(null));
    }

    /** Where the next run starts: no lead is due on an earlier day. */
    public void saveOldestDueDay(LocalDate day) {
        Table.guarded(() -> table.ddb.updateItem(r -> r.tableName(table.name).key(checkpointKey())
                .updateExpression("SET itemType = :type, #d = :day")
                .expressionAttributeNames(Map.of("#d", OLDEST_DUE_DAY))
                .expressionAttributeValues(Map.of(":type", s("decayCheckpoint"), ":day", s(day.toString())))));
    }

    /**
     * One page of the one-off backfill: scans on from where the last page ended for lead profiles
     * without a due time and makes each due at {@code now}, so the daily run rescores it once and
     * from then on keeps its due time. A lead that gained a due time meanwhile keeps it.
     *
     * @param limit items examined (DynamoDB applies it before the filter)
     */
    public Backfill backfill(Instant now, int limit) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> checkpoint = table.item(CHECKPOINT_PK, CHECKPOINT_SK).orElse(Map.of());
            if (checkpoint.containsKey(BACKFILL_DONE_AT)) {
                return new Backfill(0, true);
            }
            Map<String, AttributeValue> from = checkpoint.containsKey(BACKFILL_FROM) ? checkpoint.get(BACKFILL_FROM).m() : null;
            ScanResponse page = table.ddb.scan(r -> r.tableName(table.name).limit(limit).exclusiveStartKey(from)
                    .filterExpression("#t = :lead AND attribute_not_exists(#due)")
                    .projectionExpression("#pk, #sk")
                    .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE, "#due", DUE_AT, "#pk", PK, "#sk", SK))
                    .expressionAttributeValues(Map.of(":lead", s("lead"))));
            int marked = 0;
            for (Map<String, AttributeValue> item : page.items()) {
                marked += markDue(item, now) ? 1 : 0;
            }
            boolean done = !page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty();
            table.ddb.updateItem(r -> r.tableName(table.name).key(checkpointKey())
                    .updateExpression(done ? "SET itemType = :type, #done = :now REMOVE #from" : "SET itemType = :type, #from = :from")
                    .expressionAttributeNames(done ? Map.of("#done", BACKFILL_DONE_AT, "#from", BACKFILL_FROM)
                            : Map.of("#from", BACKFILL_FROM))
                    .expressionAttributeValues(done ? Map.of(":type", s("decayCheckpoint"), ":now", s(now.toString()))
                            : Map.of(":type", s("decayCheckpoint"), ":from", AttributeValue.fromM(page.lastEvaluatedKey()))));
            return new Backfill(marked, done);
        });
    }

    // A new version, so a concurrent read-modify-write of the lead reads again and keeps the mark.
    private boolean markDue(Map<String, AttributeValue> key, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        dueAttributes(now).forEach((name, value) -> values.put(":" + name, value));
        values.put(":one", LeadItems.n(1));
        try {
            table.ddb.updateItem(r -> r.tableName(table.name).key(Map.of(PK, key.get(PK), SK, key.get(SK)))
                    .updateExpression("SET #due = :" + DUE_AT + ", #day = :" + DAY + ", #v = #v + :one")
                    .conditionExpression("attribute_exists(#v) AND attribute_not_exists(#due)")
                    .expressionAttributeNames(Map.of("#due", DUE_AT, "#day", DAY, "#v", "version"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false; // erased, merged away or given a due time since the scan read it
        }
    }

    private static Map<String, AttributeValue> checkpointKey() {
        return Map.of(PK, s(CHECKPOINT_PK), SK, s(CHECKPOINT_SK));
    }

    /** Lead ids due, and where the next page starts (null: none). */
    public record DuePage(List<String> leadIds, Cursor next) {
    }

    /** Where a page of due leads ended (opaque). */
    public static final class Cursor {
        private final Map<String, AttributeValue> key;

        private Cursor(Map<String, AttributeValue> key) {
            this.key = Map.copyOf(key);
        }
    }

    /**
     * @param marked leads made due by this page
     * @param done   the backfill has visited the whole table (now or before)
     */
    public record Backfill(int marked, boolean done) {
    }
}

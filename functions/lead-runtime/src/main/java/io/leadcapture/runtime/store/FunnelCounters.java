package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.n;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.port.FunnelCountsPort;
import io.leadcapture.core.report.FunnelCounts;
import io.leadcapture.core.report.FunnelGroupBy;
import io.leadcapture.core.report.FunnelStep;
import io.leadcapture.core.report.HoursHistogram;
import io.leadcapture.runtime.store.FunnelChanges.FunnelEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The funnel's counters: per grouping (source, channel, form, campaign), day and group value, how
 * many leads were captured, became MQL, SQL, customers, got their first activity, breached the
 * follow-up SLA, and histograms of the hours to MQL and to the first activity. Each event is counted
 * in one transaction with a marker in the lead's partition ({@code FUNNEL#<step>}), written only if
 * it is not there and the lead's profile still exists: a redelivered or replayed record finds the
 * marker and counts nothing, and an erasure deletes the markers with the partition. The counters
 * hold no personal data.
 *
 * <p>Every event adds to a counter of each grouping for its day and group, so a busy day's counters
 * are the table's hottest items: each grouping's counters are spread over {@link #SHARDS}
 * partitions ({@code FUNNEL#<by>#<shard>}, the shard chosen by the lead id), and a report sums
 * them. Counters written before the sharding sit under {@code FUNNEL#<by>} and are read too.
 */
public final class FunnelCounters implements FunnelCountsPort {
    static final String COUNTER_PREFIX = "FUNNEL#";
    static final String MARKER_PREFIX = "FUNNEL#";
    private static final String DAY_PREFIX = "DAY#";
    /**
     * Partitions per grouping: concurrent transactions on one counter conflict and are retried, and
     * one partition takes about 1,000 write units a second; eight keep a peak of a few hundred events
     * a second well inside both.
     */
    static final int SHARDS = 8;
    private static final String LEAD_TO_MQL = "leadToMqlH";
    private static final String MQL_TO_ACTIVITY = "mqlToActivityH";

    private final Table table;

    FunnelCounters(Table table) {
        this.table = table;
    }

    /** What became of an event. */
    public enum Outcome {
        COUNTED,
        /** counted before: a redelivered or replayed record */
        ALREADY_COUNTED,
        /** the lead was erased (or merged away) before its record was processed */
        LEAD_GONE
    }

    /**
     * Counts the event once.
     *
     * @throws IllegalStateException a concurrent write interfered: the record is to be retried
     */
    public Outcome count(FunnelEvent event, Instant now) {
        Map<String, AttributeValue> markerKey = Map.of(PK, s(leadPk(event.leadId())), SK, s(MARKER_PREFIX + event.key()));
        Map<String, AttributeValue> marker = new HashMap<>(markerKey);
        marker.put(LeadItems.ITEM_TYPE, s("funnelMark"));
        marker.put("leadId", s(event.leadId()));
        marker.put("step", s(event.step().wireName()));
        marker.put("at", s(event.at().toString()));
        marker.put("countedAt", s(now.toString()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(table.putNew(marker));
        writes.add(TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table.name)
                .key(Map.of(PK, s(leadPk(event.leadId())), SK, s(PROFILE)))
                .conditionExpression("attribute_exists(pk)").build()).build());
        String day = day(event.at());
        for (FunnelGroupBy by : FunnelGroupBy.values()) {
            writes.add(increment(by, day, event.groups().get(by), event));
        }
        return Table.guarded(() -> {
            if (table.transact(writes)) {
                return Outcome.COUNTED;
            }
            if (table.item(leadPk(event.leadId()), MARKER_PREFIX + event.key()).isPresent()) {
                return Outcome.ALREADY_COUNTED;
            }
            if (table.item(leadPk(event.leadId()), PROFILE).isEmpty()) {
                return Outcome.LEAD_GONE;
            }
            throw new IllegalStateException("funnel event " + event.key() + " of lead " + event.leadId()
                    + " met a concurrent write; retry");
        });
    }

    private TransactWriteItem increment(FunnelGroupBy by, String day, String group, FunnelEvent event) {
        Map<String, String> names = new HashMap<>(Map.of("#t", LeadItems.ITEM_TYPE, "#c", event.step().wireName(),
                "#by", "groupBy", "#g", "group", "#d", "day"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", n(1), ":t", s("funnelCounter"),
                ":by", s(by.wireName()), ":g", s(group), ":d", s(day)));
        String add = "ADD #c :one";
        String histogram = switch (event.step()) {
            case MQL -> LEAD_TO_MQL;
            case FIRST_ACTIVITY -> MQL_TO_ACTIVITY;
            default -> null;
        };
        if (histogram != null && event.hours() != null) {
            names.put("#h", histogram + HoursHistogram.bucket(event.hours()));
            add += ", #h :one";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(counterPk(by, shard(event.leadId()))), SK, s(DAY_PREFIX + day + "#" + group)))
                .updateExpression(add + " SET #t = :t, #by = :by, #g = :g, #d = :d")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    /** The counter shard of a lead's events: stable, as {@code String.hashCode} is specified. */
    static int shard(String leadId) {
        return Math.floorMod(leadId.hashCode(), SHARDS);
    }

    private static String counterPk(FunnelGroupBy by, int shard) {
        return COUNTER_PREFIX + by.wireName() + "#" + shard;
    }

    private static String day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    /**
     * The grouping's counters over the days, one row per day, group and shard (a report sums them):
     * one Query per shard and one on the partition of counters from before the sharding.
     */
    @Override
    public List<FunnelCounts> dayCounts(FunnelGroupBy by, LocalDate from, LocalDate to) {
        List<FunnelCounts> out = new ArrayList<>();
        dayCounts(COUNTER_PREFIX + by.wireName(), from, to, out);
        for (int shard = 0; shard < SHARDS; shard++) {
            dayCounts(counterPk(by, shard), from, to, out);
        }
        return out;
    }

    private void dayCounts(String pk, LocalDate from, LocalDate to, List<FunnelCounts> out) {
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> start = startKey;
            // every counter's sort key is DAY#<day>#<group>: none equals the bare next day
            QueryResponse page = Table.guarded(() -> table.ddb.query(QueryRequest.builder().tableName(table.name)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(pk),
                            ":from", s(DAY_PREFIX + from), ":to", s(DAY_PREFIX + to.plusDays(1))))
                    .exclusiveStartKey(start).build()));
            page.items().forEach(item -> out.add(counts(item)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
    }

    private static FunnelCounts counts(Map<String, AttributeValue> item) {
        Map<Integer, Long> toMql = new HashMap<>();
        Map<Integer, Long> toActivity = new HashMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(LEAD_TO_MQL)) {
                toMql.put(Integer.parseInt(name.substring(LEAD_TO_MQL.length())), Long.parseLong(value.n()));
            } else if (name.startsWith(MQL_TO_ACTIVITY)) {
                toActivity.put(Integer.parseInt(name.substring(MQL_TO_ACTIVITY.length())), Long.parseLong(value.n()));
            }
        });
        return new FunnelCounts(str(item, "group"), number(item, FunnelStep.CAPTURED), number(item, FunnelStep.MQL),
                number(item, FunnelStep.SQL), number(item, FunnelStep.WON), number(item, FunnelStep.FIRST_ACTIVITY),
                number(item, FunnelStep.SLA_BREACH), number(item, FunnelStep.MQL_AFTER_NURTURE), toMql, toActivity);
    }

    private static long number(Map<String, AttributeValue> item, FunnelStep step) {
        AttributeValue v = item.get(step.wireName());
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }
}

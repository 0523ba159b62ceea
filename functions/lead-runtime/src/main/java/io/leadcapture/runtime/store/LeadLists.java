package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Lead;
import io.leadcapture.core.Temperature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/**
 * Lead lists and exports over the list indexes (docs/data-model.md#lead-lists). Every index is sorted
 * by {@code listSk} = temperature rank, last touch, lead id: what needs attention first. The filter
 * picks one index by its most selective part (owner, source, stage, else temperature); temperature
 * is a key condition on every index; the rest is a filter expression, so a page may read more than
 * it returns. Cursors are opaque and bound to the filter they were made for.
 */
public final class LeadLists {
    static final String TEMPERATURE = "listTemperature";
    static final String SORT = "listSk";
    static final String SOURCE = "source";
    static final String OWNER = LeadItems.OWNER;
    static final String STAGE = "stage";
    static final String UNSCORED = "unscored";
    /** Default order: the temperature partitions of the attention index, hottest first. */
    private static final List<String> BUCKETS = List.of("hot", "warm", "cold", UNSCORED);
    private static final int QUERY_LIMIT = 500;

    private final Table table;

    LeadLists(Table table) {
        this.table = table;
    }

    static String bucket(Temperature temperature) {
        return temperature == null ? UNSCORED : temperature.wireName();
    }

    static int rank(String bucket) {
        return BUCKETS.indexOf(bucket) + 1;
    }

    /** A cursor that was not made by a page of this filter (or not made here at all). */
    public static final class InvalidCursorException extends RuntimeException {
        InvalidCursorException(String message) {
            super(message);
        }
    }

    /**
     * One page: the leads and the cursor of the next page (null when the list is done), with what
     * reading it cost. A page may hold fewer leads than asked for (even none) and still have a next one.
     *
     * @param readUnits the read capacity DynamoDB reported, or null when it reported none
     */
    public record Page(List<ListedLead> items, String next, int requests, int evaluated, Double readUnits) {
    }

    /** At most {@code limit} leads, after at most {@code maxRequests} queries. */
    public Page list(LeadFilter filter, String cursor, int limit, int maxRequests) {
        return page(filter, cursor, limit, maxRequests, row -> true);
    }

    /**
     * One page of lead profiles as the index holds them (every index projects the whole profile
     * item): eventually consistent, without interactions — enough to decide which leads need a
     * closer look, which is then read from the table.
     */
    public record Profiles(List<Lead> leads, String next) {
    }

    /** At most {@code limit} lead profiles of the filter's list, in its order, after one query. */
    public Profiles profiles(LeadFilter filter, String cursor, int limit) {
        List<Lead> leads = new ArrayList<>();
        Page page = read(filter, cursor, limit, 1, row -> true, item -> leads.add(LeadItems.lead(item)));
        return new Profiles(leads, page.next());
    }

    /**
     * Leads as long as {@code fits} takes them: a lead it refuses is not consumed and starts the next page.
     *
     * @param maxItems    most leads on the page
     * @param maxRequests most queries the page may make; reached, the page ends with a cursor
     */
    public Page page(LeadFilter filter, String cursor, int maxItems, int maxRequests, Predicate<ListedLead> fits) {
        return read(filter, cursor, maxItems, maxRequests, fits, item -> { });
    }

    /** As {@link #page}, handing each item taken to {@code taken} as well. */
    private Page read(LeadFilter filter, String cursor, int maxItems, int maxRequests, Predicate<ListedLead> fits,
                      Consumer<Map<String, AttributeValue>> taken) {
        Plan plan = Plan.of(filter);
        Position start = cursor == null ? new Position(0, null) : decode(cursor, filter, plan);
        return Table.guarded(() -> {
            Position pos = start;
            List<ListedLead> out = new ArrayList<>();
            int requests = 0;
            int evaluated = 0;
            Double units = null;
            while (pos.partition < plan.partitions.size()) {
                if (requests == maxRequests || out.size() == maxItems) {
                    return new Page(out, encode(pos, filter, plan), requests, evaluated, units);
                }
                QueryResponse r = table.ddb.query(plan.query(table.name, pos,
                        Math.min(QUERY_LIMIT, maxItems - out.size())));
                requests++;
                evaluated += r.scannedCount() == null ? r.count() : r.scannedCount();
                if (r.consumedCapacity() != null && r.consumedCapacity().capacityUnits() != null) {
                    units = (units == null ? 0 : units) + r.consumedCapacity().capacityUnits();
                }
                Map<String, AttributeValue> after = pos.startKey;
                for (Map<String, AttributeValue> item : r.items()) {
                    ListedLead row = row(item);
                    if (out.size() == maxItems || !fits.test(row)) {
                        return new Page(out, encode(new Position(pos.partition, after), filter, plan), requests, evaluated,
                                units);
                    }
                    out.add(row);
                    taken.accept(item);
                    after = plan.keyOf(item);
                }
                pos = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()
                        ? new Position(pos.partition, r.lastEvaluatedKey()) : new Position(pos.partition + 1, null);
            }
            return new Page(out, null, requests, evaluated, units);
        });
    }

    /** Where a page starts: a partition of the plan and the key after which to read on (null: its beginning). */
    private record Position(int partition, Map<String, AttributeValue> startKey) {
    }

    /** The index a filter is read from, its partitions in order, and what is left to filter. */
    private record Plan(String index, String hashAttribute, List<String> partitions, String sortPrefix,
                        String filterExpression, Map<String, String> names, Map<String, AttributeValue> values) {

        static Plan of(LeadFilter f) {
            String index;
            String hash;
            List<String> partitions;
            if (f.owner() != null) {
                index = "byOwner";
                hash = OWNER;
                partitions = List.of(f.owner());
            } else if (f.source() != null) {
                index = "bySource";
                hash = SOURCE;
                partitions = List.of(f.source());
            } else if (f.stage() != null) {
                index = "byStage";
                hash = STAGE;
                partitions = List.of(f.stage().wireName());
            } else {
                index = "byAttention";
                hash = TEMPERATURE;
                partitions = f.temperature() != null ? List.of(f.temperature().wireName()) : BUCKETS;
            }
            // the attention index is partitioned by temperature; the others carry its rank in the sort key
            String prefix = f.temperature() != null && !hash.equals(TEMPERATURE)
                    ? rank(f.temperature().wireName()) + "#" : null;
            List<String> conditions = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            if (f.stage() != null && !hash.equals(STAGE)) {
                conditions.add("#stage = :stage");
                names.put("#stage", STAGE);
                values.put(":stage", s(f.stage().wireName()));
            }
            if (f.source() != null && !hash.equals(SOURCE)) {
                conditions.add("#source = :source");
                names.put("#source", SOURCE);
                values.put(":source", s(f.source()));
            }
            if (f.from() != null) {
                conditions.add("#created >= :from");
                names.put("#created", "createdAt");
                values.put(":from", s(bound(f.from())));
            }
            if (f.to() != null) {
                conditions.add("#created < :to");
                names.put("#created", "createdAt");
                values.put(":to", s(bound(f.to())));
            }
            return new Plan(index, hash, partitions, prefix, conditions.isEmpty() ? null : String.join(" AND ", conditions),
                    names, values);
        }

        /**
         * {@code createdAt} is ISO-8601 as {@link Instant#toString()} writes it, with or without a
         * fraction; the whole second without its {@code Z} sorts before every value of that second
         * and after every earlier one, so string comparison bounds it exactly to the second.
         */
        private static String bound(Instant at) {
            String t = at.truncatedTo(ChronoUnit.SECONDS).toString();
            return t.substring(0, t.length() - 1);
        }

        QueryRequest query(String table, Position pos, int limit) {
            Map<String, String> n = new HashMap<>(names);
            Map<String, AttributeValue> v = new HashMap<>(values);
            n.put("#h", hashAttribute);
            v.put(":h", s(partitions.get(pos.partition)));
            String key = "#h = :h";
            if (sortPrefix != null) {
                n.put("#o", SORT);
                v.put(":o", s(sortPrefix));
                key += " AND begins_with(#o, :o)";
            }
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(index)
                    .keyConditionExpression(key).expressionAttributeNames(n).expressionAttributeValues(v)
                    .limit(limit).exclusiveStartKey(pos.startKey)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
            if (filterExpression != null) {
                q.filterExpression(filterExpression);
            }
            return q.build();
        }

        /** The key a query continues after: the table's and the index's. */
        Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
            Map<String, AttributeValue> key = new HashMap<>();
            key.put(PK, item.get(PK));
            key.put(SK, item.get(SK));
            key.put(hashAttribute, item.get(hashAttribute));
            key.put(SORT, item.get(SORT));
            return key;
        }
    }

    // Cursor: version, a hash of the filter, the partition, and the four key strings, each base64url.
    private static String encode(Position pos, LeadFilter filter, Plan plan) {
        if (pos.partition >= plan.partitions.size()) {
            return null;
        }
        List<String> parts = new ArrayList<>(List.of("l1", fingerprint(filter), Integer.toString(pos.partition)));
        if (pos.startKey != null) {
            for (String name : List.of(PK, SK, plan.hashAttribute, SORT)) {
                parts.add(b64(str(pos.startKey, name)));
            }
        }
        return b64(String.join(".", parts));
    }

    private static Position decode(String cursor, LeadFilter filter, Plan plan) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\.", -1);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("not a cursor of a lead list");
        }
        if (parts.length < 3 || !"l1".equals(parts[0]) || (parts.length != 3 && parts.length != 7)) {
            throw new InvalidCursorException("not a cursor of a lead list");
        }
        if (!fingerprint(filter).equals(parts[1])) {
            throw new InvalidCursorException("the cursor belongs to a list with other filters");
        }
        int partition;
        try {
            partition = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidCursorException("not a cursor of a lead list");
        }
        if (partition < 0 || partition >= plan.partitions.size()) {
            throw new InvalidCursorException("not a cursor of a lead list");
        }
        if (parts.length == 3) {
            return new Position(partition, null);
        }
        try {
            Map<String, AttributeValue> key = new LinkedHashMap<>();
            List<String> names = List.of(PK, SK, plan.hashAttribute, SORT);
            for (int i = 0; i < 4; i++) {
                key.put(names.get(i), s(new String(Base64.getUrlDecoder().decode(parts[3 + i]), StandardCharsets.UTF_8)));
            }
            if (!str(key, PK).startsWith("LEAD#") || !plan.partitions.get(partition).equals(str(key, plan.hashAttribute))) {
                throw new InvalidCursorException("the cursor belongs to a list with other filters");
            }
            return new Position(partition, key);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("not a cursor of a lead list");
        }
    }

    private static String fingerprint(LeadFilter filter) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(filter.canonical().getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String v) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(v.getBytes(StandardCharsets.UTF_8));
    }

    private static ListedLead row(Map<String, AttributeValue> m) {
        Map<String, AttributeValue> first = m.containsKey("firstTouch") ? m.get("firstTouch").m() : Map.of();
        Map<String, AttributeValue> last = m.containsKey("lastTouch") ? m.get("lastTouch").m() : first;
        Map<String, AttributeValue> utm = first.containsKey("attribution") ? first.get("attribution").m() : Map.of();
        Map<String, AttributeValue> consent = m.containsKey("consent") ? m.get("consent").m() : Map.of();
        return new ListedLead(str(m, "leadId"), str(m, "createdAt"), str(last, "occurredAt"),
                str(m, STAGE), str(m, "temperature"), m.containsKey("score") ? Integer.valueOf(m.get("score").n()) : null,
                str(m, OWNER), str(m, SOURCE), str(m, "email"), str(m, "phone"), str(m, "firstName"),
                str(m, "lastName"), str(m, "company"), str(m, "jobTitle"), str(m, "industry"), str(m, "companySize"),
                str(m, "country"), str(m, "postalCode"), str(m, "city"), str(m, "segment"), str(consent, "status"),
                m.containsKey("interactionCount") ? Long.valueOf(m.get("interactionCount").n()) : null,
                str(first, "type"), str(first, "channel"), str(utm, "utmSource"), str(utm, "utmMedium"),
                str(utm, "utmCampaign"));
    }
}

package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.ITEM_TYPE;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.n;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.MergePlan;
import io.leadcapture.application.MergeReceipt;
import io.leadcapture.application.MergeRequest;
import io.leadcapture.application.MergeState;
import io.leadcapture.application.port.CompleteMergePort;
import io.leadcapture.application.port.FindMergeStatePort;
import io.leadcapture.application.port.MarkMergePort;
import io.leadcapture.application.port.MoveLeadItemsPort;
import io.leadcapture.core.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The store's side of a merge ({@link io.leadcapture.application.MergeLeads}): the merging mark on
 * the source, identity claims pointed at the target, the source's items moved in batches of one
 * transaction each, and the last step that leaves a tombstone at the source.
 *
 * <p>Every step is complete or not done, and safe to repeat: a move puts the item on the target
 * only if it is not there and deletes it from the source only if it is still there, in the same
 * transaction as the mark's progress counter. Moved items carry {@code movedFrom}, so the stream
 * functions tell a moved interaction from a new one.
 *
 * <p>While a merge runs, the target holds an {@code INCOMING#<source>} item (written with the mark,
 * moved with the target's items if the target is merged on, deleted on completion): an erasure of
 * the target sees it and waits, and the mark itself checks that neither lead carries an erasure
 * mark ({@link LeadErasures}).
 */
public final class LeadMerges implements FindMergeStatePort, MarkMergePort, MoveLeadItemsPort, CompleteMergePort {
    static final String MERGING = "MERGING";
    static final String MERGED = "MERGED";
    static final String MERGE_PREFIX = "MERGE#";
    /** A merge into this lead that has started and not completed, named by its source. */
    static final String INCOMING_PREFIX = "INCOMING#";
    static final String MOVED_FROM = "movedFrom";
    static final String MERGE_VERSION = "mergeVersion";
    static final String MERGE_STEP = "mergeStep";
    static final String COMPLETED = "completed";
    private static final String DUPLICATE_PREFIX = LeadItems.DUPLICATE_PREFIX;
    private static final String MAILCAP = "MAILCAP";
    /** Sales-mail markers are named by the lead version that made the transition: another lead's versions. */
    private static final String SALES_MARKER_PREFIX = "NOTIFICATION#SALES#";
    /** DynamoDB takes at most 100 actions in one transaction. */
    private static final int MAX_ACTIONS = 100;
    /** The most actions one item's move needs (a duplicate link re-pointed on both leads). */
    private static final int MAX_ACTIONS_PER_ITEM = 4;
    /** The progress counter and the two checks on the target in every batch. */
    private static final int BATCH_OVERHEAD = 4;
    private static final int PAGE = 100;

    private final Table table;

    LeadMerges(Table table) {
        this.table = table;
    }

    @Override
    public MergeState mergeState(String leadId) {
        return Table.guarded(() -> {
            // MERGED and MERGING sort next to each other: one query reads both.
            Map<String, Map<String, AttributeValue>> items = table.between(leadPk(leadId), MERGED, MERGING);
            if (items.containsKey(MERGED)) {
                return new MergeState.Merged(receipt(items.get(MERGED)));
            }
            Map<String, AttributeValue> merging = items.get(MERGING);
            return merging == null ? new MergeState.NotMerged()
                    : new MergeState.Merging(str(merging, "into"), new MergeRequest(str(merging, "who"),
                            str(merging, "why"), Times.parse(str(merging, "requestedAt"))), number(merging, "itemsMoved"));
        });
    }

    @Override
    public List<String> mergesInto(String leadId) {
        return Table.guarded(() -> table.ddb.query(q -> q.tableName(table.name).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :incoming)")
                        .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId)), ":incoming", s(INCOMING_PREFIX))))
                .items().stream().map(item -> str(item, "from")).toList());
    }

    /** The lead a merged lead went into, if it was merged (for links that name the merged lead). */
    static Optional<String> mergedInto(Table table, String leadId) {
        return table.item(leadPk(leadId), MERGED).map(item -> str(item, "mergedInto"));
    }

    @Override
    public boolean mark(Lead source, Lead target, Lead carried, MergeRequest request) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> mark = new HashMap<>();
            mark.put(PK, s(leadPk(source.leadId())));
            mark.put(SK, s(MERGING));
            mark.put(ITEM_TYPE, s("mergeInProgress"));
            mark.put("leadId", s(source.leadId()));
            mark.put("into", s(target.leadId()));
            mark.put("who", s(request.who()));
            if (request.why() != null) {
                mark.put("why", s(request.why()));
            }
            mark.put("requestedAt", s(request.requestedAt().toString()));
            mark.put("itemsMoved", n(0));
            mark.put("interactionsMoved", n(0));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(table.putNew(mark));
            writes.add(check(source.leadId(), PROFILE, "#v = :v", Map.of(":v", n(source.version())), Map.of("#v", "version")));
            if (carried != null) {
                writes.add(table.put(mergedLeadItem(carried, "marked"), "#v = :expected",
                        Map.of(":expected", n(target.version())), Map.of("#v", "version")));
            } else {
                writes.add(check(target.leadId(), PROFILE, "#v = :v", Map.of(":v", n(target.version())),
                        Map.of("#v", "version")));
            }
            writes.add(check(target.leadId(), MERGING, "attribute_not_exists(pk)", Map.of(), Map.of()));
            writes.add(table.putNew(incoming(target.leadId(), source.leadId())));
            writes.add(notErasing(source.leadId()));
            writes.add(notErasing(target.leadId()));
            return table.transact(writes);
        });
    }

    @Override
    public boolean retarget(String source, String from, String to) {
        return Table.guarded(() -> table.transact(List.of(
                TransactWriteItem.builder().update(u -> u.tableName(table.name).key(key(source, MERGING))
                        .updateExpression("SET #into = :to").conditionExpression("#into = :from")
                        .expressionAttributeNames(Map.of("#into", "into"))
                        .expressionAttributeValues(Map.of(":to", s(to), ":from", s(from)))).build(),
                deleteAlways(from, INCOMING_PREFIX + source),
                table.putAlways(incoming(to, source)),
                notErasing(to))));
    }

    @Override
    public void moveIdentities(String source, String target, Lead sourceProfile) {
        Table.guarded(() -> {
            Set<String> claims = new LinkedHashSet<>();
            addClaims(claims, sourceProfile.profile().email(), sourceProfile.profile().phone());
            // identities earlier merges brought to the source
            Map<String, AttributeValue> from = null;
            do {
                final Map<String, AttributeValue> start = from;
                QueryResponse page = table.ddb.query(q -> q.tableName(table.name).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :merge)")
                        .expressionAttributeValues(Map.of(":pk", s(leadPk(source)), ":merge", s(MERGE_PREFIX)))
                        .exclusiveStartKey(start));
                for (Map<String, AttributeValue> record : page.items()) {
                    strings(record, "emails").forEach(e -> addClaims(claims, e, null));
                    strings(record, "phones").forEach(p -> addClaims(claims, null, p));
                }
                from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (from != null);
            claims.forEach(claim -> moveClaim(claim, source, target));
            return null;
        });
    }

    @Override
    public int moveBatch(String source, String target) {
        return Table.guarded(() -> {
            List<Map<String, AttributeValue>> items = nextItems(source);
            if (items.isEmpty()) {
                return 0;
            }
            Optional<Map<String, AttributeValue>> mark = table.item(leadPk(source), MERGING);
            // Identities the interactions gave follow them (each only while it still names the source).
            Set<String> claims = new LinkedHashSet<>();
            for (Map<String, AttributeValue> item : items) {
                AttributeValue submitted = item.get("submitted");
                if (str(item, SK).startsWith(INTERACTION_PREFIX) && submitted != null && submitted.hasM()) {
                    addClaims(claims, str(submitted.m(), "email"), str(submitted.m(), "phone"));
                }
            }
            claims.forEach(claim -> moveClaim(claim, source, target));

            Map<String, Map<String, AttributeValue>> onTarget = targetItems(source, target, items);
            List<TransactWriteItem> writes = new ArrayList<>();
            int handled = 0;
            long moved = 0;
            long interactions = 0;
            for (Map<String, AttributeValue> item : items) {
                if (writes.size() + MAX_ACTIONS_PER_ITEM + BATCH_OVERHEAD > MAX_ACTIONS) {
                    break;
                }
                String sk = str(item, SK);
                handled++;
                if (LeadItems.ENGAGEMENT.equals(sk)) {
                    // not moved: the target's ledger is rebuilt from the interactions it then holds
                    writes.add(deleteExisting(source, sk));
                    continue;
                }
                if (sk.startsWith(DUPLICATE_PREFIX)) {
                    moved += relink(source, target, sk.substring(DUPLICATE_PREFIX.length()), writes);
                    continue;
                }
                writes.add(deleteExisting(source, sk));
                Map<String, AttributeValue> existing = onTarget.get(targetSk(source, sk));
                if (existing == null) {
                    writes.add(table.putNew(movedItem(item, source, target)));
                    moved++;
                    if (sk.startsWith(INTERACTION_PREFIX)) {
                        interactions++;
                    }
                } else if (MAILCAP.equals(sk)) {
                    laterMailCap(item, existing, target).ifPresent(writes::add);
                }
                // any other item the target holds under the same key already stays as the target has it
            }
            if (mark.isPresent()) {
                Map<String, AttributeValue> progress = Map.of(":m", n(moved), ":i", n(interactions), ":target", s(target));
                writes.add(TransactWriteItem.builder().update(u -> u.tableName(table.name).key(key(source, MERGING))
                        .updateExpression("SET itemsMoved = itemsMoved + :m, interactionsMoved = interactionsMoved + :i")
                        .conditionExpression("#into = :target")
                        .expressionAttributeNames(Map.of("#into", "into"))
                        .expressionAttributeValues(progress))
                        .build());
            } else {
                // after the last step: only into the lead the tombstone names
                writes.add(check(source, MERGED, "mergedInto = :target", Map.of(":target", s(target)), Map.of()));
            }
            writes.add(check(target, PROFILE, "attribute_exists(pk)", Map.of(), Map.of()));
            writes.add(check(target, MERGING, "attribute_not_exists(pk)", Map.of(), Map.of()));
            // The target's engagement ledger no longer stands for its interactions: marked incomplete,
            // and a rebuild read before this batch cannot be written over it (its generation moved).
            writes.add(TransactWriteItem.builder().update(u -> u.tableName(table.name).key(key(target, LeadItems.ENGAGEMENT))
                    .updateExpression("SET #type = :type, #lead = :lead ADD #g :one REMOVE #complete")
                    .expressionAttributeNames(Map.of("#g", LeadItems.LEDGER_GENERATION, "#complete", LeadItems.LEDGER_COMPLETE,
                            "#type", ITEM_TYPE, "#lead", "leadId"))
                    .expressionAttributeValues(Map.of(":one", n(1), ":type", s("engagement"), ":lead", s(target)))).build());
            return table.transact(writes) ? handled : -1;
        });
    }

    @Override
    public Optional<MergeReceipt> complete(MergePlan plan) {
        return Table.guarded(() -> {
            String source = plan.source().leadId();
            String target = plan.target().leadId();
            Optional<Map<String, AttributeValue>> mark = table.item(leadPk(source), MERGING);
            if (mark.isEmpty() || !target.equals(str(mark.get(), "into"))) {
                return Optional.<MergeReceipt>empty();
            }
            long moved = number(mark.get(), "itemsMoved");
            long interactions = number(mark.get(), "interactionsMoved");
            MergeReceipt receipt = new MergeReceipt(target, source, moved, plan.at());
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name).key(key(source, PROFILE))
                    .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(plan.source().version()))).build()).build());
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name).key(key(source, MERGING))
                    .conditionExpression("#into = :target AND itemsMoved = :moved")
                    .expressionAttributeNames(Map.of("#into", "into"))
                    .expressionAttributeValues(Map.of(":target", s(target), ":moved", n(moved))).build()).build());
            writes.add(table.putNew(tombstone(receipt)));
            writes.add(table.put(mergedLeadItem(plan.merged(), COMPLETED), "#v = :expected",
                    Map.of(":expected", n(plan.target().version())), Map.of("#v", "version")));
            writes.add(table.putNew(mergeRecord(plan, moved, interactions)));
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table.name)
                    .key(key(target, DUPLICATE_PREFIX + source))).build());
            writes.add(deleteAlways(target, INCOMING_PREFIX + source));
            writes.add(check(target, MERGING, "attribute_not_exists(pk)", Map.of(), Map.of()));
            return table.transact(writes) ? Optional.of(receipt) : Optional.<MergeReceipt>empty();
        });
    }

    /**
     * The source's next items to move, in key order: everything but its profile, its mark and its
     * tombstone. Its {@code INCOMING#} items move too: the lead it goes into then waits for those
     * merges before it can be erased, and each of them follows it there (a retarget).
     */
    private List<Map<String, AttributeValue>> nextItems(String source) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        int wanted = (MAX_ACTIONS - BATCH_OVERHEAD) / 2;
        do {
            final Map<String, AttributeValue> start = from;
            QueryResponse page = table.ddb.query(q -> q.tableName(table.name).consistentRead(true).limit(PAGE)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(leadPk(source))))
                    .exclusiveStartKey(start));
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = str(item, SK);
                if (!PROFILE.equals(sk) && !MERGING.equals(sk) && !MERGED.equals(sk) && items.size() < wanted) {
                    items.add(item);
                }
            }
            from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (from != null && items.size() < wanted);
        return items;
    }

    /** The target's items under the keys the batch's items move to (consistent). */
    private Map<String, Map<String, AttributeValue>> targetItems(String source, String target,
                                                                 List<Map<String, AttributeValue>> items) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            String sk = str(item, SK);
            if (!sk.startsWith(DUPLICATE_PREFIX) && !LeadItems.ENGAGEMENT.equals(sk)) {
                keys.add(key(target, targetSk(source, sk)));
            }
        }
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        Map<String, KeysAndAttributes> request = keys.isEmpty() ? Map.of()
                : Map.of(table.name, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            final Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse r = table.ddb.batchGetItem(b -> b.requestItems(pending));
            r.responses().getOrDefault(table.name, List.of()).forEach(i -> found.put(str(i, SK), i));
            request = r.unprocessedKeys() == null ? Map.of() : r.unprocessedKeys();
        }
        return found;
    }

    /**
     * The source's link to {@code other} becomes the target's: dropped when it links the two leads
     * being merged, re-pointed on both sides otherwise (dropped when the other lead is gone).
     *
     * @return 1 when a link moved to the target, else 0
     */
    private int relink(String source, String target, String other, List<TransactWriteItem> writes) {
        writes.add(deleteAlways(source, DUPLICATE_PREFIX + other));
        writes.add(deleteAlways(other, DUPLICATE_PREFIX + source));
        if (other.equals(target) || table.item(leadPk(other), PROFILE).isEmpty()) {
            return 0;
        }
        writes.add(table.putAlways(LeadItems.duplicateLink(target, other)));
        writes.add(table.putAlways(LeadItems.duplicateLink(other, target)));
        return 1;
    }

    /** The target's automated-mail slot after the merge: the later of the two, so the frequency cap still holds. */
    private Optional<TransactWriteItem> laterMailCap(Map<String, AttributeValue> sourceCap,
                                                     Map<String, AttributeValue> targetCap, String target) {
        Long sourceLast = mailCapMillis(sourceCap);
        Long targetLast = mailCapMillis(targetCap);
        if (sourceLast == null || (targetLast != null && targetLast >= sourceLast)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> cap = new HashMap<>(targetCap);
        cap.remove("lastAutomatedMailAt");
        cap.put("lastAutomatedMailAtMillis", n(sourceLast));
        return Optional.of(!targetCap.containsKey("lastAutomatedMailAtMillis") ? table.putAlways(cap)
                : table.put(cap, "lastAutomatedMailAtMillis = :read", Map.of(":read", n(targetLast)), Map.of()));
    }

    /** When a slot was last taken, in epoch milliseconds; slots kept before held an ISO string. */
    private static Long mailCapMillis(Map<String, AttributeValue> cap) {
        if (cap.containsKey("lastAutomatedMailAtMillis")) {
            return Long.valueOf(cap.get("lastAutomatedMailAtMillis").n());
        }
        String legacy = str(cap, "lastAutomatedMailAt");
        return legacy == null ? null : Instant.parse(legacy).toEpochMilli();
    }

    /** Where an item of the source goes on the target: the same key, but for markers named by the source's versions. */
    private static String targetSk(String source, String sk) {
        return sk.startsWith(SALES_MARKER_PREFIX)
                ? SALES_MARKER_PREFIX + "MERGED#" + source + "#" + sk.substring(SALES_MARKER_PREFIX.length()) : sk;
    }

    private static Map<String, AttributeValue> movedItem(Map<String, AttributeValue> item, String source, String target) {
        Map<String, AttributeValue> moved = new HashMap<>(item);
        moved.put(PK, s(leadPk(target)));
        moved.put(SK, s(targetSk(source, str(item, SK))));
        if (moved.containsKey("leadId")) {
            moved.put("leadId", s(target));
        }
        moved.put(MOVED_FROM, s(source));
        return moved;
    }

    /**
     * The lead's profile item as a merge writes it: {@code mergeVersion} tells the stream functions
     * that this version is no transition of its own, {@code mergeStep} which step wrote it. Later
     * writes of the lead are other versions.
     */
    private static Map<String, AttributeValue> mergedLeadItem(Lead lead, String step) {
        Map<String, AttributeValue> item = new HashMap<>(LeadItems.leadItem(lead));
        item.put(MERGE_VERSION, n(lead.version()));
        item.put(MERGE_STEP, s(step));
        return item;
    }

    /** The target's record of a merge into it; when it was asked for is on the source's {@code MERGING}. */
    private static Map<String, AttributeValue> incoming(String target, String source) {
        return Map.of(PK, s(leadPk(target)), SK, s(INCOMING_PREFIX + source), ITEM_TYPE, s("mergeIncoming"),
                "leadId", s(target), "from", s(source));
    }

    private static Map<String, AttributeValue> tombstone(MergeReceipt receipt) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(leadPk(receipt.mergedFrom())));
        m.put(SK, s(MERGED));
        m.put(ITEM_TYPE, s("mergedLead"));
        m.put("leadId", s(receipt.mergedFrom()));
        m.put("mergedInto", s(receipt.leadId()));
        m.put("mergedAt", s(receipt.mergedAt().toString()));
        m.put("itemsMoved", n(receipt.itemsMoved()));
        return m;
    }

    private static MergeReceipt receipt(Map<String, AttributeValue> tombstone) {
        return new MergeReceipt(str(tombstone, "mergedInto"), str(tombstone, "leadId"), number(tombstone, "itemsMoved"),
                Times.parse(str(tombstone, "mergedAt")));
    }

    private static Map<String, AttributeValue> mergeRecord(MergePlan plan, long moved, long interactions) {
        String source = plan.source().leadId();
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(PK, s(leadPk(plan.target().leadId())));
        m.put(SK, s(MERGE_PREFIX + Times.sortable(plan.at()) + "#" + source));
        m.put(ITEM_TYPE, s("merge"));
        m.put("leadId", s(plan.target().leadId()));
        m.put("from", s(source));
        m.put("who", s(plan.request().who()));
        if (plan.request().why() != null) {
            m.put("why", s(plan.request().why()));
        }
        m.put("requestedAt", s(plan.request().requestedAt().toString()));
        m.put("at", s(plan.at().toString()));
        m.put("itemsMoved", n(moved));
        m.put("interactionsMoved", n(interactions));
        m.put("interactionCount", n(plan.source().interactionCount()));
        if (plan.source().profile().email() != null) {
            m.put("emails", AttributeValue.fromSs(List.of(plan.source().profile().email())));
        }
        if (plan.source().profile().phone() != null) {
            m.put("phones", AttributeValue.fromSs(List.of(plan.source().profile().phone())));
        }
        return m;
    }

    /** Points one identity claim at the target, only while it still points at the source. */
    private void moveClaim(String claimKey, String source, String target) {
        try {
            table.ddb.updateItem(r -> r.tableName(table.name).key(Map.of(PK, s(claimKey), SK, s(IDENTITY)))
                    .updateExpression("SET leadId = :target").conditionExpression("leadId = :source")
                    .expressionAttributeValues(Map.of(":target", s(target), ":source", s(source))));
        } catch (ConditionalCheckFailedException e) {
            // another lead's, or nobody's: not the source's to give
        }
    }

    private static void addClaims(Set<String> claims, String email, String phone) {
        if (email != null) {
            claims.add(LeadItems.emailKey(email));
        }
        if (phone != null) {
            claims.add(LeadItems.phoneKey(phone));
        }
    }

    private TransactWriteItem deleteExisting(String leadId, String sk) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table.name).key(key(leadId, sk))
                .conditionExpression("attribute_exists(pk)").build()).build();
    }

    private TransactWriteItem deleteAlways(String leadId, String sk) {
        return TransactWriteItem.builder().delete(d -> d.tableName(table.name).key(key(leadId, sk))).build();
    }

    /** The lead carries no erasure mark: nothing is merged into or from a lead being erased. */
    private TransactWriteItem notErasing(String leadId) {
        return check(leadId, LeadErasures.ERASING, "attribute_not_exists(pk)", Map.of(), Map.of());
    }

    private TransactWriteItem check(String leadId, String sk, String condition, Map<String, AttributeValue> values,
                                    Map<String, String> names) {
        ConditionCheck.Builder c = ConditionCheck.builder().tableName(table.name).key(key(leadId, sk))
                .conditionExpression(condition);
        if (!values.isEmpty()) {
            c.expressionAttributeValues(values);
        }
        if (!names.isEmpty()) {
            c.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().conditionCheck(c.build()).build();
    }

    private static Map<String, AttributeValue> key(String leadId, String sk) {
        return Map.of(PK, s(leadPk(leadId)), SK, s(sk));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? 0 : Long.parseLong(v.n());
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasSs() ? List.of() : v.ss();
    }
}

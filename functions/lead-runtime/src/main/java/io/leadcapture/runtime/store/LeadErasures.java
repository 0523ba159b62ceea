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

import io.leadcapture.application.ErasureReceipt;
import io.leadcapture.application.ErasureRequest;
import io.leadcapture.application.ErasureState;
import io.leadcapture.application.port.CompleteErasurePort;
import io.leadcapture.application.port.EraseLeadItemsPort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.MarkErasurePort;
import io.leadcapture.core.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The store's side of an erasure ({@link io.leadcapture.application.EraseLead}): the erasing mark,
 * identity claims and address suppressions deleted, idempotency records stripped of what derives
 * from the request body, the lead's items deleted in batches of one transaction each, and the last
 * step that leaves only a receipt without personal data.
 *
 * <p>Every step is complete or not done, and safe to repeat: a claim is deleted only while it names
 * the lead, an item only while it exists, each in the same transaction as the mark's counter.
 */
public final class LeadErasures implements FindErasureStatePort, MarkErasurePort, EraseLeadItemsPort, CompleteErasurePort {
    static final String ERASING = "ERASING";
    static final String ERASED = "ERASED";
    /** The address suppression list's items (written by the mail feedback path). */
    private static final String MERGE_PREFIX = LeadMerges.MERGE_PREFIX;
    private static final String DUPLICATE_PREFIX = LeadItems.DUPLICATE_PREFIX;
    /** DynamoDB takes at most 100 actions in one transaction. */
    private static final int MAX_ACTIONS = 100;
    /** An item and the other lead's link back to it. */
    private static final int MAX_ACTIONS_PER_ITEM = 2;
    /** The progress counter (or the receipt's check). */
    private static final int BATCH_OVERHEAD = 1;
    private static final int PAGE = 100;

    private final Table table;

    LeadErasures(Table table) {
        this.table = table;
    }

    @Override
    public ErasureState erasureState(String leadId) {
        return Table.guarded(() -> {
            // ERASED and ERASING sort next to each other: one query reads both.
            Map<String, Map<String, AttributeValue>> items = table.between(leadPk(leadId), ERASED, ERASING);
            if (items.containsKey(ERASED)) {
                return new ErasureState.Erased(receipt(items.get(ERASED)));
            }
            Map<String, AttributeValue> erasing = items.get(ERASING);
            return erasing == null ? new ErasureState.NotErased()
                    : new ErasureState.Erasing(new ErasureRequest(str(erasing, "requestedBy"), str(erasing, "reason"),
                            Times.parse(str(erasing, "requestedAt"))), number(erasing, "itemsDeleted"));
        });
    }

    @Override
    public boolean markErasing(Lead read, ErasureRequest request) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> mark = new HashMap<>();
            mark.put(PK, s(leadPk(read.leadId())));
            mark.put(SK, s(ERASING));
            mark.put(ITEM_TYPE, s("erasureInProgress"));
            mark.put("leadId", s(read.leadId()));
            mark.put("requestedBy", s(request.requestedBy()));
            if (request.reason() != null) {
                mark.put("reason", s(request.reason()));
            }
            mark.put("requestedAt", s(request.requestedAt().toString()));
            mark.put("itemsDeleted", n(0));
            return table.transact(List.of(table.putNew(mark), check(read.leadId(), PROFILE, "#v = :v",
                    Map.of(":v", n(read.version())), Map.of("#v", "version")),
                    check(read.leadId(), LeadMerges.MERGING, "attribute_not_exists(pk)", Map.of(), Map.of())));
        });
    }

    @Override
    public void unmarkErasing(String leadId) {
        Table.guarded(() -> {
            try {
                table.ddb.deleteItem(d -> d.tableName(table.name).key(key(leadId, ERASING))
                        .conditionExpression("itemsDeleted = :zero").expressionAttributeValues(Map.of(":zero", n(0))));
            } catch (ConditionalCheckFailedException e) {
                // gone already, or items were erased under it: the erasure stands
            }
            return null;
        });
    }

    @Override
    public void eraseIdentities(String leadId, Lead profile) {
        Table.guarded(() -> {
            boolean counting = table.item(leadPk(leadId), ERASING).isPresent();
            Set<String> emails = new LinkedHashSet<>();
            Set<String> phones = new LinkedHashSet<>();
            add(emails, profile.profile().email());
            add(phones, profile.profile().phone());
            eraseClaims(leadId, emails, phones, counting);
            return null;
        });
    }

    @Override
    public int eraseBatch(String leadId) {
        return Table.guarded(() -> {
            List<Map<String, AttributeValue>> items = nextItems(leadId);
            if (items.isEmpty()) {
                return 0;
            }
            boolean counting = table.item(leadPk(leadId), ERASING).isPresent();
            List<TransactWriteItem> writes = new ArrayList<>();
            List<Map<String, AttributeValue>> batch = new ArrayList<>();
            for (Map<String, AttributeValue> item : items) {
                if (writes.size() + MAX_ACTIONS_PER_ITEM + BATCH_OVERHEAD > MAX_ACTIONS) {
                    break;
                }
                String sk = str(item, SK);
                batch.add(item);
                writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name)
                        .key(key(leadId, sk)).conditionExpression("attribute_exists(pk)").build()).build());
                if (sk.startsWith(DUPLICATE_PREFIX)) {
                    // the other lead's link back to this one names a lead that will not exist
                    String other = sk.substring(DUPLICATE_PREFIX.length());
                    writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table.name)
                            .key(key(other, DUPLICATE_PREFIX + leadId))).build());
                }
            }
            // What the batch's items point at outside the partition goes before them, while they still name it.
            Set<String> emails = new LinkedHashSet<>();
            Set<String> phones = new LinkedHashSet<>();
            for (Map<String, AttributeValue> item : batch) {
                String sk = str(item, SK);
                if (sk.startsWith(INTERACTION_PREFIX)) {
                    AttributeValue submitted = item.get("submitted");
                    if (submitted != null && submitted.hasM()) {
                        add(emails, str(submitted.m(), "email"));
                        add(phones, str(submitted.m(), "phone"));
                    }
                    String idempotencyPk = str(item, CaptureStore.IDEMPOTENCY_PK);
                    if (idempotencyPk != null) {
                        CaptureStore.stripIdempotencyRecord(table, idempotencyPk);
                    }
                } else if (sk.startsWith(MERGE_PREFIX)) {
                    strings(item, "emails").forEach(e -> add(emails, e));
                    strings(item, "phones").forEach(p -> add(phones, p));
                }
            }
            eraseClaims(leadId, emails, phones, counting);
            if (counting) {
                writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table.name).key(key(leadId, ERASING))
                        .updateExpression("ADD itemsDeleted :n").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":n", n(batch.size()))).build()).build());
            } else {
                // after the last step: stragglers only of a lead the receipt says is erased
                writes.add(check(leadId, ERASED, "attribute_exists(pk)", Map.of(), Map.of()));
            }
            return table.transact(writes) ? batch.size() : -1;
        });
    }

    @Override
    public Optional<ErasureReceipt> completeErasure(Lead read, Instant at) {
        return Table.guarded(() -> {
            String leadId = read.leadId();
            Optional<Map<String, AttributeValue>> mark = table.item(leadPk(leadId), ERASING);
            if (mark.isEmpty()) {
                return Optional.<ErasureReceipt>empty();
            }
            long deleted = number(mark.get(), "itemsDeleted");
            ErasureReceipt receipt = new ErasureReceipt(leadId, at, deleted + 1, str(mark.get(), "requestedBy"),
                    str(mark.get(), "reason"));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name).key(key(leadId, PROFILE))
                    .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":v", n(read.version()))).build()).build());
            writes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table.name).key(key(leadId, ERASING))
                    .conditionExpression("itemsDeleted = :deleted")
                    .expressionAttributeValues(Map.of(":deleted", n(deleted))).build()).build());
            writes.add(table.putNew(receiptItem(receipt, mark.get())));
            return table.transact(writes) ? Optional.of(receipt) : Optional.<ErasureReceipt>empty();
        });
    }

    /** The lead's next items to delete, in key order: everything but its profile and its erasure records. */
    private List<Map<String, AttributeValue>> nextItems(String leadId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> from = null;
        int wanted = (MAX_ACTIONS - BATCH_OVERHEAD) / MAX_ACTIONS_PER_ITEM;
        do {
            final Map<String, AttributeValue> start = from;
            QueryResponse page = table.ddb.query(q -> q.tableName(table.name).consistentRead(true).limit(PAGE)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId))))
                    .exclusiveStartKey(start));
            for (Map<String, AttributeValue> item : page.items()) {
                String sk = str(item, SK);
                if (!PROFILE.equals(sk) && !ERASING.equals(sk) && !ERASED.equals(sk) && items.size() < wanted) {
                    items.add(item);
                }
            }
            from = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (from != null && items.size() < wanted);
        return items;
    }

    /**
     * Deletes the claims of the emails and phones while they name this lead (another lead's claim of
     * a value this one only proposed stays), and the suppression entries of the emails. Each
     * deletion is counted on the mark in the same transaction, so a repeat counts nothing twice.
     */
    private void eraseClaims(String leadId, Set<String> emails, Set<String> phones, boolean counting) {
        for (String email : emails) {
            deleteCounted(leadId, LeadItems.emailKey(email), IDENTITY, "leadId = :lead", Map.of(":lead", s(leadId)),
                    counting);
            deleteCounted(leadId, MailSuppressions.suppressionPk(email), MailSuppressions.SUPPRESSION, "attribute_exists(pk)", Map.of(), counting);
        }
        for (String phone : phones) {
            deleteCounted(leadId, LeadItems.phoneKey(phone), IDENTITY, "leadId = :lead", Map.of(":lead", s(leadId)),
                    counting);
        }
    }

    private void deleteCounted(String leadId, String pk, String sk, String condition, Map<String, AttributeValue> values,
                               boolean counting) {
        if (!counting) {
            try {
                table.ddb.deleteItem(r -> {
                    r.tableName(table.name).key(Map.of(PK, s(pk), SK, s(sk))).conditionExpression(condition);
                    if (!values.isEmpty()) {
                        r.expressionAttributeValues(values);
                    }
                });
            } catch (ConditionalCheckFailedException e) {
                // not there, or another lead's
            }
            return;
        }
        Delete.Builder delete = Delete.builder().tableName(table.name).key(Map.of(PK, s(pk), SK, s(sk)))
                .conditionExpression(condition);
        if (!values.isEmpty()) {
            delete.expressionAttributeValues(values);
        }
        // false: not there, another lead's, or the mark gone (completed meanwhile): nothing to count
        table.transact(List.of(TransactWriteItem.builder().delete(delete.build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName(table.name).key(key(leadId, ERASING))
                        .updateExpression("ADD itemsDeleted :one").conditionExpression("attribute_exists(pk)")
                        .expressionAttributeValues(Map.of(":one", n(1))).build()).build()));
    }

    private static Map<String, AttributeValue> receiptItem(ErasureReceipt receipt, Map<String, AttributeValue> mark) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(leadPk(receipt.leadId())));
        m.put(SK, s(ERASED));
        m.put(ITEM_TYPE, s("erasedLead"));
        m.put("leadId", s(receipt.leadId()));
        m.put("erasedAt", s(receipt.erasedAt().toString()));
        m.put("requestedAt", mark.get("requestedAt"));
        m.put("requestedBy", s(receipt.requestedBy()));
        if (receipt.reason() != null) {
            m.put("reason", s(receipt.reason()));
        }
        m.put("itemsDeleted", n(receipt.itemsDeleted()));
        return m;
    }

    private static ErasureReceipt receipt(Map<String, AttributeValue> item) {
        return new ErasureReceipt(str(item, "leadId"), Times.parse(str(item, "erasedAt")), number(item, "itemsDeleted"),
                str(item, "requestedBy"), str(item, "reason"));
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

    private static void add(Set<String> set, String value) {
        if (value != null && !value.isBlank()) {
            set.add(value);
        }
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

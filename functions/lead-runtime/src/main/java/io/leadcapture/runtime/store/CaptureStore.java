package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.CapturePlan;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.port.CommitCapturePort;
import io.leadcapture.application.port.FindCapturedRequestPort;
import io.leadcapture.application.port.FindIdentityOwnersPort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.core.Lead;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The store's side of a capture ({@link io.leadcapture.application.CaptureLead}): who owns an email
 * or phone, a lead's profile, earlier requests by idempotency key, and one {@code TransactWriteItems}
 * per plan — the lead (created, or replaced under an optimistic version check), the interaction, the
 * identity claims, the possible-duplicate links and the idempotency record commit together or not at all.
 */
public final class CaptureStore
        implements FindIdentityOwnersPort, LoadLeadProfilePort, FindCapturedRequestPort, CommitCapturePort {
    private static final String IDEMPOTENCY = "IDEMPOTENCY";
    /** On an interaction: the idempotency record its capture wrote, which an erasure strips. */
    static final String IDEMPOTENCY_PK = "idempotencyPk";
    /** On an idempotency record of an erased lead: what derived from the request body is gone. */
    private static final String ERASED = "erased";
    /** A key no item ever has: SnapStart priming conditions on it. */
    private static final String PRIMING_PK = "PRIME#snapshot";

    private final Table table;

    CaptureStore(Table table) {
        this.table = table;
    }

    @Override
    public IdentityOwners owners(String email, String phone) {
        return Table.guarded(() -> {
            String emailKey = email == null ? null : LeadItems.emailKey(email);
            String phoneKey = phone == null ? null : LeadItems.phoneKey(phone);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String k : new String[] {emailKey, phoneKey}) {
                if (k != null) {
                    keys.add(Map.of(PK, s(k), SK, s(IDENTITY)));
                }
            }
            Map<String, String> owners = new HashMap<>();
            Map<String, KeysAndAttributes> request = keys.isEmpty() ? Map.of() : Map.of(table.name,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                final Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse resp = table.ddb.batchGetItem(r -> r.requestItems(pending));
                resp.responses().getOrDefault(table.name, List.of()).forEach(i -> owners.put(str(i, PK), str(i, "leadId")));
                request = resp.unprocessedKeys() == null ? Map.of() : resp.unprocessedKeys();
            }
            return new IdentityOwners(emailKey == null ? null : owners.get(emailKey),
                    phoneKey == null ? null : owners.get(phoneKey));
        });
    }

    @Override
    public Optional<Lead> profile(String leadId) {
        return Table.guarded(() -> table.item(leadPk(leadId), PROFILE).map(LeadItems::lead));
    }

    @Override
    public Optional<CaptureResult> earlier(IdempotencyKey key) {
        return Table.guarded(() -> table.item(idempotencyPk(key), IDEMPOTENCY).map(item -> {
            // An erased lead's record has no hash left to compare: any request with its key is a duplicate.
            boolean erased = item.containsKey(ERASED);
            if (!erased && key.requestHash() != null && !key.requestHash().equals(str(item, "requestHash"))) {
                throw new IdempotencyConflictException();
            }
            return new CaptureResult(str(item, "leadId"), str(item, "interactionId"),
                    CaptureResult.Outcome.valueOf(str(item, "outcome").toUpperCase(Locale.ROOT)), true);
        }));
    }

    @Override
    public boolean commit(CapturePlan plan) {
        List<TransactWriteItem> writes = writes(plan);
        String token = requestToken(plan);
        return Table.guarded(() -> table.transact(writes, r -> r.clientRequestToken(token)));
    }

    /**
     * The token makes the SDK's own retries of this request idempotent. It names the attempt: a
     * retry after a lost race is another transaction, which DynamoDB must not take for a repeat.
     */
    private static String requestToken(CapturePlan plan) {
        return UUID.nameUUIDFromBytes((plan.interaction().interactionId() + "#" + plan.attempt())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * SnapStart priming: the plan's items are built as {@link #commit} builds them, then not sent; the
     * request that is sent instead is a transaction of one condition check on a key no item has,
     * which DynamoDB cancels, so nothing can be written. It takes the commit's path through the SDK
     * (marshalling, cancellation reasons) and reports the plan as committed, so the use case ends as
     * after a capture.
     */
    public CommitCapturePort primingCommit() {
        return plan -> {
            writes(plan);
            primeTransaction(requestToken(plan));
            return true;
        };
    }

    /**
     * SnapStart priming without a plan: the reads of a capture (an idempotency record and the
     * identities of an address and phone no lead has) and the transaction that can only be cancelled.
     */
    public void prime() {
        earlier(new IdempotencyKey("priming", "snapstart-priming", null));
        owners("snapstart.priming@example.com", "+4930000000000");
        primeTransaction(UUID.randomUUID().toString());
    }

    private void primeTransaction(String token) {
        Table.guarded(() -> table.transact(List.of(TransactWriteItem.builder().conditionCheck(c -> c
                .tableName(table.name).key(Map.of(PK, s(PRIMING_PK), SK, s(PRIMING_PK)))
                .conditionExpression("attribute_exists(pk)")).build()), r -> r.clientRequestToken(token)));
    }

    private List<TransactWriteItem> writes(CapturePlan plan) {
        Lead lead = plan.lead();
        List<TransactWriteItem> writes = new ArrayList<>();
        if (plan.createsLead()) {
            writes.add(table.putNew(LeadItems.leadItem(lead)));
        } else {
            writes.add(table.replaceLead(lead, plan.expectedVersion()));
        }
        Map<String, AttributeValue> interaction = LeadItems.interactionItem(lead.leadId(), plan.interaction(), plan.test());
        if (plan.idempotency() != null) {
            interaction.put(IDEMPOTENCY_PK, s(idempotencyPk(plan.idempotency())));
        }
        writes.add(table.putNew(interaction));
        if (plan.claimEmail() != null) {
            writes.add(table.putNew(LeadItems.identityItem(LeadItems.emailKey(plan.claimEmail()), lead.leadId())));
        }
        if (plan.claimPhone() != null) {
            writes.add(table.putNew(LeadItems.identityItem(LeadItems.phoneKey(plan.claimPhone()), lead.leadId())));
        }
        if (plan.duplicateOf() != null) {
            // Both ways, so sales sees the link on either lead; a repeat writes the same links again.
            writes.add(table.putAlways(LeadItems.duplicateLink(lead.leadId(), plan.duplicateOf())));
            writes.add(table.putAlways(LeadItems.duplicateLink(plan.duplicateOf(), lead.leadId())));
        }
        if (plan.idempotency() != null) {
            writes.add(table.putNew(idempotencyItem(plan)));
        }
        return writes;
    }

    /**
     * Keeps an idempotency record of an erased lead, so a retried request or a redelivered webhook
     * is still answered as a duplicate, without the hash of the request body. A record that expired
     * stays gone.
     */
    static void stripIdempotencyRecord(Table table, String idempotencyPk) {
        try {
            table.ddb.updateItem(r -> r.tableName(table.name).key(Map.of(PK, s(idempotencyPk), SK, s(IDEMPOTENCY)))
                    .updateExpression("SET #erased = :true REMOVE requestHash")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeNames(Map.of("#erased", ERASED))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
        } catch (ConditionalCheckFailedException e) {
            // expired (TTL) already
        }
    }

    private static String idempotencyPk(IdempotencyKey key) {
        return IDEMPOTENCY + "#" + key.digest();
    }

    private static Map<String, AttributeValue> idempotencyItem(CapturePlan plan) {
        IdempotencyKey key = plan.idempotency();
        CaptureResult result = plan.result();
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(idempotencyPk(key)));
        m.put(SK, s(IDEMPOTENCY));
        m.put(LeadItems.ITEM_TYPE, s("idempotency"));
        m.put("scope", s(key.scope()));
        if (key.requestHash() != null) {
            m.put("requestHash", s(key.requestHash()));
        }
        m.put("leadId", s(result.leadId()));
        m.put("interactionId", s(result.interactionId()));
        m.put("outcome", s(result.outcome().wireName()));
        m.put("createdAt", s(plan.at().toString()));
        m.put("expiresAt", LeadItems.n(plan.at().plus(key.ttl()).getEpochSecond()));
        return m;
    }
}

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
import java.time.Duration;
import java.time.Instant;
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

    private final Table table;

    CaptureStore(Table table) {
        this.table = table;
    }

    @Override
    public IdentityOwners owners(String email, String phone) {
        return owners(email, phone, null);
    }

    @Override
    public IdentityOwners owners(String email, String phone, Duration within) {
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
                BatchGetItemResponse resp = table.ddb.batchGetItem(r -> r.requestItems(pending)
                        .overrideConfiguration(Table.within(within)));
                resp.responses().getOrDefault(table.name, List.of()).forEach(i -> owners.put(str(i, PK), str(i, "leadId")));
                request = resp.unprocessedKeys() == null ? Map.of() : resp.unprocessedKeys();
            }
            return new IdentityOwners(emailKey == null ? null : owners.get(emailKey),
                    phoneKey == null ? null : owners.get(phoneKey));
        });
    }

    @Override
    public Optional<Lead> profile(String leadId) {
        return profile(leadId, null);
    }

    @Override
    public Optional<Lead> profile(String leadId, Duration within) {
        return Table.guarded(() -> table.item(leadPk(leadId), PROFILE, within).map(LeadItems::lead));
    }

    /** The earlier request with {@code key}, whether or not its window has passed. */
    @Override
    public Optional<CaptureResult> earlier(IdempotencyKey key) {
        return earlier(key, null, null);
    }

    @Override
    public Optional<CaptureResult> earlier(IdempotencyKey key, Instant now, Duration within) {
        return Table.guarded(() -> table.item(idempotencyPk(key), IDEMPOTENCY, within)
                .filter(item -> now == null || !expired(item, now)).map(item -> {
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
        return commit(plan, null);
    }

    /**
     * One transaction for the plan. Its client request token names the interaction and the
     * attempt: the SDK's own retries of this request (after a lost answer) repeat it under the same
     * token, which DynamoDB answers as the first call if that committed; a retry after a lost race is
     * another transaction with other items and must not reuse a token (DynamoDB binds a token to its
     * parameters for 10 minutes, and a cancelled transaction counts as completed).
     */
    @Override
    public boolean commit(CapturePlan plan, Duration within) {
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
            // A record past its window may linger until TTL deletes it (up to days): it is taken over.
            writes.add(table.put(idempotencyItem(plan), "attribute_not_exists(pk) OR expiresAt <= :now",
                    Map.of(":now", LeadItems.n(plan.at().getEpochSecond())), Map.of()));
        }
        String token = requestToken(plan.interaction().interactionId(), plan.attempt());
        if (Table.guarded(() -> table.transact(writes, r -> r.clientRequestToken(token)
                .overrideConfiguration(Table.within(within))))) {
            return true;
        }
        // Lost, or lost against itself: the SDK sent it again after a lost answer and the store did not
        // recognise the token (the emulator ignores tokens). The interaction's id is new with this
        // request, so the item exists only if this very transaction committed.
        return Table.guarded(() -> table.item(interaction.get(PK).s(), interaction.get(SK).s(), within).isPresent());
    }

    /** The client request token of one attempt of one capture (at most 36 characters, as DynamoDB allows). */
    static String requestToken(String interactionId, int attempt) {
        return UUID.nameUUIDFromBytes((interactionId + "#" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean expired(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get("expiresAt");
        return expiresAt != null && expiresAt.n() != null && Long.parseLong(expiresAt.n()) <= now.getEpochSecond();
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

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
import io.leadcapture.application.port.LookUpCapturePort;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.scoring.EngagementLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The store's side of a capture ({@link io.leadcapture.application.CaptureLead}): who owns an email
 * or phone, a lead's profile, earlier requests by idempotency key, and one {@code TransactWriteItems}
 * per plan — the lead (created, or replaced under an optimistic version check), the interaction, the
 * identity claims, the possible-duplicate links and the idempotency record commit together or not at all.
 */
public final class CaptureStore implements FindIdentityOwnersPort, LoadLeadProfilePort, FindCapturedRequestPort,
        LookUpCapturePort, CommitCapturePort {
    static final String IDEMPOTENCY = "IDEMPOTENCY";
    /** On an interaction: the idempotency record its capture wrote, which an erasure strips. */
    static final String IDEMPOTENCY_PK = "idempotencyPk";
    /** On an idempotency record of an erased lead: what derived from the request body is gone. */
    private static final String ERASED = "erased";
    /** A key no item ever has: SnapStart priming conditions on it. */
    private static final String PRIMING_PK = "PRIME#snapshot";

    /** The default of {@code MAX_FREE_TEXT_BYTES_PER_LEAD_DAY}: free text one lead stores per UTC day (docs/forms.md). */
    public static final long DEFAULT_FREE_TEXT_BYTES_PER_DAY = 1_000_000;

    private final Table table;
    private final long freeTextBytesPerDay;

    CaptureStore(Table table, long freeTextBytesPerDay) {
        this.table = table;
        this.freeTextBytesPerDay = freeTextBytesPerDay;
    }

    @Override
    public IdentityOwners owners(String email, String phone) {
        return owners(email, phone, null);
    }

    @Override
    public IdentityOwners owners(String email, String phone, Duration within) {
        return lookUp(null, null, email, phone, within).owners();
    }

    /**
     * The identities of the email and phone and the idempotency record of {@code key} in one
     * strongly consistent {@code BatchGetItem}: a capture with a key (an HTML form post, a webhook)
     * reads both before every attempt.
     */
    @Override
    public CaptureLookUp lookUp(IdempotencyKey key, Instant now, String email, String phone, Duration within) {
        return Table.guarded(() -> {
            String emailKey = email == null ? null : LeadItems.emailKey(email);
            String phoneKey = phone == null ? null : LeadItems.phoneKey(phone);
            String requestKey = key == null ? null : idempotencyPk(key);
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (String k : new String[] {emailKey, phoneKey}) {
                if (k != null) {
                    keys.add(Map.of(PK, s(k), SK, s(IDENTITY)));
                }
            }
            if (requestKey != null) {
                keys.add(Map.of(PK, s(requestKey), SK, s(IDEMPOTENCY)));
            }
            Map<String, String> owners = new HashMap<>();
            Map<String, AttributeValue> record = null;
            Map<String, KeysAndAttributes> request = keys.isEmpty() ? Map.of() : Map.of(table.name,
                    KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
            while (!request.isEmpty()) {
                final Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse resp = table.ddb.batchGetItem(r -> r.requestItems(pending)
                        .overrideConfiguration(Table.within(within)));
                for (Map<String, AttributeValue> item : resp.responses().getOrDefault(table.name, List.of())) {
                    if (IDEMPOTENCY.equals(str(item, SK))) {
                        record = item;
                    } else {
                        owners.put(str(item, PK), str(item, "leadId"));
                    }
                }
                request = resp.unprocessedKeys() == null ? Map.of() : resp.unprocessedKeys();
            }
            return new CaptureLookUp(key == null ? Optional.empty() : earlierIn(record, key, now),
                    new IdentityOwners(emailKey == null ? null : owners.get(emailKey),
                            phoneKey == null ? null : owners.get(phoneKey)));
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
        return earlier(key, (Instant) null, null);
    }

    @Override
    public Optional<CaptureResult> earlier(IdempotencyKey key, Instant now, Duration within) {
        return Table.guarded(() -> earlierIn(table.item(idempotencyPk(key), IDEMPOTENCY, within).orElse(null), key, now));
    }

    /** The earlier request of {@code key} its record (or null) holds, unless the key's window passed by {@code now}. */
    private static Optional<CaptureResult> earlierIn(Map<String, AttributeValue> item, IdempotencyKey key, Instant now) {
        if (item == null || (now != null && expired(item, now))) {
            return Optional.empty();
        }
        // An erased lead's record has no hash left to compare: any request with its key is a duplicate.
        boolean erased = item.containsKey(ERASED);
        if (!erased && key.requestHash() != null && !key.requestHash().equals(str(item, "requestHash"))) {
            throw new IdempotencyConflictException();
        }
        return Optional.of(new CaptureResult(str(item, "leadId"), str(item, "interactionId"),
                CaptureResult.Outcome.valueOf(str(item, "outcome").toUpperCase(Locale.ROOT)), true));
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
        Writes planned = writes(plan);
        String token = requestToken(plan.interaction().interactionId(), plan.attempt());
        if (Table.guarded(() -> table.transact(planned.writes(), r -> r.clientRequestToken(token)
                .overrideConfiguration(Table.within(within))))) {
            return true;
        }
        // Lost, or lost against itself: the SDK sent it again after a lost answer and the store did not
        // recognise the token (the emulator ignores tokens). The interaction's id is new with this
        // request, so the item exists only if this very transaction committed.
        Map<String, AttributeValue> interaction = planned.interaction();
        return Table.guarded(() -> table.item(interaction.get(PK).s(), interaction.get(SK).s(), within).isPresent());
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
            primeTransaction(requestToken(plan.interaction().interactionId(), plan.attempt()));
            return true;
        };
    }

    /**
     * SnapStart priming without a plan: the read of a capture (an idempotency record and the
     * identities of an address and phone no lead has, in one batch) and the transaction that can
     * only be cancelled.
     */
    public void prime() {
        lookUp(new IdempotencyKey("priming", "snapstart-priming", null), null, "snapstart.priming@example.com",
                "+4930000000000", null);
        primeTransaction(UUID.randomUUID().toString());
    }

    /**
     * The SDK request and answer types every capture sends and reads (the identities and idempotency
     * record in one batch read, the transaction of puts and updates) built once, offline: their first
     * use sets up per-type field tables (hundreds of generated classes). Needs no client, so a start-up thread can do it
     * while the client is still being built, and the first request only sends.
     */
    public static void loadRequestTypes() {
        Map<String, AttributeValue> key = Map.of(PK, s(PRIMING_PK), SK, s(PRIMING_PK));
        Map<String, AttributeValue> item = Map.of(PK, s(PRIMING_PK), SK, s(PRIMING_PK), "n", LeadItems.n(1),
                "b", AttributeValue.fromBool(true), "m", AttributeValue.fromM(Map.of("l", AttributeValue.fromL(List.of(s("x"))))));
        BatchGetItemRequest.builder().requestItems(Map.of("t", KeysAndAttributes.builder().keys(List.of(key))
                .consistentRead(true).build())).build();
        BatchGetItemResponse.builder().responses(Map.of("t", List.of(item))).unprocessedKeys(Map.of()).build();
        TransactWriteItemsRequest.builder().clientRequestToken("t").transactItems(List.of(
                TransactWriteItem.builder().put(Put.builder().tableName("t").item(item).conditionExpression("c")
                        .expressionAttributeNames(Map.of("#n", "n")).expressionAttributeValues(item).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName("t").key(key).updateExpression("SET a = :a")
                        .expressionAttributeValues(item).build()).build())).build();
        TransactWriteItemsResponse.builder().build();
    }

    private void primeTransaction(String token) {
        Table.guarded(() -> table.transact(List.of(TransactWriteItem.builder().conditionCheck(c -> c
                .tableName(table.name).key(Map.of(PK, s(PRIMING_PK), SK, s(PRIMING_PK)))
                .conditionExpression("attribute_exists(pk)")).build()), r -> r.clientRequestToken(token)));
    }

    /** A plan's transaction items, and its interaction item (whose presence says the transaction committed). */
    private record Writes(List<TransactWriteItem> writes, Map<String, AttributeValue> interaction) {
    }

    private Writes writes(CapturePlan plan) {
        Lead lead = plan.lead();
        List<TransactWriteItem> writes = new ArrayList<>();
        if (plan.createsLead()) {
            writes.add(table.putNew(LeadItems.leadItem(lead)));
        } else {
            writes.add(table.replaceLead(lead, plan.expectedVersion()));
        }
        FreeText text = freeText(plan);
        Map<String, AttributeValue> interaction = LeadItems.interactionItem(lead.leadId(), text.recorded(), plan.test());
        if (plan.idempotency() != null) {
            interaction.put(IDEMPOTENCY_PK, s(idempotencyPk(plan.idempotency())));
        }
        writes.add(table.putNew(interaction));
        writes.add(ledgerEntry(lead.leadId(), plan, text));
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
        return new Writes(writes, interaction);
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
     * The interaction's entry in the lead's engagement ledger (docs/data-model.md#engagement-ledger),
     * in the capture's transaction: a SET of its own attribute and a count, so concurrent captures
     * never conflict on it. A new lead's ledger is complete from its first entry; any other lead's
     * stays as complete as it was (a lead without one gets it rebuilt by its next rescore).
     */
    private TransactWriteItem ledgerEntry(String leadId, CapturePlan plan, FreeText text) {
        EngagementLedger.Entry entry = EngagementLedger.Entry.of(plan.interaction());
        Map<String, String> names = new HashMap<>(Map.of("#e", LeadItems.entryAttribute(entry.interactionId()),
                "#adds", LeadItems.LEDGER_ADDS, "#type", LeadItems.ITEM_TYPE, "#lead", "leadId"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":e", LeadItems.entryValue(entry),
                ":one", LeadItems.n(1), ":type", s("engagement"), ":lead", s(leadId)));
        String set = "SET #e = :e, #type = :type, #lead = :lead";
        String add = " ADD #adds :one";
        if (plan.createsLead()) {
            names.put("#complete", LeadItems.LEDGER_COMPLETE);
            values.put(":true", AttributeValue.fromBool(true));
            set += ", #complete = :true";
        }
        if (text.bytes() > 0) {
            names.put("#textDay", LeadItems.TEXT_DAY);
            names.put("#textBytes", LeadItems.TEXT_BYTES);
            values.put(":day", s(text.day()));
            values.put(":text", LeadItems.n(text.bytes()));
            // A new day starts the count again; within a day concurrent captures add up.
            set += ", #textDay = :day" + (text.sameDay() ? "" : ", #textBytes = :text");
            add += text.sameDay() ? ", #textBytes :text" : "";
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(leadPk(leadId)), SK, s(LeadItems.ENGAGEMENT)))
                .updateExpression(set + add)
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
    }

    /**
     * The interaction as it is stored: with its free text while the lead's free text of the day stays
     * within {@code MAX_FREE_TEXT_BYTES_PER_LEAD_DAY}, else without it (named in {@code truncated});
     * and what it adds to the day's count. The count is read eventually consistent: concurrent posts
     * may pass it together, by at most one post each.
     */
    private FreeText freeText(CapturePlan plan) {
        Interaction i = plan.interaction();
        String day = i.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
        long bytes = i.freeTextBytes();
        if (bytes == 0) {
            return new FreeText(i, day, 0, false);
        }
        long used = 0;
        boolean sameDay = false;
        if (!plan.createsLead()) {
            Map<String, AttributeValue> count = Table.guarded(() -> table.ddb.getItem(r -> r.tableName(table.name)
                    .key(Map.of(PK, s(leadPk(plan.lead().leadId())), SK, s(LeadItems.ENGAGEMENT)))
                    .projectionExpression("#d, #b")
                    .expressionAttributeNames(Map.of("#d", LeadItems.TEXT_DAY, "#b", LeadItems.TEXT_BYTES))).item());
            sameDay = count != null && day.equals(str(count, LeadItems.TEXT_DAY)) && count.containsKey(LeadItems.TEXT_BYTES);
            used = sameDay ? Long.parseLong(count.get(LeadItems.TEXT_BYTES).n()) : 0;
        }
        if (used + bytes > freeTextBytesPerDay) {
            return new FreeText(i.withoutFreeText(), day, 0, sameDay);
        }
        return new FreeText(i, day, bytes, sameDay);
    }

    private record FreeText(Interaction recorded, String day, long bytes, boolean sameDay) {
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
        return idempotencyPk(key.digest());
    }

    /** The partition key of the idempotency record of a key with this {@link IdempotencyKey#digest()}. */
    static String idempotencyPk(String digest) {
        return IDEMPOTENCY + "#" + digest;
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

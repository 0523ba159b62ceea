package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.IdentityKeys;
import io.leadcapture.core.IdentityMatch;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.Submission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The only class that speaks to the leads table: every key, expression and condition lives here.
 *
 * <p>A capture is one {@code TransactWriteItems}: the lead (created, or replaced under an optimistic
 * version check), the interaction, the identity claims (email, phone) and the idempotency record
 * commit together or not at all. When a concurrent writer wins a condition, the capture reads again
 * and retries, so two submissions of one person never create two leads and never lose an interaction.
 */
public final class LeadStore {
    static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);
    private static final int MAX_ATTEMPTS = 12;

    private final DynamoDbClient ddb;
    private final String table;
    private final LeadMerge merge;
    private final Clock clock;
    private final Supplier<String> leadIds;

    public LeadStore(DynamoDbClient ddb, String table, LeadMerge merge, Clock clock) {
        this(ddb, table, merge, clock, () -> UUID.randomUUID().toString());
    }

    LeadStore(DynamoDbClient ddb, String table, LeadMerge merge, Clock clock, Supplier<String> leadIds) {
        this.ddb = ddb;
        this.table = table;
        this.merge = merge;
        this.clock = clock;
        this.leadIds = leadIds;
    }

    public String table() {
        return table;
    }

    /**
     * One cheap read at start-up, so the first real request does not pay for the SDK's first-call
     * set-up (endpoint rules, signer, connection). Failures are ignored: requests report them.
     */
    public void prime() {
        try {
            ddb.getItem(r -> r.tableName(table).key(Map.of(PK, s("PRIME#startup"), SK, s("PRIME"))));
        } catch (RuntimeException ignored) {
            // the table may not be reachable yet; the request path answers 503 if it stays so
        }
    }

    /**
     * Records one submission on the lead of its person, creating the lead if it is the first.
     *
     * @param idempotency null when the caller sent no key
     * @throws IdempotencyConflictException the key was used before with another body
     * @throws StoreUnavailableException    DynamoDB failed or throttled; nothing may be assumed stored
     */
    public CaptureResult capture(Submission s, IdempotencyKey idempotency) {
        try {
            for (int attempt = 1; ; attempt++) {
                if (idempotency != null) {
                    Optional<CaptureResult> earlier = replay(idempotency);
                    if (earlier.isPresent()) {
                        return earlier.get();
                    }
                }
                Optional<CaptureResult> done = tryCapture(s, idempotency);
                if (done.isPresent()) {
                    return done.get();
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new StoreUnavailableException("too much contention on one lead; retry", null);
                }
                backoff(attempt);
            }
        } catch (TransactionCanceledException e) {
            throw new StoreUnavailableException("transaction cancelled: " + reasons(e), e);
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("DynamoDB not reachable: " + e.getMessage(), e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("DynamoDB throttled or failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** One optimistic attempt; empty when a concurrent writer won a condition and the caller should re-read. */
    private Optional<CaptureResult> tryCapture(Submission s, IdempotencyKey idempotency) {
        IdentityMatch match = identities(s);
        Optional<String> existingId = merge.existingLeadFor(s, match);
        Instant now = clock.instant();
        Interaction interaction = s.interaction();
        List<TransactWriteItem> writes = new ArrayList<>();
        Lead lead;
        CaptureResult.Outcome outcome;
        if (existingId.isEmpty()) {
            lead = merge.create(leadIds.get(), s, now);
            outcome = CaptureResult.Outcome.CREATED;
            writes.add(put(LeadItems.leadItem(lead), "attribute_not_exists(pk)", Map.of()));
        } else {
            Optional<Lead> existing = profile(existingId.get());
            if (existing.isEmpty()) {
                return Optional.empty(); // identity claimed, lead not yet visible: the creator's transaction is in flight
            }
            lead = merge.merge(existing.get(), s, now);
            outcome = CaptureResult.Outcome.MERGED;
            writes.add(put(LeadItems.leadItem(lead), "#v = :expected",
                    Map.of(":expected", LeadItems.n(existing.get().version())), Map.of("#v", "version")));
        }
        writes.add(put(LeadItems.interactionItem(lead.leadId(), interaction, s.test()), "attribute_not_exists(pk)", Map.of()));
        for (String key : merge.identityKeys(s.contact())) {
            if (!claimedBy(match, key, lead.leadId())) {
                writes.add(put(LeadItems.identityItem(key, lead.leadId()), "attribute_not_exists(pk)", Map.of()));
            }
        }
        CaptureResult result = new CaptureResult(lead.leadId(), interaction.interactionId(), outcome, false);
        if (idempotency != null) {
            writes.add(put(idempotencyItem(idempotency, result, now), "attribute_not_exists(pk)", Map.of()));
        }
        try {
            ddb.transactWriteItems(r -> r.transactItems(writes)
                    .clientRequestToken(interaction.interactionId().replace("-", "").substring(0, Math.min(32, interaction.interactionId().replace("-", "").length()))));
            return Optional.of(result);
        } catch (TransactionCanceledException e) {
            if (isContention(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<CaptureResult> replay(IdempotencyKey key) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(key.storageKey()), SK, s("IDEMPOTENCY")))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        if (!key.requestHash().equals(str(item, "requestHash"))) {
            throw new IdempotencyConflictException();
        }
        return Optional.of(new CaptureResult(str(item, "leadId"), str(item, "interactionId"),
                CaptureResult.Outcome.valueOf(str(item, "outcome").toUpperCase(java.util.Locale.ROOT)), true));
    }

    private Map<String, AttributeValue> idempotencyItem(IdempotencyKey key, CaptureResult result, Instant now) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(key.storageKey()));
        m.put(SK, s("IDEMPOTENCY"));
        m.put(LeadItems.ITEM_TYPE, s("idempotency"));
        m.put("scope", s(key.scope()));
        m.put("requestHash", s(key.requestHash()));
        m.put("leadId", s(result.leadId()));
        m.put("interactionId", s(result.interactionId()));
        m.put("outcome", s(result.outcome().wireName()));
        m.put("createdAt", s(now.toString()));
        m.put("expiresAt", LeadItems.n(now.plus(IDEMPOTENCY_TTL).getEpochSecond()));
        return m;
    }

    /** Which leads own the submission's email and phone, read strongly consistent in one request. */
    private IdentityMatch identities(Submission s) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        String emailKey = s.contact().email() == null ? null : IdentityKeys.email(s.contact().email());
        String phoneKey = s.contact().phone() == null ? null : IdentityKeys.phone(s.contact().phone());
        for (String k : new String[] {emailKey, phoneKey}) {
            if (k != null) {
                keys.add(Map.of(PK, s(k), SK, s(IDENTITY)));
            }
        }
        Map<String, String> owners = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table,
                KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        while (!request.isEmpty()) {
            final Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse resp = ddb.batchGetItem(r -> r.requestItems(pending));
            resp.responses().getOrDefault(table, List.of()).forEach(i -> owners.put(str(i, PK), str(i, "leadId")));
            request = resp.unprocessedKeys() == null ? Map.of() : resp.unprocessedKeys();
        }
        String emailOwner = emailKey == null ? null : owners.get(emailKey);
        String phoneOwner = phoneKey == null ? null : owners.get(phoneKey);
        boolean phoneOwnerHasEmail = false;
        if (phoneOwner != null && emailOwner == null && emailKey != null) {
            phoneOwnerHasEmail = profile(phoneOwner).map(l -> l.profile().email() != null).orElse(true);
        }
        return new IdentityMatch(emailOwner, phoneOwner, phoneOwnerHasEmail);
    }

    private static boolean claimedBy(IdentityMatch match, String key, String leadId) {
        // Claimed already (by this lead or another one): leave it as it is.
        return key.startsWith("EMAIL#") ? match.emailOwner() != null : match.phoneOwner() != null;
    }

    private Optional<Lead> profile(String leadId) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(leadPk(leadId)), SK, s(PROFILE)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LeadItems.lead(item));
    }

    /** The lead with its whole interaction history, oldest first. */
    public Optional<Lead> findLead(String leadId) {
        try {
            Lead lead = null;
            List<Interaction> history = new ArrayList<>();
            Map<String, AttributeValue> startKey = null;
            do {
                final Map<String, AttributeValue> from = startKey;
                QueryResponse page = ddb.query(QueryRequest.builder().tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId))))
                        .exclusiveStartKey(from).build());
                for (Map<String, AttributeValue> item : page.items()) {
                    String sk = str(item, SK);
                    if (PROFILE.equals(sk)) {
                        lead = LeadItems.lead(item);
                    } else if (sk.startsWith(INTERACTION_PREFIX)) {
                        history.add(LeadItems.interaction(item));
                    }
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
            return lead == null ? Optional.empty() : Optional.of(lead.withInteractions(history));
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("DynamoDB not reachable: " + e.getMessage(), e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("DynamoDB throttled or failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The lead that owns a normalised email, if any. */
    public Optional<String> findLeadIdByEmail(String normalisedEmail) {
        try {
            Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(PK, s(IdentityKeys.email(normalisedEmail)), SK, s(IDENTITY)))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, "leadId"));
        } catch (SdkClientException e) {
            throw new StoreUnavailableException("DynamoDB not reachable: " + e.getMessage(), e);
        } catch (DynamoDbException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("DynamoDB throttled or failed: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values) {
        return put(item, condition, values, Map.of());
    }

    private TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values,
                                  Map<String, String> names) {
        Put.Builder p = Put.builder().tableName(table).item(item).conditionExpression(condition);
        if (!values.isEmpty()) {
            p.expressionAttributeValues(values);
        }
        if (!names.isEmpty()) {
            p.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    /** A lost race (a condition or a concurrent transaction), as opposed to throttling or a malformed request. */
    private static boolean isContention(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return true;
        }
        boolean contention = false;
        for (CancellationReason r : e.cancellationReasons()) {
            String code = r.code();
            if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)) {
                contention = true;
            } else if (code != null && !"None".equals(code)) {
                return false;
            }
        }
        return contention;
    }

    private static String reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons() ? e.cancellationReasons().stream().map(CancellationReason::code).toList().toString() : "none given";
    }

    private static void backoff(int attempt) {
        long capMillis = Math.min(200, 5L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, capMillis + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying", e);
        }
    }
}

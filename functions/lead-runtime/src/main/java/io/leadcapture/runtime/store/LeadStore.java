package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.IdentityKeys;
import io.leadcapture.core.IdentityMatch;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The only class that speaks to the leads table: every key, expression and condition lives here.
 *
 * <p>A capture is one {@code TransactWriteItems}: the lead (created, or replaced under an optimistic
 * version check), the interaction, the identity claims (email, phone) and the idempotency record
 * commit together or not at all. When a concurrent writer wins a condition, the capture reads again
 * and retries, so two submissions of one person never create two leads and never lose an interaction.
 */
public final class LeadStore {
    private static final int MAX_ATTEMPTS = 12;
    static final String OPT_IN_PREFIX = "OPTIN#";
    static final String NOTIFICATION_PREFIX = "NOTIFICATION#";

    private final DynamoDbClient ddb;
    private final String table;
    private final LeadMerge merge;
    private final Clock clock;
    private final Supplier<String> leadIds;

    public LeadStore(DynamoDbClient ddb, String table, LeadMerge merge, Clock clock) {
        this(ddb, table, merge, clock, () -> UUID.randomUUID().toString());
    }

    /** The store as every Lambda function builds it: SDK client from the environment, table from TABLE_NAME. */
    public static LeadStore fromEnvironment() {
        return new LeadStore(io.leadcapture.runtime.aws.AwsClients.dynamoDb(), io.leadcapture.runtime.Env.required("TABLE_NAME"),
                new LeadMerge(io.leadcapture.core.FreeMailDomains.bundled()), Clock.systemUTC());
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
        } catch (SdkClientException | DynamoDbException e) {
            throw unavailable(e);
        }
    }

    /** Faults that a retry may cure become {@link StoreUnavailableException}; anything else is a bug and stays as it is. */
    private static RuntimeException unavailable(RuntimeException e) {
        if (e instanceof SdkClientException) {
            return new StoreUnavailableException("DynamoDB not reachable: " + e.getMessage(), e);
        }
        if (e instanceof DynamoDbException d && (d.isThrottlingException() || d.statusCode() >= 500)) {
            return new StoreUnavailableException("DynamoDB throttled or failed: " + e.getMessage(), e);
        }
        return e;
    }

    private static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkClientException | DynamoDbException e) {
            throw unavailable(e);
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
            if (!alreadyClaimed(match, key)) {
                writes.add(put(LeadItems.identityItem(key, lead.leadId()), "attribute_not_exists(pk)", Map.of()));
            }
        }
        CaptureResult result = new CaptureResult(lead.leadId(), interaction.interactionId(), outcome, false);
        if (idempotency != null) {
            writes.add(put(idempotencyItem(idempotency, result, now), "attribute_not_exists(pk)", Map.of()));
        }
        try {
            // The token (≤ 36 chars, a UUID fits) makes the SDK's own retries of this transaction idempotent.
            ddb.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(interaction.interactionId()));
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
        if (key.requestHash() != null && !key.requestHash().equals(str(item, "requestHash"))) {
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
        if (key.requestHash() != null) {
            m.put("requestHash", s(key.requestHash()));
        }
        m.put("leadId", s(result.leadId()));
        m.put("interactionId", s(result.interactionId()));
        m.put("outcome", s(result.outcome().wireName()));
        m.put("createdAt", s(now.toString()));
        m.put("expiresAt", LeadItems.n(now.plus(key.ttl()).getEpochSecond()));
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

    private static boolean alreadyClaimed(IdentityMatch match, String key) {
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
        return guarded(() -> {
            Lead lead = null;
            List<Interaction> history = new ArrayList<>();
            for (Map<String, AttributeValue> item : partition(leadId)) {
                String sk = str(item, SK);
                if (PROFILE.equals(sk)) {
                    lead = LeadItems.lead(item);
                } else if (sk.startsWith(INTERACTION_PREFIX)) {
                    history.add(LeadItems.interaction(item));
                }
            }
            return lead == null ? Optional.empty() : Optional.of(lead.withInteractions(history));
        });
    }

    /** Every item of one lead's partition, in sort-key order (consistent, all pages). */
    private List<Map<String, AttributeValue>> partition(String leadId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> from = startKey;
            QueryResponse page = ddb.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId))))
                    .exclusiveStartKey(from).build());
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    /** The lead that owns a normalised email, if any. */
    public Optional<String> findLeadIdByEmail(String normalisedEmail) {
        return guarded(() -> {
            Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of(PK, s(IdentityKeys.email(normalisedEmail)), SK, s(IDENTITY)))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(str(item, "leadId"));
        });
    }

    // ---- scoring and stages --------------------------------------------------------------------

    /**
     * Writes a new score (and the stage it implies) onto the lead read at {@code read.version()}, and
     * appends a score-history item, in one transaction. False when the lead changed since it was
     * read: the caller reads again and recomputes.
     */
    public boolean writeScore(Lead read, LeadScore score, Stage stage) {
        return guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            StringBuilder set = new StringBuilder("SET #v = :next, stage = :stage");
            LeadItems.scoreAttributes(score).forEach((name, value) -> {
                set.append(", ").append(name).append(" = :").append(name);
                values.put(":" + name, value);
            });
            values.put(":next", LeadItems.n(read.version() + 1));
            values.put(":expected", LeadItems.n(read.version()));
            values.put(":stage", s(stage.wireName()));
            Update update = Update.builder().tableName(table)
                    .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(PROFILE)))
                    .updateExpression(set.toString())
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(values).build();
            Map<String, AttributeValue> history = new HashMap<>(LeadItems.scoreAttributes(score));
            history.put(PK, s(leadPk(read.leadId())));
            history.put(SK, s("SCORE#" + Times.sortable(score.scoredAt()) + "#" + (read.version() + 1)));
            history.put(LeadItems.ITEM_TYPE, s("score"));
            history.put("leadId", s(read.leadId()));
            history.put("stage", s(stage.wireName()));
            return transact(List.of(TransactWriteItem.builder().update(update).build(),
                    put(history, "attribute_not_exists(pk)", Map.of())));
        });
    }

    /**
     * A stage change by sales on the lead read at {@code read.version()}, recorded with who, when
     * and why. False when the lead changed since it was read.
     */
    public boolean changeStage(Lead read, Stage to, String who, String why, boolean forced, Instant at) {
        return guarded(() -> {
            Update update = Update.builder().tableName(table)
                    .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(PROFILE)))
                    .updateExpression("SET #v = :next, stage = :stage, updatedAt = :at")
                    .conditionExpression("#v = :expected")
                    .expressionAttributeNames(Map.of("#v", "version"))
                    .expressionAttributeValues(Map.of(":next", LeadItems.n(read.version() + 1),
                            ":expected", LeadItems.n(read.version()), ":stage", s(to.wireName()),
                            ":at", s(at.toString()))).build();
            Map<String, AttributeValue> change = new HashMap<>();
            change.put(PK, s(leadPk(read.leadId())));
            change.put(SK, s("STAGE#" + Times.sortable(at) + "#" + (read.version() + 1)));
            change.put(LeadItems.ITEM_TYPE, s("stageChange"));
            change.put("leadId", s(read.leadId()));
            change.put("from", s(read.stage().wireName()));
            change.put("to", s(to.wireName()));
            change.put("who", s(who));
            if (why != null) {
                change.put("why", s(why));
            }
            change.put("forced", AttributeValue.fromBool(forced));
            change.put("at", s(at.toString()));
            return transact(List.of(TransactWriteItem.builder().update(update).build(),
                    put(change, "attribute_not_exists(pk)", Map.of())));
        });
    }

    /** The stage changes of a lead, oldest first. */
    public List<StageChangeRecord> stageChanges(String leadId) {
        return guarded(() -> partition(leadId).stream()
                .filter(i -> str(i, SK).startsWith("STAGE#"))
                .map(i -> new StageChangeRecord(Stage.fromWireName(str(i, "from")), Stage.fromWireName(str(i, "to")),
                        str(i, "who"), str(i, "why"), i.containsKey("forced") && i.get("forced").bool(),
                        Instant.parse(str(i, "at"))))
                .toList());
    }

    /** Lead profiles page by page, for the daily rescoring; {@code from} is the previous page's cursor. */
    public LeadPage scanLeads(Map<String, AttributeValue> from, int limit) {
        return guarded(() -> {
            var page = ddb.scan(r -> r.tableName(table).limit(limit).exclusiveStartKey(from)
                    .filterExpression("#t = :lead")
                    .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                    .expressionAttributeValues(Map.of(":lead", s("lead"))));
            return new LeadPage(page.items().stream().map(i -> str(i, "leadId")).toList(),
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null);
        });
    }

    // ---- consent --------------------------------------------------------------------------------

    /**
     * Sets the lead's marketing consent to {@code confirmed} for the opt-in of one interaction.
     * Idempotent: a second confirmation finds it confirmed and changes nothing.
     */
    public ConsentChange confirmConsent(String leadId, String interactionId, Instant at) {
        return guarded(() -> {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<Lead> lead = profile(leadId);
                if (lead.isEmpty()) {
                    return ConsentChange.UNKNOWN_LEAD;
                }
                Consent current = lead.get().consent();
                if (current != null && current.status() == ConsentStatus.CONFIRMED) {
                    return ConsentChange.ALREADY;
                }
                Consent confirmed = new Consent(Consent.MARKETING, ConsentStatus.CONFIRMED,
                        current == null ? null : current.textVersion(), at,
                        current == null ? "double-opt-in" : current.source(), current == null ? null : current.ipHash());
                if (updateConsent(lead.get(), confirmed, at, interactionId)) {
                    return ConsentChange.CHANGED;
                }
                backoff(attempt);
            }
            throw new StoreUnavailableException("too much contention on one lead; retry", null);
        });
    }

    /**
     * An unconfirmed double opt-in expired: a consent still {@code pending} falls back to {@code none}.
     * Any other state (confirmed meanwhile, granted elsewhere, withdrawn) is left alone.
     */
    public boolean purgePendingConsent(String leadId, Instant at) {
        return guarded(() -> {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Optional<Lead> lead = profile(leadId);
                if (lead.isEmpty() || lead.get().consent() == null
                        || lead.get().consent().status() != ConsentStatus.PENDING) {
                    return false;
                }
                if (updateConsent(lead.get(), Consent.none(at, "double-opt-in-expired"), at, null)) {
                    return true;
                }
                backoff(attempt);
            }
            throw new StoreUnavailableException("too much contention on one lead; retry", null);
        });
    }

    private boolean updateConsent(Lead read, Consent consent, Instant at, String interactionId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":next", LeadItems.n(read.version() + 1));
        values.put(":expected", LeadItems.n(read.version()));
        values.put(":consent", LeadItems.consentValue(consent));
        values.put(":at", s(at.toString()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(PROFILE)))
                .updateExpression("SET #v = :next, consent = :consent, updatedAt = :at")
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(Map.of("#v", "version"))
                .expressionAttributeValues(values).build()).build());
        if (interactionId != null) {
            // The opt-in is settled: its expiry must no longer purge anything.
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(OPT_IN_PREFIX + interactionId)))).build());
        }
        return transact(writes);
    }

    /** A pending double opt-in, deleted by TTL at {@code expiresAt} unless confirmed first. */
    public void recordPendingOptIn(String leadId, String interactionId, Instant expiresAt) {
        guarded(() -> ddb.putItem(r -> r.tableName(table).item(Map.of(
                PK, s(leadPk(leadId)), SK, s(OPT_IN_PREFIX + interactionId), LeadItems.ITEM_TYPE, s("optIn"),
                "leadId", s(leadId), "interactionId", s(interactionId),
                "expiresAt", LeadItems.n(expiresAt.getEpochSecond())))));
    }

    // ---- notifications ----------------------------------------------------------------------------

    /**
     * Claims the right to send one notification. The marker lives beside the lead; a claim older
     * than {@code staleAfter} belongs to an invocation that died between claiming and marking, and
     * may be taken over.
     */
    public NotificationClaim claimNotification(String leadId, String key, String detail, Instant now, Duration staleAfter) {
        return guarded(() -> {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PK, s(leadPk(leadId)));
            item.put(SK, s(NOTIFICATION_PREFIX + key));
            item.put(LeadItems.ITEM_TYPE, s("notification"));
            item.put("leadId", s(leadId));
            item.put("status", s("sending"));
            item.put("claimedAt", s(now.toString()));
            if (detail != null) {
                item.put("detail", s(detail));
            }
            try {
                ddb.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk) OR (#s = :sending AND claimedAt < :stale)")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":sending", s("sending"),
                                ":stale", s(now.minus(staleAfter).toString()))));
                return NotificationClaim.CLAIMED;
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> existing = ddb.getItem(r -> r.tableName(table).consistentRead(true)
                        .key(Map.of(PK, s(leadPk(leadId)), SK, s(NOTIFICATION_PREFIX + key)))).item();
                return existing != null && "sent".equals(str(existing, "status"))
                        ? NotificationClaim.ALREADY_SENT : NotificationClaim.IN_FLIGHT;
            }
        });
    }

    public void markNotificationSent(String leadId, String key, String messageId, List<String> to, Instant at) {
        guarded(() -> ddb.updateItem(r -> r.tableName(table)
                .key(Map.of(PK, s(leadPk(leadId)), SK, s(NOTIFICATION_PREFIX + key)))
                .updateExpression("SET #s = :sent, messageId = :id, sentAt = :at, recipients = :to")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":sent", s("sent"), ":id", s(messageId), ":at", s(at.toString()),
                        ":to", AttributeValue.fromL(to.stream().map(LeadItems::s).toList())))));
    }

    /** The send failed for sure (SES refused or throttled): drop the claim so a retry can send. */
    public void releaseNotification(String leadId, String key) {
        guarded(() -> {
            try {
                return ddb.deleteItem(r -> r.tableName(table)
                        .key(Map.of(PK, s(leadPk(leadId)), SK, s(NOTIFICATION_PREFIX + key)))
                        .conditionExpression("#s = :sending")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":sending", s("sending"))));
            } catch (ConditionalCheckFailedException e) {
                return null; // already sent or gone: nothing to release
            }
        });
    }

    /**
     * Takes the lead's slot for one automated mail if none was sent within {@code window}
     * (the frequency cap). Opt-in confirmations do not use it.
     */
    public boolean takeMailSlot(String leadId, Instant now, Duration window) {
        return guarded(() -> {
            try {
                ddb.updateItem(r -> r.tableName(table)
                        .key(Map.of(PK, s(leadPk(leadId)), SK, s("MAILCAP")))
                        .updateExpression("SET lastAutomatedMailAt = :now, #t = :cap, leadId = :lead")
                        .conditionExpression("attribute_not_exists(lastAutomatedMailAt) OR lastAutomatedMailAt < :cutoff")
                        .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                        .expressionAttributeValues(Map.of(":now", s(now.toString()), ":cap", s("mailCap"),
                                ":lead", s(leadId), ":cutoff", s(now.minus(window).toString()))));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /** The next value of a territory's round-robin counter (atomic). */
    public long nextRoutingCounter(String territory) {
        return guarded(() -> Long.parseLong(ddb.updateItem(r -> r.tableName(table)
                .key(Map.of(PK, s("ROUTING#" + territory), SK, s("COUNTER")))
                .updateExpression("ADD #c :one SET #t = :routing")
                .expressionAttributeNames(Map.of("#c", "counter", "#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":one", LeadItems.n(1), ":routing", s("routing")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("counter").n()));
    }

    /** One transaction; false when a condition failed (a concurrent writer won). */
    private boolean transact(List<TransactWriteItem> writes) {
        try {
            ddb.transactWriteItems(r -> r.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (isContention(e)) {
                return false;
            }
            throw new StoreUnavailableException("transaction cancelled: " + reasons(e), e);
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

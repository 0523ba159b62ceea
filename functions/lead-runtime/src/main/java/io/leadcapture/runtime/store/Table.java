package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.Lead;
import io.leadcapture.runtime.aws.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The leads table as the store's classes share it: the client, the table name, and the ways every
 * request is made the same — faults mapped to {@link StoreUnavailableException}, transactions whose
 * lost races are told apart from real failures, conditional puts, consistent reads of one item or a
 * whole partition.
 */
final class Table {
    /** How often a read-modify-write on one lead is tried before giving up as contended. */
    static final int MAX_ATTEMPTS = 12;

    final DynamoDbClient ddb;
    final String name;

    Table(DynamoDbClient ddb, String name) {
        this.ddb = ddb;
        this.name = name;
    }

    /** Faults that a retry may cure become {@link StoreUnavailableException}; anything else is a bug and stays as it is. */
    static RuntimeException unavailable(RuntimeException e) {
        if (e instanceof SdkClientException) {
            return new StoreUnavailableException("DynamoDB not reachable: " + e.getMessage(), e);
        }
        if (e instanceof DynamoDbException d && (d.isThrottlingException() || d.statusCode() >= 500)) {
            return new StoreUnavailableException("DynamoDB throttled or failed: " + e.getMessage(), e);
        }
        return e;
    }

    /** Runs requests with their faults mapped by {@link #unavailable}. */
    static <T> T guarded(Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkClientException | DynamoDbException e) {
            throw unavailable(e);
        }
    }

    /** One item by its keys, read strongly consistent. */
    Optional<Map<String, AttributeValue>> item(String pk, String sk) {
        return item(pk, sk, null);
    }

    /** As {@link #item(String, String)}, given up after {@code within} (null: the client's own timeouts). */
    Optional<Map<String, AttributeValue>> item(String pk, String sk, Duration within) {
        Map<String, AttributeValue> item = ddb.getItem(r -> r.tableName(name).consistentRead(true)
                .key(Map.of(PK, s(pk), SK, s(sk))).overrideConfiguration(within(within))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * The timeouts of one call that must end within {@code within}: the whole call (the SDK's
     * retries included) at most that long, each try at most as long as the client allows one.
     * Null: the client's own timeouts.
     */
    static AwsRequestOverrideConfiguration within(Duration within) {
        if (within == null) {
            return null;
        }
        Duration call = min(within, AwsClients.API_CALL_TIMEOUT);
        return AwsRequestOverrideConfiguration.builder().apiCallTimeout(call)
                .apiCallAttemptTimeout(min(call, AwsClients.API_CALL_ATTEMPT_TIMEOUT)).build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The items of one partition whose sort keys lie between {@code from} and {@code to} (both
     * included), by sort key: one consistent query for a pair of state items that sort next to each
     * other (a tombstone and its in-progress marker).
     */
    Map<String, Map<String, AttributeValue>> between(String pk, String from, String to) {
        Map<String, Map<String, AttributeValue>> bySk = new HashMap<>();
        ddb.query(q -> q.tableName(name).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":from", s(from), ":to", s(to))))
                .items().forEach(item -> bySk.put(item.get(SK).s(), item));
        return bySk;
    }

    /** Every item of one partition, in sort-key order (consistent, all pages). */
    List<Map<String, AttributeValue>> partition(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> from = startKey;
            QueryResponse page = ddb.query(QueryRequest.builder().tableName(name).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .exclusiveStartKey(from).build());
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    /** Items of one partition under one sort-key prefix, newest (highest key) first, and whether more follow. */
    record Slice(List<Map<String, AttributeValue>> items, boolean more) {
    }

    /**
     * At most {@code limit} items of partition {@code pk} whose sort keys begin with {@code prefix},
     * highest key first, starting below {@code belowSk} (null: from the top), and no more once
     * {@code byteBudget} bytes are read (at least one item is). {@code more} is exact: when a page
     * stops early, one key-only look says whether anything follows.
     */
    Slice newestFirst(String pk, String prefix, String belowSk, int limit, long byteBudget) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = belowSk == null ? null : Map.of(PK, s(pk), SK, s(belowSk));
        long bytes = 0;
        boolean full = false;
        while (true) {
            final Map<String, AttributeValue> from = startKey;
            final int wanted = limit - items.size();
            QueryResponse page = ddb.query(QueryRequest.builder().tableName(name).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                    .scanIndexForward(false).limit(wanted).exclusiveStartKey(from).build());
            for (Map<String, AttributeValue> item : page.items()) {
                if (full) {
                    break;
                }
                items.add(item);
                bytes += LeadItems.size(item);
                full = items.size() >= limit || bytes >= byteBudget;
            }
            boolean lastPage = !page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty();
            if (full || lastPage) {
                if (!full) {
                    return new Slice(items, false);
                }
                break;
            }
            startKey = page.lastEvaluatedKey();
        }
        Map<String, AttributeValue> last = items.get(items.size() - 1);
        boolean more = !ddb.query(QueryRequest.builder().tableName(name).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .projectionExpression("pk, sk")
                .scanIndexForward(false).limit(1).exclusiveStartKey(Map.of(PK, s(pk), SK, last.get(SK))).build())
                .items().isEmpty();
        return new Slice(items, more);
    }

    /** Every item of partition {@code pk} under sort-key prefix {@code prefix}, only the attributes named (all pages). */
    List<Map<String, AttributeValue>> projected(String pk, String prefix, List<String> attributes) {
        Map<String, String> names = new HashMap<>();
        List<String> refs = new ArrayList<>();
        for (int n = 0; n < attributes.size(); n++) {
            names.put("#a" + n, attributes.get(n));
            refs.add("#a" + n);
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            final Map<String, AttributeValue> from = startKey;
            QueryResponse page = ddb.query(QueryRequest.builder().tableName(name).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                    .projectionExpression(String.join(", ", refs)).expressionAttributeNames(names)
                    .exclusiveStartKey(from).build());
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return items;
    }

    /** A conditional put inside a transaction. */
    TransactWriteItem put(Map<String, AttributeValue> item, String condition, Map<String, AttributeValue> values,
                          Map<String, String> names) {
        Put.Builder p = Put.builder().tableName(name).item(item).conditionExpression(condition);
        if (!values.isEmpty()) {
            p.expressionAttributeValues(values);
        }
        if (!names.isEmpty()) {
            p.expressionAttributeNames(names);
        }
        return TransactWriteItem.builder().put(p.build()).build();
    }

    /** An unconditional put inside a transaction: for items whose every write says the same. */
    TransactWriteItem putAlways(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(name).item(item).build()).build();
    }

    /** A put of a new item inside a transaction: it fails (a lost race) when the item exists. */
    TransactWriteItem putNew(Map<String, AttributeValue> item) {
        return put(item, "attribute_not_exists(pk)", Map.of(), Map.of());
    }

    /**
     * The update of a lead's profile item to the next version, applied only to the version that was
     * read. {@code set} includes {@code #v = :next}; {@code values} holds the update's other values.
     */
    TransactWriteItem versionedUpdate(Lead read, String set, Map<String, AttributeValue> values) {
        return versionedUpdate(read, set, values, Map.of());
    }

    /** As {@link #versionedUpdate(Lead, String, Map)}, with more attribute names ({@code #owner}: a reserved word). */
    TransactWriteItem versionedUpdate(Lead read, String set, Map<String, AttributeValue> values, Map<String, String> names) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#v", "version");
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":next", LeadItems.n(read.version() + 1));
        all.put(":expected", LeadItems.n(read.version()));
        return TransactWriteItem.builder().update(Update.builder().tableName(name)
                .key(Map.of(PK, s(leadPk(read.leadId())), SK, s(PROFILE)))
                .updateExpression(set)
                .conditionExpression("#v = :expected")
                .expressionAttributeNames(allNames)
                .expressionAttributeValues(all).build()).build();
    }

    /** The lead's profile item replaced by {@code lead}, only if it is still at {@code expectedVersion}. */
    TransactWriteItem replaceLead(Lead lead, long expectedVersion) {
        return put(LeadItems.leadItem(lead), "#v = :expected", Map.of(":expected", LeadItems.n(expectedVersion)),
                Map.of("#v", "version"));
    }

    /** One transaction; false when a condition failed or a concurrent transaction interfered (a lost race). */
    boolean transact(List<TransactWriteItem> writes) {
        return transact(writes, r -> { });
    }

    /** As {@link #transact(List)}, with more settings of the request (a client request token). */
    boolean transact(List<TransactWriteItem> writes, Consumer<TransactWriteItemsRequest.Builder> settings) {
        try {
            ddb.transactWriteItems(r -> settings.accept(r.transactItems(writes)));
            return true;
        } catch (TransactionCanceledException e) {
            if (isContention(e)) {
                return false;
            }
            throw new StoreUnavailableException("transaction cancelled: " + reasons(e), e);
        } catch (IdempotentParameterMismatchException e) {
            // The token was used with other items within DynamoDB's 10 minutes: nothing was written by
            // this call; the next attempt decides again under its own token.
            return false;
        }
    }

    /**
     * A lost race (a condition or a concurrent transaction) or a throttled item, which a new attempt
     * after a pause may win, as opposed to a malformed request.
     */
    private static boolean isContention(TransactionCanceledException e) {
        if (!e.hasCancellationReasons()) {
            return true;
        }
        boolean contention = false;
        for (CancellationReason r : e.cancellationReasons()) {
            String code = r.code();
            if ("ConditionalCheckFailed".equals(code) || "TransactionConflict".equals(code)
                    || "ThrottlingError".equals(code) || "ProvisionedThroughputExceeded".equals(code)) {
                contention = true;
            } else if (code != null && !"None".equals(code)) {
                return false;
            }
        }
        return contention;
    }

    private static String reasons(TransactionCanceledException e) {
        return e.hasCancellationReasons()
                ? e.cancellationReasons().stream().map(CancellationReason::code).toList().toString() : "none given";
    }
}

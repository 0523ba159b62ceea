package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * TransactWriteItems on the emulator as make run and the tests start it (moto_serialized.py with
 * moto_patches.py, whose snapshot covers only the transaction's own items): a cancelled transaction
 * leaves every item and the stream as they were, a successful one applies everything.
 */
class EmulatorTransactionTest {
    static DynamoDbClient ddb;
    static DynamoDbStreamsClient streams;
    static String table;

    @BeforeAll
    static void table() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
        streams = LocalAws.dynamoDbStreams(MotoServer.endpoint());
        table = LocalAws.freshLeadsTable(ddb);
    }

    @AfterAll
    static void close() {
        ddb.close();
        streams.close();
    }

    @Test
    void cancelledTransactionLeavesEveryItemAndTheStreamAsBefore() {
        String p = "TX#" + UUID.randomUUID();
        put(p, "updated", Map.of("count", n(1), "name", s("before")));
        put(p, "overwritten", Map.of("name", s("old version")));
        put(p, "deleted", Map.of("name", s("kept")));
        put(p, "checked", Map.of("state", s("open")));
        put(p + "-other", "untouched", Map.of("name", s("other partition")));
        Map<String, Map<String, AttributeValue>> before = partition(p);
        String iterator = latest();

        assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(x -> x.tableName(table).item(item(p, "new", Map.of("name", s("new"))))).build(),
                TransactWriteItem.builder().put(x -> x.tableName(table).item(item("TX#" + UUID.randomUUID(), "new-partition",
                        Map.of()))).build(),
                TransactWriteItem.builder().put(x -> x.tableName(table).item(item(p, "overwritten",
                        Map.of("name", s("new version"))))).build(),
                TransactWriteItem.builder().update(x -> x.tableName(table).key(key(p, "updated"))
                        .updateExpression("SET #c = #c + :one, #n = :n, extra = :n")
                        .expressionAttributeNames(Map.of("#c", "count", "#n", "name"))
                        .expressionAttributeValues(Map.of(":one", n(1), ":n", s("after")))).build(),
                TransactWriteItem.builder().delete(x -> x.tableName(table).key(key(p, "deleted"))).build(),
                TransactWriteItem.builder().conditionCheck(x -> x.tableName(table).key(key(p, "checked"))
                        .conditionExpression("#s = :closed").expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(Map.of(":closed", s("closed")))).build())))
                .isInstanceOf(TransactionCanceledException.class)
                .satisfies(e -> assertThat(((TransactionCanceledException) e).cancellationReasons())
                        .extracting(c -> c.code())
                        .containsExactly("None", "None", "None", "None", "None", "ConditionalCheckFailed"));

        assertThat(partition(p)).isEqualTo(before);
        assertThat(partition(p + "-other")).containsOnlyKeys("untouched");
        put(p, "marker", Map.of());
        assertThat(records(iterator)).as("stream records after the cancelled transaction")
                .containsExactly("INSERT " + p + " marker");
    }

    @Test
    void successfulTransactionAppliesEveryWrite() {
        String p = "TX#" + UUID.randomUUID();
        put(p, "updated", Map.of("count", n(1)));
        put(p, "deleted", Map.of());
        put(p, "checked", Map.of("state", s("open")));
        String iterator = latest();

        ddb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().put(x -> x.tableName(table).item(item(p, "new", Map.of("name", s("new"))))).build(),
                TransactWriteItem.builder().update(x -> x.tableName(table).key(key(p, "updated"))
                        .updateExpression("SET #c = #c + :one").expressionAttributeNames(Map.of("#c", "count"))
                        .expressionAttributeValues(Map.of(":one", n(1)))).build(),
                TransactWriteItem.builder().delete(x -> x.tableName(table).key(key(p, "deleted"))).build(),
                TransactWriteItem.builder().conditionCheck(x -> x.tableName(table).key(key(p, "checked"))
                        .conditionExpression("#s = :open").expressionAttributeNames(Map.of("#s", "state"))
                        .expressionAttributeValues(Map.of(":open", s("open")))).build()));

        Map<String, Map<String, AttributeValue>> after = partition(p);
        assertThat(after).containsOnlyKeys("checked", "new", "updated");
        assertThat(after.get("updated").get("count")).isEqualTo(n(2));
        assertThat(after.get("new").get("name")).isEqualTo(s("new"));
        assertThat(records(iterator)).containsExactly("INSERT " + p + " new", "MODIFY " + p + " updated",
                "REMOVE " + p + " deleted");
    }

    private static void put(String pk, String sk, Map<String, AttributeValue> attributes) {
        ddb.putItem(r -> r.tableName(table).item(item(pk, sk, attributes)));
    }

    private static Map<String, AttributeValue> item(String pk, String sk, Map<String, AttributeValue> attributes) {
        Map<String, AttributeValue> item = new HashMap<>(attributes);
        item.putAll(key(pk, sk));
        return item;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    /** The partition's items by sort key, read through the table's Query. */
    private static Map<String, Map<String, AttributeValue>> partition(String pk) {
        Map<String, Map<String, AttributeValue>> items = new HashMap<>();
        ddb.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(pk)))).items()
                .forEach(i -> items.put(i.get("sk").s(), i));
        return items;
    }

    private static String latest() {
        String arn = ddb.describeTable(r -> r.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0).shardId();
        return streams.getShardIterator(r -> r.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.LATEST))
                .shardIterator();
    }

    private static List<String> records(String iterator) {
        return streams.getRecords(r -> r.shardIterator(iterator)).records().stream()
                .map(r -> r.eventNameAsString() + " " + r.dynamodb().keys().get("pk").s() + " " + r.dynamodb().keys().get("sk").s())
                .toList();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(int value) {
        return AttributeValue.fromN(Integer.toString(value));
    }
}

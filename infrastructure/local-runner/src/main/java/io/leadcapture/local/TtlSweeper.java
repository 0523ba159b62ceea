package io.leadcapture.local;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's Time to Live, for an emulator that does not expire items (moto): deletes items whose
 * TTL attribute lies in the past, so expiry shows up in the stream as REMOVE records as in AWS.
 */
final class TtlSweeper implements AutoCloseable {
    private final DynamoDbClient ddb;
    private final String table;
    private final String attribute;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ttl-sweeper");
        t.setDaemon(true);
        return t;
    });

    TtlSweeper(DynamoDbClient ddb, String table, String attribute, Clock clock) {
        this.ddb = ddb;
        this.table = table;
        this.attribute = attribute;
        this.clock = clock;
    }

    TtlSweeper start(Duration every) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                System.err.println("[ttl] sweep of " + table + " failed: " + e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Deletes every expired item now; returns how many. */
    int sweep() {
        int deleted = 0;
        var pages = ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)
                .filterExpression("#ttl <= :now")
                .expressionAttributeNames(Map.of("#ttl", attribute))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())))));
        for (Map<String, AttributeValue> item : pages.items()) {
            ddb.deleteItem(r -> r.tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk"))));
            deleted++;
        }
        return deleted;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

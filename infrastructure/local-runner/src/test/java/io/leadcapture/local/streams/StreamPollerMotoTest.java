package io.leadcapture.local.streams;

import static io.leadcapture.local.streams.StreamTesting.await;
import static io.leadcapture.local.streams.StreamTesting.pk;
import static io.leadcapture.local.streams.StreamTesting.seq;
import static io.leadcapture.local.streams.StreamTesting.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The poller against moto over HTTP, on a fresh table created exactly as template.yaml declares the
 * leads table (stream NEW_AND_OLD_IMAGES). Every wait is bounded.
 */
class StreamPollerMotoTest {
    static DynamoDbClient ddb;
    static DynamoDbStreamsClient streams;

    String table;
    final List<StreamPoller> pollers = new ArrayList<>();
    final List<String> logs = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void clients() {
        URI endpoint = MotoServer.endpoint();
        ddb = LocalAws.dynamoDb(endpoint);
        streams = LocalAws.dynamoDbStreams(endpoint);
    }

    @AfterAll
    static void close() {
        ddb.close();
        streams.close();
    }

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(ddb);
    }

    @AfterEach
    void stopPollers() {
        pollers.forEach(StreamPoller::stop);
    }

    StreamPoller.Builder builder(StreamTesting.Source s, StreamTesting.Recorder handler) {
        return StreamPoller.builder(s.build()).table(table).clients(ddb, streams).handler(handler).log(logs::add, logs::add);
    }

    StreamPoller start(StreamPoller.Builder b) {
        StreamPoller p = b.build();
        pollers.add(p);
        return p.start();
    }

    StreamPoller start(StreamTesting.Source s, StreamTesting.Recorder handler) {
        return start(builder(s, handler));
    }

    void put(String pk, String sk, String itemType, Object... more) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.fromS(pk));
        item.put("sk", AttributeValue.fromS(sk));
        item.put("itemType", AttributeValue.fromS(itemType));
        for (int i = 0; i < more.length; i += 2) {
            item.put((String) more[i], more[i + 1] instanceof Number n ? AttributeValue.fromN(n.toString()) : AttributeValue.fromS(more[i + 1].toString()));
        }
        ddb.putItem(r -> r.tableName(table).item(item));
    }

    void put(String pk) {
        put(pk, "X", "test");
    }

    @Test
    void recordsReachTheHandlerWithImagesKeysAndInSequenceOrder() {
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source(), h);
        put("LEAD#1", "PROFILE", "lead", "version", 1, "email", "jörg@müller.de");
        put("LEAD#1", "PROFILE", "lead", "version", 2, "email", "jörg@müller.de");
        put("LEAD#1", "INTERACTION#2026-11-27T09:15:02.123456Z#i1", "interaction");
        ddb.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("LEAD#1"), "sk", AttributeValue.fromS("PROFILE"))));
        await("4 records are delivered", () -> h.all().size() == 4);

        List<DynamodbEvent.DynamodbStreamRecord> all = h.all();
        assertThat(all).extracting(DynamodbEvent.DynamodbStreamRecord::getEventName).containsExactly("INSERT", "MODIFY", "INSERT", "REMOVE");
        var insert = all.get(0).getDynamodb();
        assertThat(insert.getKeys()).containsOnlyKeys("pk", "sk");
        assertThat(insert.getKeys().get("sk").getS()).isEqualTo("PROFILE");
        assertThat(insert.getNewImage().get("email").getS()).isEqualTo("jörg@müller.de");
        assertThat(insert.getOldImage()).isNull();
        var modify = all.get(1).getDynamodb();
        assertThat(modify.getOldImage().get("version").getN()).isEqualTo("1");
        assertThat(modify.getNewImage().get("version").getN()).isEqualTo("2");
        assertThat(all.get(2).getDynamodb().getNewImage().get("itemType").getS()).isEqualTo("interaction");
        var remove = all.get(3).getDynamodb();
        assertThat(remove.getNewImage()).isNull();
        assertThat(remove.getOldImage().get("version").getN()).isEqualTo("2");
        assertThat(all.get(3).getUserIdentity()).isNull(); // a DeleteItem, not a TTL deletion

        List<BigInteger> seqs = all.stream().map(r -> new BigInteger(seq(r))).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        for (DynamodbEvent.DynamodbStreamRecord r : all) {
            assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
            assertThat(r.getEventVersion()).isEqualTo("1.1");
            assertThat(r.getAwsRegion()).isEqualTo("eu-central-1");
            assertThat(r.getEventSourceARN()).isEqualTo(p.streamArn()).contains(":table/" + table + "/stream/");
            assertThat(r.getEventID()).isNotBlank();
            assertThat(r.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(r.getDynamodb().getSizeBytes()).isPositive();
            assertThat(r.getDynamodb().getApproximateCreationDateTime().toInstant())
                    .isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));
        }
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(p.invocations()).isEqualTo(h.batches.size());
        assertThat(p.recordsDelivered()).isEqualTo(4);
        assertThat(p.recordsSucceeded()).isEqualTo(4);
        assertThat(p.checkpoints()).containsValue(seq(all.get(3)));
    }

    /** Writes a journey's items: which of them do the project's two patterns let through? */
    void journey() {
        put("LEAD#1", "INTERACTION#1", "interaction");            // INSERT interaction: scoring
        put("LEAD#1", "PROFILE", "lead", "version", 1);           // INSERT lead: no
        put("EMAIL#a@b.de", "IDENTITY", "identity");              // INSERT identity: no
        put("LEAD#1", "PROFILE", "lead", "version", 2);           // MODIFY lead: notification
        put("LEAD#1", "INTERACTION#1", "interaction", "x", "y");  // MODIFY interaction: no
        ddb.deleteItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("EMAIL#a@b.de"), "sk", AttributeValue.fromS("IDENTITY"))));
    }

    @Test
    void aFilterDropsRecordsThatMatchNoPattern() {
        journey();
        StreamTesting.Recorder one = new StreamTesting.Recorder();
        StreamPoller byOne = start(source().batchSize(1).filters(FilterPatternTest.INTERACTION_INSERTS, FilterPatternTest.LEAD_MODIFIES), one);
        StreamTesting.Recorder all = new StreamTesting.Recorder();
        StreamPoller byHundred = start(source().filters(FilterPatternTest.INTERACTION_INSERTS, FilterPatternTest.LEAD_MODIFIES), all);
        StreamTesting.Recorder scoring = new StreamTesting.Recorder();
        StreamPoller onlyScoring = start(source().filters(FilterPatternTest.INTERACTION_INSERTS), scoring);
        assertThat(byOne.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(byHundred.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
        assertThat(onlyScoring.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();

        assertThat(one.batches).hasSize(2);
        assertThat(one.batches.get(0).get(0).getEventName()).isEqualTo("INSERT");
        assertThat(one.batches.get(0).get(0).getDynamodb().getNewImage().get("itemType").getS()).isEqualTo("interaction");
        assertThat(one.batches.get(1).get(0).getEventName()).isEqualTo("MODIFY");
        assertThat(one.batches.get(1).get(0).getDynamodb().getNewImage().get("itemType").getS()).isEqualTo("lead");
        assertThat(byOne.invocations()).isEqualTo(2);
        assertThat(byOne.recordsRead()).isEqualTo(6);
        assertThat(byOne.recordsFiltered()).isEqualTo(4);

        assertThat(byHundred.invocations()).isEqualTo(1);
        assertThat(all.batches.get(0)).hasSize(2);
        assertThat(onlyScoring.invocations()).isEqualTo(1);
        assertThat(scoring.allKeys()).containsExactly("LEAD#1");

        // filtered records are read past for good: more writes do not bring them back
        put("LEAD#2", "INTERACTION#1", "interaction");
        await("the next interaction is delivered", () -> scoring.all().size() == 2);
        assertThat(onlyScoring.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(onlyScoring.invocations()).isEqualTo(2);
    }

    @Test
    void aBatchItemFailureRetriesFromThatRecordAndNeverRedeliversTheOnesBefore() {
        for (int i = 1; i <= 5; i++) {
            put("R" + i);
        }
        AtomicInteger calls = new AtomicInteger();
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch ->
                calls.incrementAndGet() == 1 ? StreamTesting.fail(seq(batch.get(2))) : null);
        StreamPoller p = start(source().batchSize(5).reportBatchItemFailures().retries(3), h);
        await("the retry is delivered", () -> h.batches.size() == 2);
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();

        assertThat(h.keys()).containsExactly(List.of("R1", "R2", "R3", "R4", "R5"), List.of("R3", "R4", "R5"));
        assertThat(p.invocations()).isEqualTo(2);
        assertThat(p.recordsDelivered()).isEqualTo(8);
        assertThat(p.recordsSucceeded()).isEqualTo(5);
        assertThat(p.functionErrors()).isEqualTo(1);
        assertThat(p.failedRecords()).isEmpty();
    }

    @Test
    void aPoisonRecordGoesToTheFailureDestinationAfterTheRetriesAndTheShardMovesOn() {
        put("R1");
        put("R2");
        put("POISON");
        put("R4");
        put("R5");
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch -> batch.stream()
                .filter(r -> pk(r).equals("POISON")).findFirst().map(r -> StreamTesting.fail(seq(r))).orElse(null));
        StreamPoller p = start(source().batchSize(3).reportBatchItemFailures().retries(2), h);
        await("the poison record is discarded", () -> p.failedRecords().size() == 1);
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();

        assertThat(h.keys()).containsExactly(List.of("R1", "R2", "POISON"), List.of("POISON"), List.of("POISON"), List.of("R4", "R5"));
        FailedRecord failed = p.failedRecords().get(0);
        assertThat(pk(failed.record())).isEqualTo("POISON");
        assertThat(failed.reason()).isEqualTo(FailedRecord.RETRY_ATTEMPTS_EXHAUSTED);
        assertThat(failed.retryAttempts()).isEqualTo(2);
        assertThat(failed.destination()).isEqualTo("StreamDeadLetterQueue.Arn");
        assertThat(failed.lastError()).contains("ReportBatchItemFailures").contains(failed.sequenceNumber());
        assertThat(failed.eventSource()).isEqualTo("TestFunction/Stream");
        assertThat(logs).anyMatch(l -> l.contains("RetryAttemptsExhausted after 2 retries") && l.contains("StreamDeadLetterQueue.Arn"));

        put("R6");
        await("a later record is delivered", () -> h.allKeys().contains("R6"));
        assertThat(p.invocations()).isEqualTo(5);
        assertThat(p.recordsDiscarded()).isEqualTo(1);
    }

    @Test
    void exhaustedRetriesOfAPartialFailureDiscardFromTheFailedRecordToTheEndOfItsBatch() {
        // Lambda retries (and finally discards) the batch from the checkpoint on, so R3 shares POISON's fate.
        put("R1");
        put("POISON");
        put("R3");
        put("R4");
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch -> batch.stream()
                .filter(r -> pk(r).equals("POISON")).findFirst().map(r -> StreamTesting.fail(seq(r))).orElse(null));
        StreamPoller p = start(source().batchSize(3).reportBatchItemFailures().retries(1), h);
        await("the retried batch is discarded", () -> p.failedRecords().size() == 2);
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(h.keys()).containsExactly(List.of("R1", "POISON", "R3"), List.of("POISON", "R3"), List.of("R4"));
        assertThat(p.failedRecords()).extracting(f -> pk(f.record())).containsExactly("POISON", "R3");
    }

    @Test
    void bisectSplitsAThrowingBatchUntilThePoisonRecordIsAlone() {
        put("R1");
        put("R2");
        put("POISON");
        put("R4");
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch -> {
            if (batch.stream().anyMatch(r -> pk(r).equals("POISON"))) {
                throw new IllegalStateException("poison");
            }
            return null;
        });
        StreamPoller p = start(source().batchSize(4).bisect().retries(1), h);
        await("the poison record is discarded", () -> p.failedRecords().size() == 1);
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();

        assertThat(h.keys()).containsExactly(
                List.of("R1", "R2", "POISON", "R4"), // fails: split
                List.of("R1", "R2"),                 // succeeds
                List.of("POISON", "R4"),             // fails: split (bisecting is no retry)
                List.of("POISON"),                   // fails alone
                List.of("POISON"),                   // retry 1 fails: exhausted
                List.of("R4"));
        FailedRecord failed = p.failedRecords().get(0);
        assertThat(pk(failed.record())).isEqualTo("POISON");
        assertThat(failed.retryAttempts()).isEqualTo(1);
        assertThat(failed.lastError()).isEqualTo("java.lang.IllegalStateException: poison");
        assertThat(p.recordsSucceeded()).isEqualTo(3);
    }

    @Test
    void withoutBisectAThrowingBatchFailsAsAWhole() {
        put("R1");
        put("POISON");
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch -> {
            throw new IllegalStateException("down");
        });
        StreamPoller p = start(source().retries(0).reportBatchItemFailures(), h);
        await("both records are discarded", () -> p.failedRecords().size() == 2);
        assertThat(h.batches).hasSize(1);
    }

    @Test
    void trimHorizonReplaysTheWholeStreamLatestOnlyWhatComesAndCheckpointsResume() {
        put("R1");
        put("R2");
        put("R3");
        StreamTesting.Recorder first = new StreamTesting.Recorder();
        StreamPoller a = start(source(), first);
        await("the first poller has everything", () -> first.all().size() == 3);
        assertThat(a.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        Map<String, String> checkpoints = a.checkpoints();
        a.stop();
        assertThat(checkpoints).hasSize(1);

        StreamTesting.Recorder replay = new StreamTesting.Recorder();
        StreamPoller b = start(source(), replay);
        await("a fresh TRIM_HORIZON poller replays everything", () -> replay.all().size() == 3);
        assertThat(replay.all()).extracting(DynamodbEvent.DynamodbStreamRecord::getEventID)
                .containsExactlyElementsOf(first.all().stream().map(DynamodbEvent.DynamodbStreamRecord::getEventID).toList());

        StreamTesting.Recorder latest = new StreamTesting.Recorder();
        start(source().startingPosition("LATEST"), latest);
        StreamTesting.Recorder resumed = new StreamTesting.Recorder();
        start(builder(source(), resumed).resumeAfter(checkpoints));
        put("R4");
        await("LATEST sees the new record", () -> latest.allKeys().contains("R4"));
        await("the resumed poller sees the new record", () -> resumed.allKeys().contains("R4"));
        await("the replaying poller sees it too", () -> replay.allKeys().contains("R4"));
        assertThat(latest.allKeys()).containsExactly("R4");
        assertThat(resumed.allKeys()).containsExactly("R4");
        assertThat(replay.allKeys()).containsExactly("R1", "R2", "R3", "R4");
        assertThatThrownBy(a::start).isInstanceOf(IllegalStateException.class);
        assertThat(b.invocations()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void cancelledTransactionsNeitherLeakPhantomRecordsNorHideLaterOnes() {
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source(), h);
        put("A");
        await("A is delivered", () -> h.allKeys().contains("A"));
        for (int i = 0; i < 15; i++) {
            String phantom = "B" + i;
            TransactWriteItem putPhantom = TransactWriteItem.builder().put(x -> x.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS(phantom), "sk", AttributeValue.fromS("X")))).build();
            TransactWriteItem failing = TransactWriteItem.builder().put(x -> x.tableName(table)
                    .item(Map.of("pk", AttributeValue.fromS("A"), "sk", AttributeValue.fromS("X")))
                    .conditionExpression("attribute_not_exists(pk)")).build();
            assertThatThrownBy(() -> ddb.transactWriteItems(r -> r.transactItems(putPhantom, failing)))
                    .isInstanceOf(TransactionCanceledException.class);
            put("C" + i);
        }
        await("every record after the cancelled transactions is delivered", () -> h.allKeys().contains("C14"));
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        List<String> expected = new ArrayList<>(List.of("A"));
        for (int i = 0; i < 15; i++) {
            expected.add("C" + i);
        }
        assertThat(h.allKeys()).containsExactlyElementsOf(expected);
    }

    @Test
    void theBatchingWindowGathersRecords() {
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source().window(1).batchSize(10), h);
        long t0 = System.nanoTime();
        put("R1");
        put("R2");
        put("R3");
        await("the batch is delivered", () -> !h.batches.isEmpty());
        long waitedMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(h.keys()).containsExactly(List.of("R1", "R2", "R3"));
        assertThat(waitedMillis).isGreaterThanOrEqualTo(800);
    }

    @Test
    void recordsOlderThanTheMaximumAgeAreDiscardedUnseen() {
        put("OLD1");
        put("OLD2");
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(builder(source().maxAge(3600), h).clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2))));
        await("both records are discarded", () -> p.failedRecords().size() == 2);
        assertThat(p.failedRecords()).extracting(FailedRecord::reason).containsOnly(FailedRecord.RECORD_AGE_EXCEEDED);
        assertThat(p.failedRecords().get(0).lastError()).isNull();
        assertThat(h.batches).isEmpty();
        assertThat(p.invocations()).isZero();
    }

    @Test
    void aHandlerRunningPastTheTimeoutFailsTheBatch() {
        put("SLOW");
        AtomicInteger calls = new AtomicInteger();
        StreamTesting.Recorder h = new StreamTesting.Recorder().answering(batch -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        });
        StreamPoller p = start(source().timeout(1).retries(0), h);
        await("the batch times out", () -> p.failedRecords().size() == 1);
        assertThat(p.failedRecords().get(0).lastError()).isEqualTo("Task timed out after 1.00 seconds");
        put("FAST");
        await("the next record is delivered", () -> h.allKeys().contains("FAST"));
    }

    @Test
    void startFailsWhenTheTableHasNoStream() {
        String plain = "plain-" + table;
        ddb.createTable(r -> r.tableName(plain).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("pk").attributeType("S"))
                .keySchema(k -> k.attributeName("pk").keyType("HASH")));
        StreamPoller p = StreamPoller.builder(source().build()).table(plain).clients(ddb, streams)
                .handler(new StreamTesting.Recorder()).log(logs::add, logs::add).build();
        assertThatThrownBy(p::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("has no stream");
    }
}

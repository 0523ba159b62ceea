package io.leadcapture.local.streams;

import static io.leadcapture.local.streams.StreamTesting.await;
import static io.leadcapture.local.streams.StreamTesting.source;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * What moto cannot show (it has one shard that never closes): shard lineage after a split, LATEST
 * over closed shards, and reads a second read does not confirm — against an in-memory Streams API.
 */
class StreamPollerShardTest {
    static final String STREAM_ARN = "arn:aws:dynamodb:eu-central-1:123456789012:table/fake/stream/2026-11-27T00:00:00.000";

    final FakeStreams streams = new FakeStreams();
    final List<StreamPoller> pollers = new ArrayList<>();
    final List<String> logs = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pollers.forEach(StreamPoller::stop);
    }

    StreamPoller start(StreamTesting.Source s, StreamTesting.Recorder h, boolean confirmReads) {
        StreamPoller p = StreamPoller.builder(s.build()).table("fake").clients(new FakeTable(), streams).handler(h)
                .confirmReads(confirmReads).idleSleep(Duration.ofMillis(20)).log(logs::add, logs::add).build();
        pollers.add(p);
        return p.start();
    }

    @Test
    void childShardsAreReadOnlyAfterTheirParentIsReadThrough() {
        streams.shard("parent", null);
        streams.shard("child-a", "parent");
        streams.shard("child-b", "parent");
        streams.add("child-a", "A1");
        streams.add("child-b", "B1");
        streams.add("parent", "P1");
        streams.add("parent", "P2");
        streams.close("parent");
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source(), h, true);
        await("every shard is read", () -> h.all().size() == 4);
        List<String> keys = h.allKeys();
        assertThat(keys.subList(0, 2)).containsExactly("P1", "P2");
        assertThat(keys.subList(2, 4)).containsExactlyInAnyOrder("A1", "B1");
        assertThat(h.keys().get(0)).containsExactly("P1", "P2");
        assertThat(logs).anyMatch(l -> l.contains("shard parent closed and read through"));
        assertThat(p.checkpoints()).containsKeys("parent", "child-a", "child-b");
    }

    @Test
    void aSplitWhileRunningIsFollowed() {
        streams.shard("parent", null);
        streams.add("parent", "P1");
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        start(source(), h, true);
        await("the parent's record", () -> h.allKeys().contains("P1"));
        streams.add("parent", "P2");
        streams.shard("child", "parent");
        streams.add("child", "C1");
        streams.close("parent");
        await("the child's record", () -> h.allKeys().contains("C1"));
        assertThat(h.allKeys()).containsExactly("P1", "P2", "C1");
    }

    @Test
    void latestSkipsClosedShardsAndStartsOpenOnesAtTheirEnd() {
        streams.shard("parent", null);
        streams.shard("child", "parent");
        streams.add("parent", "OLD1");
        streams.close("parent");
        streams.add("child", "OLD2");
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source().startingPosition("LATEST"), h, true);
        streams.add("child", "NEW");
        await("the new record", () -> h.allKeys().contains("NEW"));
        assertThat(p.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
        assertThat(h.allKeys()).containsExactly("NEW");
    }

    @Test
    void recordsASecondReadDoesNotConfirmAreNeverDelivered() {
        streams.shard("s", null);
        Record real = streams.add("s", "REAL1");
        // moto after a cancelled transaction: a stale iterator hands out the cancelled write
        streams.injected.add(List.of(real, streams.record("PHANTOM", 2)));
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source(), h, true);
        await("the real record", () -> h.allKeys().contains("REAL1"));
        streams.add("s", "REAL2"); // takes sequence number 2, like the phantom
        await("the next real record", () -> h.allKeys().contains("REAL2"));
        assertThat(h.allKeys()).containsExactly("REAL1", "REAL2");
        assertThat(p.unconfirmedReads()).isEqualTo(1);
    }

    @Test
    void withoutConfirmationThePhantomWouldBeDeliveredAndTheRealRecordLost() {
        streams.shard("s", null);
        Record real = streams.add("s", "REAL1");
        streams.injected.add(List.of(real, streams.record("PHANTOM", 2)));
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = start(source(), h, false);
        await("the phantom", () -> h.allKeys().contains("PHANTOM"));
        streams.add("s", "REAL2");
        streams.add("s", "REAL3");
        await("REAL3", () -> h.allKeys().contains("REAL3"));
        assertThat(h.allKeys()).containsExactly("REAL1", "PHANTOM", "REAL3");
        assertThat(p.unconfirmedReads()).isZero();
    }

    @Test
    void aLongIdleStreamIsPolledLessOften() throws InterruptedException {
        streams.shard("s", null);
        StreamTesting.Recorder h = new StreamTesting.Recorder();
        StreamPoller p = StreamPoller.builder(source().build()).table("fake").clients(new FakeTable(), streams).handler(h)
                .idleSleep(Duration.ofMillis(20)).slowIdle(Duration.ofMillis(100), Duration.ofMillis(400))
                .log(logs::add, logs::add).build();
        pollers.add(p.start());
        Thread.sleep(300);
        int before = streams.iterators.get();
        Thread.sleep(1200);
        assertThat(streams.iterators.get() - before).isBetween(1, 5); // ~3 polls, not ~60
        streams.add("s", "R1");
        await("the record still arrives", Duration.ofSeconds(2), () -> h.allKeys().contains("R1"));
    }

    /** DescribeTable → the stream ARN. */
    static final class FakeTable implements DynamoDbClient {
        @Override
        public DescribeTableResponse describeTable(DescribeTableRequest request) {
            return DescribeTableResponse.builder()
                    .table(TableDescription.builder().tableName(request.tableName()).latestStreamArn(STREAM_ARN).build()).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }

    /** Shards with parents, closing, sequence numbers; the next GetRecords answers can be injected. */
    static final class FakeStreams implements DynamoDbStreamsClient {
        final Map<String, List<Record>> shards = new LinkedHashMap<>();
        final Map<String, String> parents = new HashMap<>();
        final Set<String> closed = ConcurrentHashMap.newKeySet();
        final Deque<List<Record>> injected = new ConcurrentLinkedDeque<>();
        final java.util.concurrent.atomic.AtomicInteger iterators = new java.util.concurrent.atomic.AtomicInteger();
        long nextSeq = 1;

        synchronized void shard(String id, String parent) {
            shards.put(id, new ArrayList<>());
            parents.put(id, parent);
        }

        synchronized Record add(String shard, String pk) {
            Record r = record(pk, nextSeq++);
            shards.get(shard).add(r);
            return r;
        }

        void close(String shard) {
            closed.add(shard);
        }

        Record record(String pk, long seq) {
            Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("X"));
            return Record.builder().eventID(UUID.randomUUID().toString()).eventName(OperationType.INSERT).eventVersion("1.1")
                    .eventSource("aws:dynamodb").awsRegion("eu-central-1")
                    .dynamodb(StreamRecord.builder().keys(keys).newImage(keys).sequenceNumber(String.format("%021d", seq))
                            .sizeBytes(20L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).approximateCreationDateTime(Instant.now()).build())
                    .build();
        }

        @Override
        public synchronized DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            List<Shard> out = new ArrayList<>();
            shards.forEach((id, records) -> {
                String start = records.isEmpty() ? String.format("%021d", 0) : records.get(0).dynamodb().sequenceNumber();
                String end = closed.contains(id) && !records.isEmpty() ? records.get(records.size() - 1).dynamodb().sequenceNumber() : null;
                out.add(Shard.builder().shardId(id).parentShardId(parents.get(id))
                        .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber(start).endingSequenceNumber(end).build())
                        .build());
            });
            return DescribeStreamResponse.builder().streamDescription(StreamDescription.builder().streamArn(request.streamArn())
                    .shards(out).build()).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            iterators.incrementAndGet();
            String after = request.shardIteratorType() == ShardIteratorType.TRIM_HORIZON ? "" : request.sequenceNumber();
            if (request.shardIteratorType() != ShardIteratorType.TRIM_HORIZON && request.shardIteratorType() != ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
                throw new UnsupportedOperationException(request.shardIteratorTypeAsString());
            }
            return GetShardIteratorResponse.builder().shardIterator(request.shardId() + "|" + after).build();
        }

        @Override
        public synchronized GetRecordsResponse getRecords(GetRecordsRequest request) {
            String[] parts = request.shardIterator().split("\\|", -1);
            String shard = parts[0];
            List<Record> page = injected.poll();
            if (page == null) {
                page = new ArrayList<>();
                for (Record r : shards.get(shard)) {
                    if (parts[1].isEmpty() || new BigInteger(r.dynamodb().sequenceNumber()).compareTo(new BigInteger(parts[1])) > 0) {
                        page.add(r);
                    }
                }
                page = page.subList(0, Math.min(page.size(), request.limit()));
            }
            String last = page.isEmpty() ? parts[1] : page.get(page.size() - 1).dynamodb().sequenceNumber();
            List<Record> all = shards.get(shard);
            boolean readThrough = all.isEmpty() || (!last.isEmpty() && last.equals(all.get(all.size() - 1).dynamodb().sequenceNumber()));
            String next = closed.contains(shard) && readThrough ? null : shard + "|" + last;
            return GetRecordsResponse.builder().records(page).nextShardIterator(next).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}

package io.leadcapture.local.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The stream's shards and their records: which shards may be read (a child only once its parent is
 * read through), where each starts (resume checkpoint, TRIM_HORIZON, or LATEST's end) and the
 * records after each one's position, confirmed by a second read (see {@link StreamPoller}).
 */
final class ShardReader {
    static final int GET_RECORDS_LIMIT = 1000;
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final boolean startAtLatest;
    private final boolean confirmReads;
    private final Map<String, String> resumeAfter;
    private final Progress progress;
    private final PollerLog log;
    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private long nextRefresh;

    ShardReader(DynamoDbStreamsClient streams, String streamArn, boolean startAtLatest, boolean confirmReads,
                Map<String, String> resumeAfter, Progress progress, PollerLog log) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.startAtLatest = startAtLatest;
        this.confirmReads = confirmReads;
        this.resumeAfter = resumeAfter;
        this.progress = progress;
        this.log = log;
    }

    /** The shards in the order the stream lists them; only {@code ACTIVE} ones are to be read. */
    List<ShardState> shards() {
        return List.copyOf(shards.values());
    }

    /** Whether the shards are due to be described again (every few seconds, and after a shard ends). */
    boolean refreshDue(long now) {
        return now - nextRefresh >= 0;
    }

    /**
     * Describes the stream, adds the shards not known yet and activates those whose parent is read
     * through. {@code initial}: the first call, where LATEST positions the shards at their end.
     */
    void refresh(boolean initial) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            DescribeStreamResponse r = streams.describeStream(DescribeStreamRequest.builder()
                    .streamArn(streamArn).exclusiveStartShardId(start).build());
            all.addAll(r.streamDescription().shards());
            start = r.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        for (Shard sh : all) {
            if (shards.containsKey(sh.shardId())) {
                continue;
            }
            String ending = sh.sequenceNumberRange() == null ? null : sh.sequenceNumberRange().endingSequenceNumber();
            ShardState s = new ShardState(sh.shardId(), sh.parentShardId());
            String resume = resumeAfter.get(sh.shardId());
            if (resume != null) {
                s.position = resume;
                progress.checkpoint(s, resume);
            } else if (initial && startAtLatest) {
                if (ending != null) {
                    s.status = ShardState.Status.FINISHED;
                } else {
                    skipToEnd(s);
                    s.status = ShardState.Status.ACTIVE;
                }
            }
            shards.put(s.shardId, s);
        }
        for (ShardState s : shards.values()) {
            if (s.status == ShardState.Status.WAITING) {
                ShardState parent = s.parentShardId == null ? null : shards.get(s.parentShardId);
                if (parent == null || parent.status == ShardState.Status.FINISHED) {
                    s.status = ShardState.Status.ACTIVE;
                }
            }
        }
        nextRefresh = System.nanoTime() + SHARD_REFRESH.toNanos();
    }

    /** The shard is closed and every record of it is done: its children may start. */
    void finished(ShardState s) {
        s.status = ShardState.Status.FINISHED;
        nextRefresh = System.nanoTime();
        log.info("shard " + s.shardId + " closed and read through");
    }

    /** LATEST: position the shard after the records that are in it now. */
    private void skipToEnd(ShardState s) {
        for (int pages = 0; pages < 100_000; pages++) {
            List<Record> records = read(s);
            if (records.isEmpty()) {
                break;
            }
        }
        progress.checkpoint(s, s.position);
    }

    private record Page(List<Record> records, boolean shardEnded) {
    }

    /** The records after the shard's position, confirmed by a second read; moves the position past them. */
    List<Record> read(ShardState s) {
        s.unconfirmed = false;
        Page first = readPage(s);
        if (first.records.isEmpty()) {
            s.endReached = first.shardEnded;
            return List.of();
        }
        Page accepted = first;
        if (confirmReads) {
            Page second = readPage(s);
            int n = 0;
            while (n < first.records.size() && n < second.records.size()
                    && Objects.equals(first.records.get(n).eventID(), second.records.get(n).eventID())) {
                n++;
            }
            if (n < first.records.size()) {
                progress.unconfirmedReads.incrementAndGet();
                s.unconfirmed = true;
            }
            accepted = new Page(second.records.subList(0, n), n == second.records.size() && second.shardEnded);
        }
        if (!accepted.records.isEmpty()) {
            s.position = accepted.records.get(accepted.records.size() - 1).dynamodb().sequenceNumber();
        }
        s.endReached = accepted.shardEnded;
        return accepted.records;
    }

    /** One GetRecords page through a fresh iterator at the shard's position. */
    private Page readPage(ShardState s) {
        GetShardIteratorRequest.Builder req = GetShardIteratorRequest.builder().streamArn(streamArn).shardId(s.shardId);
        if (s.position == null) {
            req.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
        } else {
            req.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(s.position);
        }
        String iterator;
        try {
            iterator = streams.getShardIterator(req.build()).shardIterator();
        } catch (TrimmedDataAccessException e) {
            log.warn("records after " + s.position + " in shard " + s.shardId
                    + " were trimmed from the stream; continuing at the oldest record");
            s.position = null;
            return new Page(List.of(), false);
        }
        if (iterator == null) {
            return new Page(List.of(), true);
        }
        GetRecordsResponse r = streams.getRecords(GetRecordsRequest.builder().shardIterator(iterator).limit(GET_RECORDS_LIMIT).build());
        return new Page(r.hasRecords() ? r.records() : List.of(), r.nextShardIterator() == null);
    }
}

package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.local.aws.SamTemplate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Records read from a shard wait in its buffer until a batch is due: BatchSize matching records,
 * Lambda's payload limit reached, the batching window over, or the shard's end. Records that match
 * no filter are never delivered; they are counted and passed over.
 */
final class BatchAssembler {
    /** Lambda's synchronous invocation payload limit, which caps a batch. */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;

    private final int batchSize;
    private final long windowNanos;
    private final FilterCriteria filters;
    private final String streamArn;
    private final Progress progress;

    BatchAssembler(SamTemplate.StreamEvent source, FilterCriteria filters, String streamArn, Progress progress) {
        this.batchSize = source.batchSize();
        this.windowNanos = TimeUnit.SECONDS.toNanos(source.maximumBatchingWindowInSeconds());
        this.filters = filters;
        this.streamArn = streamArn;
        this.progress = progress;
    }

    /** Whether the shard's buffer has room for another read. */
    boolean wantsMore(ShardState s) {
        return s.matching < batchSize && s.bufferedBytes < MAX_PAYLOAD_BYTES;
    }

    void add(ShardState s, List<Record> records) {
        for (Record r : records) {
            add(s, r);
        }
    }

    private void add(ShardState s, Record r) {
        progress.recordsRead.incrementAndGet();
        DynamodbEvent.DynamodbStreamRecord lambda = StreamRecords.toLambda(r, streamArn);
        ObjectNode json = StreamRecords.toJson(lambda);
        boolean matches = filters.matches(json);
        Instant created = r.dynamodb() == null ? null : r.dynamodb().approximateCreationDateTime();
        Batch.Item item = new Batch.Item(lambda, r.dynamodb().sequenceNumber(), created, matches, json.toString().length() + 1);
        s.buffer.addLast(item);
        s.bufferedBytes += item.size();
        if (matches) {
            if (s.matching == 0) {
                s.firstMatchAt = System.nanoTime();
            }
            s.matching++;
        }
    }

    /** A buffer of only records no filter wants is dropped, and the checkpoint moves past it. */
    void dropUnmatched(ShardState s) {
        if (s.matching == 0 && !s.buffer.isEmpty()) {
            progress.recordsFiltered.addAndGet(s.buffer.size());
            progress.checkpoint(s, s.buffer.peekLast().seq());
            s.buffer.clear();
            s.bufferedBytes = 0;
        }
    }

    /** Whether the buffer holds a record to deliver. */
    boolean hasMatching(ShardState s) {
        return s.matching > 0;
    }

    boolean isEmpty(ShardState s) {
        return s.buffer.isEmpty();
    }

    /** Whether the buffered matching records are to be delivered now rather than wait for more. */
    boolean due(ShardState s) {
        boolean full = s.matching >= batchSize || s.bufferedBytes >= MAX_PAYLOAD_BYTES;
        return full || windowNanos == 0 || System.nanoTime() - s.firstMatchAt >= windowNanos || s.endReached;
    }

    /** Up to BatchSize matching records (under the payload limit); filtered ones on the way are dropped. */
    Batch take(ShardState s) {
        List<Batch.Item> items = new ArrayList<>();
        long bytes = 0;
        String lastSeq = null;
        while (!s.buffer.isEmpty() && items.size() < batchSize) {
            Batch.Item next = s.buffer.peekFirst();
            if (next.matches() && !items.isEmpty() && bytes + next.size() > MAX_PAYLOAD_BYTES) {
                break;
            }
            s.buffer.pollFirst();
            s.bufferedBytes -= next.size();
            lastSeq = next.seq();
            if (!next.matches()) {
                progress.recordsFiltered.incrementAndGet();
                continue;
            }
            s.matching--;
            items.add(next);
            bytes += next.size();
        }
        if (s.matching > 0) {
            s.firstMatchAt = System.nanoTime();
        }
        return Batch.of(items, lastSeq);
    }
}

package io.leadcapture.local.streams;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a poller has done: its counters, the records it gave up on and the per-shard checkpoints.
 * The polling thread writes them; any thread may read them, and every value is exact.
 */
final class Progress {
    final AtomicLong invocations = new AtomicLong();
    final AtomicLong recordsRead = new AtomicLong();
    final AtomicLong recordsFiltered = new AtomicLong();
    final AtomicLong recordsDelivered = new AtomicLong();
    final AtomicLong recordsSucceeded = new AtomicLong();
    final AtomicLong recordsDiscarded = new AtomicLong();
    final AtomicLong functionErrors = new AtomicLong();
    final AtomicLong unconfirmedReads = new AtomicLong();

    private final List<FailedRecord> failed = new CopyOnWriteArrayList<>();
    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();

    /** Every record of the shard up to {@code seq} is done; null leaves the checkpoint as it is. */
    void checkpoint(ShardState s, String seq) {
        if (seq != null) {
            checkpoints.put(s.shardId, seq);
        }
    }

    void discarded(List<FailedRecord> records) {
        failed.addAll(records);
        recordsDiscarded.addAndGet(records.size());
    }

    List<FailedRecord> failedRecords() {
        return List.copyOf(failed);
    }

    Map<String, String> checkpoints() {
        return Map.copyOf(checkpoints);
    }

    StreamPoller.Stats stats() {
        return new StreamPoller.Stats(invocations.get(), recordsRead.get(), recordsFiltered.get(), recordsDelivered.get(),
                recordsSucceeded.get(), recordsDiscarded.get(), functionErrors.get());
    }
}

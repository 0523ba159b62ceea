package io.leadcapture.local.streams;

import io.leadcapture.local.aws.SamTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivery and retry policy of an event source mapping: records past their maximum age are
 * discarded unseen; a failed batch is bisected (BisectBatchOnFunctionError) or retried from its
 * first failed record after a backoff, until MaximumRetryAttempts, then discarded to the
 * on-failure destination. The checkpoint moves only past records that are done.
 */
final class BatchDelivery {
    /** DynamoDB Streams keeps records for 24 hours. */
    static final int STREAM_RETENTION_SECONDS = 86_400;

    private final SamTemplate.StreamEvent source;
    private final FunctionInvoker invoker;
    private final Clock clock;
    private final Duration retryBackoffBase;
    private final Duration retryBackoffMax;
    private final Progress progress;
    private final PollerLog log;

    BatchDelivery(SamTemplate.StreamEvent source, FunctionInvoker invoker, Clock clock, Duration retryBackoffBase,
                  Duration retryBackoffMax, Progress progress, PollerLog log) {
        this.source = source;
        this.invoker = invoker;
        this.clock = clock;
        this.retryBackoffBase = retryBackoffBase;
        this.retryBackoffMax = retryBackoffMax;
        this.progress = progress;
        this.log = log;
    }

    /** Invokes the function with the batch's live records; what fails goes back to the shard's retries or is discarded. */
    void deliver(ShardState s, Batch batch) {
        int maxAge = source.maximumRecordAgeInSeconds() < 0 ? STREAM_RETENTION_SECONDS : source.maximumRecordAgeInSeconds();
        Instant oldest = clock.instant().minusSeconds(maxAge);
        List<Batch.Item> live = new ArrayList<>();
        List<Batch.Item> expired = new ArrayList<>();
        for (Batch.Item i : batch.items()) {
            (i.created() != null && i.created().isBefore(oldest) ? expired : live).add(i);
        }
        if (!expired.isEmpty()) {
            discard(s, expired, FailedRecord.RECORD_AGE_EXCEEDED, batch.lastError(), batch.retries());
        }
        if (live.isEmpty()) {
            progress.checkpoint(s, batch.lastSeq());
            return;
        }
        FunctionInvoker.Outcome outcome = invoker.invoke(live);
        progress.invocations.incrementAndGet();
        progress.recordsDelivered.addAndGet(live.size());
        if (outcome.failedFrom() < 0) {
            progress.recordsSucceeded.addAndGet(live.size());
            progress.checkpoint(s, batch.lastSeq());
            return;
        }
        progress.functionErrors.incrementAndGet();
        if (outcome.failedFrom() > 0) {
            progress.recordsSucceeded.addAndGet(outcome.failedFrom());
            progress.checkpoint(s, live.get(outcome.failedFrom() - 1).seq());
        }
        List<Batch.Item> failedItems = List.copyOf(live.subList(outcome.failedFrom(), live.size()));
        log.warn("invocation failed for " + failedItems.size() + " of " + live.size() + " record(s) (seq "
                + Batch.range(failedItems) + ", retry " + batch.retries() + "): " + outcome.error());
        if (outcome.wholeBatch() && source.bisectBatchOnFunctionError() && failedItems.size() > 1) {
            // Halves are retried first half first; splitting is no retry.
            int half = failedItems.size() / 2;
            List<Batch.Item> first = failedItems.subList(0, half);
            List<Batch.Item> second = failedItems.subList(half, failedItems.size());
            s.retries.addFirst(new Batch(second, batch.retries(), outcome.error(), batch.lastSeq(), System.nanoTime()));
            s.retries.addFirst(new Batch(first, batch.retries(), outcome.error(), first.get(first.size() - 1).seq(), System.nanoTime()));
            return;
        }
        if (source.maximumRetryAttempts() >= 0 && batch.retries() >= source.maximumRetryAttempts()) {
            discard(s, failedItems, FailedRecord.RETRY_ATTEMPTS_EXHAUSTED, outcome.error(), batch.retries());
            progress.checkpoint(s, batch.lastSeq());
            return;
        }
        int retries = batch.retries() + 1;
        s.retries.addFirst(new Batch(failedItems, retries, outcome.error(), batch.lastSeq(), System.nanoTime() + backoffNanos(retries)));
    }

    /** The wait before retry n: base × 2^(n-1), at most max. */
    private long backoffNanos(int retry) {
        return Math.min(retryBackoffMax.toNanos(), retryBackoffBase.toNanos() << Math.min(retry - 1, 20));
    }

    /** To the on-failure destination (in memory), with a log line. */
    private void discard(ShardState s, List<Batch.Item> items, String reason, String error, int retries) {
        Instant now = clock.instant();
        List<FailedRecord> records = new ArrayList<>(items.size());
        for (Batch.Item i : items) {
            records.add(new FailedRecord(source.id(), source.onFailureDestination(), reason, error, retries, s.shardId, i.record(), now));
        }
        progress.discarded(records);
        log.warn(items.size() + " record(s) " + reason
                + (reason.equals(FailedRecord.RETRY_ATTEMPTS_EXHAUSTED) ? " after " + retries + " retries" : "")
                + ", seq " + Batch.range(items) + " -> "
                + (source.onFailureDestination() == null ? "discarded (no on-failure destination)" : source.onFailureDestination())
                + (error != null ? "; last error: " + error : ""));
    }
}

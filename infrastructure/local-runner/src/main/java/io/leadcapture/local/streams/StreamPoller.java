package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.local.aws.SamTemplate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One DynamoDB event source mapping of template.yaml, run locally: polls the table's stream and
 * invokes the function's handler in process, with the semantics of Lambda's event source mapping.
 *
 * <ul>
 *   <li><b>Stream and shards</b>: DescribeTable → LatestStreamArn; DescribeStream → shards, a child
 *       shard read only after its parent is closed and read through (re-described every few seconds
 *       and whenever a shard ends). Per-shard order is preserved: one batch at a time per shard, and
 *       a failed batch blocks its shard until it succeeds or is discarded.</li>
 *   <li><b>Reading</b>: every poll takes a fresh iterator at the shard's position
 *       ({@code AFTER_SEQUENCE_NUMBER} of the last record read, {@code TRIM_HORIZON} before the first)
 *       and, when records come back, reads them a second time with another fresh iterator and
 *       accepts only what both reads agree on. moto replaces a table (stream included) by a copy
 *       when a TransactWriteItems is cancelled, so an iterator taken before that hands out
 *       "phantom" records of the cancelled writes and misses later ones; the confirmed read never
 *       accepts them. {@code LATEST} is the position after the last record present at
 *       {@link #start()}. An idle shard is polled every {@code idleSleep} (200 ms; Lambda: 4 per s),
 *       every second once nothing has come for a minute (see {@link Builder#slowIdle}).</li>
 *   <li><b>Batching and filtering</b>: records that match no filter are dropped (never delivered)
 *       and read past; up to BatchSize matching records (and under Lambda's 6 MB payload) are
 *       gathered for at most MaximumBatchingWindowInSeconds (0 = invoke with what one read gave).</li>
 *   <li><b>Errors</b>: an exception (or a timeout after the function's Timeout) fails the whole batch;
 *       with ReportBatchItemFailures, a response naming sequence numbers means the records before the
 *       lowest one succeeded and the batch is retried from it; an empty or null response is success;
 *       a null/empty/unknown itemIdentifier fails the whole batch. Each retry counts toward
 *       MaximumRetryAttempts (-1 = until the records age out). With BisectBatchOnFunctionError a
 *       batch that failed as a whole is split into two halves retried separately, first half
 *       first; splitting does not count as a retry. Records older than MaximumRecordAgeInSeconds (or
 *       the stream's 24 h retention when -1) are discarded before an invocation. Discarded records
 *       go to {@link #failedRecords()} (the on-failure destination, locally) with a log line, and the
 *       shard moves on. Retries wait a short backoff (100 ms doubling, at most 5 s).</li>
 * </ul>
 *
 * This class is the polling loop; each concern above has its own class: {@code ShardReader} (stream,
 * shards, reading), {@code BatchAssembler} (batching and filtering), {@code BatchDelivery} with
 * {@code FunctionInvoker} (invocation and errors) and {@code Progress} (counters, discarded records,
 * checkpoints).
 *
 * <p>Counters ({@link #invocations()}, {@link #recordsDelivered()}, …) are exact and safe to read from
 * any thread; {@link #awaitCaughtUp(Duration)} waits until everything written before the call has
 * been handled.
 */
public final class StreamPoller implements AutoCloseable {
    public static final Duration DEFAULT_IDLE_SLEEP = Duration.ofMillis(200);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final SamTemplate.StreamEvent source;
    private final String tableName;
    private final DynamoDbClient ddb;
    private final DynamoDbStreamsClient streams;
    private final RequestHandler<DynamodbEvent, ?> handler;
    private final FilterCriteria filters;
    private final Clock clock;
    private final Duration idleSleep;
    private final Duration slowIdleAfter;
    private final Duration slowIdleSleep;
    private final Duration retryBackoffBase;
    private final Duration retryBackoffMax;
    private final boolean confirmReads;
    private final Map<String, String> resumeAfter;
    private final PollerLog log;
    private final Progress progress = new Progress();

    private volatile boolean running;
    private volatile boolean started;
    private volatile long caughtUpAt;
    private volatile boolean caughtUpSeen;
    private Thread thread;
    private String streamArn;
    // Built by start(), used by the polling thread.
    private ShardReader reader;
    private BatchAssembler assembler;
    private FunctionInvoker invoker;
    private BatchDelivery delivery;
    private long lastPollErrorLog;

    /** A poller for {@code source} on table {@code tableName}; call {@link #start()}. */
    public StreamPoller(SamTemplate.StreamEvent source, String tableName, DynamoDbClient ddb,
                        DynamoDbStreamsClient streams, RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
        this(builder(source).table(tableName).clients(ddb, streams).handler(handler));
    }

    private StreamPoller(Builder b) {
        this.source = Objects.requireNonNull(b.source, "source");
        validate(source);
        this.tableName = Objects.requireNonNull(b.tableName, "table name");
        this.ddb = Objects.requireNonNull(b.ddb, "DynamoDB client");
        this.streams = Objects.requireNonNull(b.streams, "DynamoDB Streams client");
        this.handler = Objects.requireNonNull(b.handler, "handler");
        this.filters = FilterCriteria.of(source.filterPatterns());
        this.clock = b.clock;
        this.idleSleep = b.idleSleep;
        this.slowIdleAfter = b.slowIdleAfter;
        this.slowIdleSleep = b.slowIdleSleep;
        this.retryBackoffBase = b.retryBackoffBase;
        this.retryBackoffMax = b.retryBackoffMax;
        this.confirmReads = b.confirmReads;
        this.resumeAfter = Map.copyOf(b.resumeAfter);
        this.log = new PollerLog(source.id(), b.info, b.warn);
    }

    public static Builder builder(SamTemplate.StreamEvent source) {
        return new Builder(source);
    }

    /**
     * Checks an event source as Lambda's CreateEventSourceMapping would, plus what the local poller
     * cannot honour; throws {@link IllegalArgumentException} naming the function, event and property.
     */
    public static void validate(SamTemplate.StreamEvent e) {
        MappingValidation.validate(e);
    }

    /**
     * Resolves the stream, positions every shard (for LATEST: after the records present now) and
     * starts the daemon polling thread. Throws when the table or its stream is missing.
     */
    public synchronized StreamPoller start() {
        if (started) {
            throw new IllegalStateException(source.id() + ": a poller starts once; build another with resumeAfter(checkpoints())");
        }
        started = true;
        streamArn = ddb.describeTable(DescribeTableRequest.builder().tableName(tableName).build()).table().latestStreamArn();
        if (streamArn == null) {
            throw new IllegalStateException(source.id() + ": table " + tableName + " has no stream (StreamSpecification)");
        }
        reader = new ShardReader(streams, streamArn, source.startingPosition().equals("LATEST"), confirmReads, resumeAfter,
                progress, log);
        reader.refresh(true);
        assembler = new BatchAssembler(source, filters, streamArn, progress);
        invoker = new FunctionInvoker(source, handler);
        delivery = new BatchDelivery(source, invoker, clock, retryBackoffBase, retryBackoffMax, progress, log);
        running = true;
        thread = new Thread(this::loop, "stream-poller-" + source.id());
        thread.setDaemon(true);
        thread.start();
        log.started(describe());
        return this;
    }

    /** Stops polling; waits a bounded time for an invocation in flight, then abandons it. */
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(STOP_WAIT.toMillis());
            if (t.isAlive()) {
                t.interrupt();
                t.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        invoker.close();
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isRunning() {
        return running;
    }

    /**
     * Waits until the poller has handled everything in the stream at the time of the call (a read
     * that began after the call found nothing new, and no batch is buffered or awaiting a retry).
     * Returns false when the timeout passes first.
     */
    public boolean awaitCaughtUp(Duration timeout) {
        long t0 = System.nanoTime();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            if (caughtUpSeen && caughtUpAt - t0 >= 0) {
                return true;
            }
            if (!running) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        return false;
    }

    public SamTemplate.StreamEvent source() {
        return source;
    }

    public String tableName() {
        return tableName;
    }

    /** The stream ARN, known after {@link #start()}. */
    public String streamArn() {
        return streamArn;
    }

    /** Function invocations, retries included. */
    public long invocations() {
        return progress.invocations.get();
    }

    /** Records handed to the function, counted once per invocation (a retried record counts again). */
    public long recordsDelivered() {
        return progress.recordsDelivered.get();
    }

    /** Records read from the stream (each once). */
    public long recordsRead() {
        return progress.recordsRead.get();
    }

    /** Records that matched no filter and were dropped. */
    public long recordsFiltered() {
        return progress.recordsFiltered.get();
    }

    /** Records the function finished successfully. */
    public long recordsSucceeded() {
        return progress.recordsSucceeded.get();
    }

    /** Records sent to the on-failure destination ({@link #failedRecords()}). */
    public long recordsDiscarded() {
        return progress.recordsDiscarded.get();
    }

    /** Invocations that failed (wholly, or partly through ReportBatchItemFailures). */
    public long functionErrors() {
        return progress.functionErrors.get();
    }

    /** Reads whose records a second read did not confirm (moto's cancelled-transaction phantoms). */
    public long unconfirmedReads() {
        return progress.unconfirmedReads.get();
    }

    public Stats stats() {
        return progress.stats();
    }

    /** The on-failure destination, locally: every discarded record with the reason, oldest first. */
    public List<FailedRecord> failedRecords() {
        return progress.failedRecords();
    }

    /**
     * Per shard, the sequence number up to which every record is done (delivered successfully,
     * filtered out or discarded). A new poller built with {@code resumeAfter(checkpoints())} continues
     * after them ({@code AFTER_SEQUENCE_NUMBER}).
     */
    public Map<String, String> checkpoints() {
        return progress.checkpoints();
    }

    /** One line: function, table, position and settings. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(source.id()).append(" <- ").append(tableName).append(" stream (").append(source.startingPosition())
                .append(", batch ").append(source.batchSize());
        if (source.maximumBatchingWindowInSeconds() > 0) {
            b.append(" within ").append(source.maximumBatchingWindowInSeconds()).append(" s");
        }
        b.append(", ").append(filters.patterns().size()).append(filters.patterns().size() == 1 ? " filter" : " filters");
        b.append(", retries ").append(source.maximumRetryAttempts() < 0 ? "until expiry" : source.maximumRetryAttempts());
        if (source.maximumRecordAgeInSeconds() >= 0) {
            b.append(", max age ").append(source.maximumRecordAgeInSeconds()).append(" s");
        }
        if (source.bisectBatchOnFunctionError()) {
            b.append(", bisect");
        }
        if (source.reportBatchItemFailures()) {
            b.append(", ReportBatchItemFailures");
        }
        b.append(", on failure -> ").append(source.onFailureDestination() == null ? "discard" : source.onFailureDestination() + " (in memory)");
        return b.append(')').toString();
    }

    // ---------------------------------------------------------------- polling

    private void loop() {
        long lastActivity = System.nanoTime();
        while (running) {
            long iterationStart = System.nanoTime();
            boolean busy = false;
            boolean idle = true;
            try {
                if (reader.refreshDue(iterationStart)) {
                    reader.refresh(false);
                }
                for (ShardState s : reader.shards()) {
                    if (!running) {
                        break;
                    }
                    if (s.status != ShardState.Status.ACTIVE) {
                        continue;
                    }
                    Step step = step(s);
                    busy |= step.busy;
                    idle &= step.idle;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                long now = System.nanoTime();
                if (lastPollErrorLog == 0 || now - lastPollErrorLog > TimeUnit.SECONDS.toNanos(30)) {
                    lastPollErrorLog = now;
                    log.warn("polling failed, retrying: " + e);
                }
                park(ERROR_BACKOFF);
                continue;
            }
            if (idle) {
                caughtUpAt = iterationStart;
                caughtUpSeen = true;
            }
            if (busy) {
                lastActivity = System.nanoTime();
            } else {
                boolean slow = slowIdleAfter != null && System.nanoTime() - lastActivity > slowIdleAfter.toNanos();
                park(slow ? slowIdleSleep : idleSleep);
            }
        }
    }

    private static void park(Duration d) {
        LockSupport.parkNanos(d.toNanos());
    }

    /** busy: something was read or invoked; idle: the shard has nothing left (read nothing, holds nothing). */
    private record Step(boolean busy, boolean idle) {
    }

    /** One turn for one shard: a due retry, or a read and, when a batch is due, its delivery. */
    private Step step(ShardState s) {
        if (!s.retries.isEmpty()) {
            Batch next = s.retries.peekFirst();
            if (next.notBefore() - System.nanoTime() > 0) {
                return new Step(false, false);
            }
            s.retries.pollFirst();
            delivery.deliver(s, next);
            return new Step(true, false);
        }
        boolean fetched = false;
        boolean readNothing = false;
        if (!s.endReached && assembler.wantsMore(s)) {
            List<Record> records = reader.read(s);
            if (records.isEmpty()) {
                readNothing = !s.unconfirmed;
            } else {
                fetched = true;
                assembler.add(s, records);
            }
        }
        assembler.dropUnmatched(s);
        if (assembler.hasMatching(s)) {
            if (assembler.due(s)) {
                delivery.deliver(s, assembler.take(s));
                return new Step(true, false);
            }
            return new Step(fetched, false);
        }
        if (s.endReached && assembler.isEmpty(s)) {
            reader.finished(s);
        }
        return new Step(fetched, readNothing);
    }

    /** The counters at one moment. */
    public record Stats(long invocations, long recordsRead, long recordsFiltered, long recordsDelivered,
                        long recordsSucceeded, long recordsDiscarded, long functionErrors) {
    }

    /** Options; {@link #table}, {@link #clients} and {@link #handler} are required. */
    public static final class Builder {
        private final SamTemplate.StreamEvent source;
        private String tableName;
        private DynamoDbClient ddb;
        private DynamoDbStreamsClient streams;
        private RequestHandler<DynamodbEvent, ?> handler;
        private Clock clock = Clock.systemUTC();
        private Duration idleSleep = DEFAULT_IDLE_SLEEP;
        private Duration slowIdleAfter = Duration.ofSeconds(60);
        private Duration slowIdleSleep = Duration.ofSeconds(1);
        private Duration retryBackoffBase = Duration.ofMillis(100);
        private Duration retryBackoffMax = Duration.ofSeconds(5);
        private boolean confirmReads = true;
        private Map<String, String> resumeAfter = Map.of();
        private Consumer<String> info = System.out::println;
        private Consumer<String> warn = System.err::println;

        private Builder(SamTemplate.StreamEvent source) {
            this.source = source;
        }

        /** The physical table name (the runner maps the template's logical id to it). */
        public Builder table(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder clients(DynamoDbClient ddb, DynamoDbStreamsClient streams) {
            this.ddb = ddb;
            this.streams = streams;
            return this;
        }

        public Builder handler(RequestHandler<DynamodbEvent, StreamsEventResponse> handler) {
            this.handler = handler;
            return this;
        }

        /** A handler whose declared response type is something else (e.g. Void); its response is ignored. */
        public Builder anyHandler(RequestHandler<DynamodbEvent, ?> handler) {
            this.handler = handler;
            return this;
        }

        /** The clock for record ages and failure times (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The pause between polls of an idle stream (default 200 ms). */
        public Builder idleSleep(Duration idleSleep) {
            this.idleSleep = idleSleep;
            return this;
        }

        /**
         * After {@code after} without any record, poll every {@code sleep} instead (default: after
         * 60 s, every 1 s; back to {@link #idleSleep} with the next record). moto keeps every shard
         * iterator for good (~1.5 KB each), so a long idle {@code make run} would otherwise grow it by
         * ~50 MB an hour per event source. {@code after} null: always poll at {@link #idleSleep}.
         */
        public Builder slowIdle(Duration after, Duration sleep) {
            this.slowIdleAfter = after;
            this.slowIdleSleep = sleep;
            return this;
        }

        /** The wait before retry n: base × 2^(n-1), at most max (default 100 ms, 5 s). */
        public Builder retryBackoff(Duration base, Duration max) {
            this.retryBackoffBase = base;
            this.retryBackoffMax = max;
            return this;
        }

        /** Continue after these per-shard sequence numbers ({@link StreamPoller#checkpoints()}) instead of StartingPosition. */
        public Builder resumeAfter(Map<String, String> checkpoints) {
            this.resumeAfter = checkpoints;
            return this;
        }

        /** Whether records are confirmed by a second read (default true; needed against moto). */
        public Builder confirmReads(boolean confirmReads) {
            this.confirmReads = confirmReads;
            return this;
        }

        /** Where log lines go (default: info to stdout, failures to stderr). */
        public Builder log(Consumer<String> info, Consumer<String> warn) {
            this.info = info;
            this.warn = warn;
            return this;
        }

        public StreamPoller build() {
            return new StreamPoller(this);
        }
    }
}

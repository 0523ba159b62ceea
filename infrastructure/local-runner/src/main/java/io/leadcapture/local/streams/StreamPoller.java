package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.SamTemplate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
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
 * Counters ({@link #invocations()}, {@link #recordsDelivered()}, …) are exact and safe to read from
 * any thread; {@link #awaitCaughtUp(Duration)} waits until everything written before the call has
 * been handled.
 */
public final class StreamPoller implements AutoCloseable {
    public static final Duration DEFAULT_IDLE_SLEEP = Duration.ofMillis(200);
    /** Lambda's synchronous invocation payload limit, which caps a batch. */
    static final long MAX_PAYLOAD_BYTES = 6L * 1024 * 1024;
    /** DynamoDB Streams keeps records for 24 hours. */
    static final int STREAM_RETENTION_SECONDS = 86_400;
    static final int GET_RECORDS_LIMIT = 1000;
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(5);
    private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);
    private static final Set<String> RESPONSE_TYPES = Set.of("ReportBatchItemFailures");
    /** Event properties Lambda has for DynamoDB sources that the local poller models or may ignore safely. */
    private static final Set<String> KNOWN_PROPERTIES = Set.of("Stream", "StartingPosition", "BatchSize",
            "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError",
            "MaximumRecordAgeInSeconds", "FunctionResponseTypes", "FilterCriteria", "DestinationConfig",
            "Enabled", "ParallelizationFactor", "KmsKeyArn", "MetricsConfig");

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
    private final Consumer<String> info;
    private final Consumer<String> warn;

    private final Map<String, ShardState> shards = new LinkedHashMap<>();
    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    private final List<FailedRecord> failed = new CopyOnWriteArrayList<>();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private final AtomicLong recordsFiltered = new AtomicLong();
    private final AtomicLong recordsDelivered = new AtomicLong();
    private final AtomicLong recordsSucceeded = new AtomicLong();
    private final AtomicLong recordsDiscarded = new AtomicLong();
    private final AtomicLong functionErrors = new AtomicLong();
    private final AtomicLong unconfirmedReads = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();

    private volatile boolean running;
    private volatile boolean started;
    private volatile long caughtUpAt;
    private volatile boolean caughtUpSeen;
    private Thread thread;
    private ExecutorService invoker;
    private String streamArn;
    private long nextShardRefresh;
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
        this.info = b.info;
        this.warn = b.warn;
    }

    public static Builder builder(SamTemplate.StreamEvent source) {
        return new Builder(source);
    }

    /**
     * Checks an event source as Lambda's CreateEventSourceMapping would, plus what the local poller
     * cannot honour; throws {@link IllegalArgumentException} naming the function, event and property.
     */
    public static void validate(SamTemplate.StreamEvent e) {
        String where = e.id() + ": ";
        if (e.handler() == null || e.handler().isBlank()) {
            throw new IllegalArgumentException(where + "the function has no Handler");
        }
        if (e.startingPosition() == null) {
            throw new IllegalArgumentException(where + "StartingPosition is required for a DynamoDB event (TRIM_HORIZON or LATEST)");
        }
        if (!e.startingPosition().equals("TRIM_HORIZON") && !e.startingPosition().equals("LATEST")) {
            throw new IllegalArgumentException(where + "StartingPosition must be TRIM_HORIZON or LATEST for DynamoDB, got " + e.startingPosition());
        }
        range(where, "BatchSize", e.batchSize(), 1, 10_000);
        range(where, "MaximumBatchingWindowInSeconds", e.maximumBatchingWindowInSeconds(), 0, 300);
        range(where, "MaximumRetryAttempts", e.maximumRetryAttempts(), -1, 10_000);
        if (e.maximumRecordAgeInSeconds() != -1) {
            range(where, "MaximumRecordAgeInSeconds (or -1)", e.maximumRecordAgeInSeconds(), 60, 604_800);
        }
        for (String t : e.functionResponseTypes()) {
            if (!RESPONSE_TYPES.contains(t)) {
                throw new IllegalArgumentException(where + "FunctionResponseTypes may only contain ReportBatchItemFailures, got " + t);
            }
        }
        if (e.properties() != null) {
            for (Iterator<String> it = e.properties().fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!KNOWN_PROPERTIES.contains(name)) {
                    throw new IllegalArgumentException(where + name + " is not supported by the local stream poller");
                }
            }
            int parallel = e.properties().path("ParallelizationFactor").asInt(1);
            range(where, "ParallelizationFactor", parallel, 1, 10);
        }
        try {
            FilterCriteria.of(e.filterPatterns());
        } catch (FilterPattern.InvalidFilterPatternException x) {
            throw new FilterPattern.InvalidFilterPatternException(where + x.getMessage());
        }
    }

    private static void range(String where, String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(where + name + " must be between " + min + " and " + max + ", got " + value);
        }
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
        refreshShards(true);
        invoker = newInvoker();
        running = true;
        thread = new Thread(this::loop, "stream-poller-" + source.id());
        thread.setDaemon(true);
        thread.start();
        info.accept("[streams] " + describe());
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
        invoker.shutdownNow();
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
        return invocations.get();
    }

    /** Records handed to the function, counted once per invocation (a retried record counts again). */
    public long recordsDelivered() {
        return recordsDelivered.get();
    }

    /** Records read from the stream (each once). */
    public long recordsRead() {
        return recordsRead.get();
    }

    /** Records that matched no filter and were dropped. */
    public long recordsFiltered() {
        return recordsFiltered.get();
    }

    /** Records the function finished successfully. */
    public long recordsSucceeded() {
        return recordsSucceeded.get();
    }

    /** Records sent to the on-failure destination ({@link #failedRecords()}). */
    public long recordsDiscarded() {
        return recordsDiscarded.get();
    }

    /** Invocations that failed (wholly, or partly through ReportBatchItemFailures). */
    public long functionErrors() {
        return functionErrors.get();
    }

    /** Reads whose records a second read did not confirm (moto's cancelled-transaction phantoms). */
    public long unconfirmedReads() {
        return unconfirmedReads.get();
    }

    public Stats stats() {
        return new Stats(invocations(), recordsRead(), recordsFiltered(), recordsDelivered(), recordsSucceeded(),
                recordsDiscarded(), functionErrors());
    }

    /** The on-failure destination, locally: every discarded record with the reason, oldest first. */
    public List<FailedRecord> failedRecords() {
        return List.copyOf(failed);
    }

    /**
     * Per shard, the sequence number up to which every record is done (delivered successfully,
     * filtered out or discarded). A new poller built with {@code resumeAfter(checkpoints())} continues
     * after them ({@code AFTER_SEQUENCE_NUMBER}).
     */
    public Map<String, String> checkpoints() {
        return Map.copyOf(checkpoints);
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
                if (iterationStart - nextShardRefresh >= 0) {
                    refreshShards(false);
                }
                for (ShardState s : List.copyOf(shards.values())) {
                    if (!running) {
                        break;
                    }
                    if (s.status != Status.ACTIVE) {
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
                pollErrors.incrementAndGet();
                long now = System.nanoTime();
                if (lastPollErrorLog == 0 || now - lastPollErrorLog > TimeUnit.SECONDS.toNanos(30)) {
                    lastPollErrorLog = now;
                    warn.accept("[streams] " + source.id() + ": polling failed, retrying: " + e);
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

    private record Step(boolean busy, boolean idle) {
    }

    private Step step(ShardState s) {
        if (!s.retries.isEmpty()) {
            Batch next = s.retries.peekFirst();
            if (next.notBefore - System.nanoTime() > 0) {
                return new Step(false, false);
            }
            s.retries.pollFirst();
            deliver(s, next);
            return new Step(true, false);
        }
        boolean fetched = false;
        boolean readNothing = false;
        if (!s.endReached && s.matching < source.batchSize() && s.bufferedBytes < MAX_PAYLOAD_BYTES) {
            List<Record> records = read(s);
            if (records.isEmpty()) {
                readNothing = !s.unconfirmed;
            } else {
                fetched = true;
                for (Record r : records) {
                    buffer(s, r);
                }
            }
        }
        if (s.matching == 0 && !s.buffer.isEmpty()) {
            // Only records no filter wants: drop them, move past them.
            recordsFiltered.addAndGet(s.buffer.size());
            setCheckpoint(s, s.buffer.peekLast().seq);
            s.buffer.clear();
            s.bufferedBytes = 0;
        }
        if (s.matching > 0) {
            long window = TimeUnit.SECONDS.toNanos(source.maximumBatchingWindowInSeconds());
            boolean full = s.matching >= source.batchSize() || s.bufferedBytes >= MAX_PAYLOAD_BYTES;
            if (full || window == 0 || System.nanoTime() - s.firstMatchAt >= window || s.endReached) {
                deliver(s, takeBatch(s));
                return new Step(true, false);
            }
            return new Step(fetched, false);
        }
        if (s.endReached && s.buffer.isEmpty()) {
            s.status = Status.FINISHED;
            nextShardRefresh = System.nanoTime();
            info.accept("[streams] " + source.id() + ": shard " + s.shardId + " closed and read through");
        }
        return new Step(fetched, readNothing);
    }

    private void buffer(ShardState s, Record r) {
        recordsRead.incrementAndGet();
        DynamodbEvent.DynamodbStreamRecord lambda = StreamRecords.toLambda(r, streamArn);
        ObjectNode json = StreamRecords.toJson(lambda);
        boolean matches = filters.matches(json);
        Instant created = r.dynamodb() == null ? null : r.dynamodb().approximateCreationDateTime();
        Item item = new Item(lambda, r.dynamodb().sequenceNumber(), created, matches, json.toString().length() + 1);
        s.buffer.addLast(item);
        s.bufferedBytes += item.size;
        if (matches) {
            if (s.matching == 0) {
                s.firstMatchAt = System.nanoTime();
            }
            s.matching++;
        }
    }

    /** Up to BatchSize matching records (under the payload limit); filtered ones on the way are dropped. */
    private Batch takeBatch(ShardState s) {
        List<Item> items = new ArrayList<>();
        long bytes = 0;
        String lastSeq = null;
        while (!s.buffer.isEmpty() && items.size() < source.batchSize()) {
            Item next = s.buffer.peekFirst();
            if (next.matches && !items.isEmpty() && bytes + next.size > MAX_PAYLOAD_BYTES) {
                break;
            }
            s.buffer.pollFirst();
            s.bufferedBytes -= next.size;
            lastSeq = next.seq;
            if (!next.matches) {
                recordsFiltered.incrementAndGet();
                continue;
            }
            s.matching--;
            items.add(next);
            bytes += next.size;
        }
        if (s.matching > 0) {
            s.firstMatchAt = System.nanoTime();
        }
        return new Batch(items, 0, null, lastSeq, 0);
    }

    // ---------------------------------------------------------------- invoking

    private void deliver(ShardState s, Batch batch) {
        int maxAge = source.maximumRecordAgeInSeconds() < 0 ? STREAM_RETENTION_SECONDS : source.maximumRecordAgeInSeconds();
        Instant oldest = clock.instant().minusSeconds(maxAge);
        List<Item> live = new ArrayList<>();
        List<Item> expired = new ArrayList<>();
        for (Item i : batch.items) {
            (i.created != null && i.created.isBefore(oldest) ? expired : live).add(i);
        }
        if (!expired.isEmpty()) {
            discard(s, expired, FailedRecord.RECORD_AGE_EXCEEDED, batch.lastError, batch.retries);
        }
        if (live.isEmpty()) {
            setCheckpoint(s, batch.lastSeq);
            return;
        }
        Outcome outcome = invoke(live);
        invocations.incrementAndGet();
        recordsDelivered.addAndGet(live.size());
        if (outcome.failedFrom < 0) {
            recordsSucceeded.addAndGet(live.size());
            setCheckpoint(s, batch.lastSeq);
            return;
        }
        functionErrors.incrementAndGet();
        if (outcome.failedFrom > 0) {
            recordsSucceeded.addAndGet(outcome.failedFrom);
            setCheckpoint(s, live.get(outcome.failedFrom - 1).seq);
        }
        List<Item> failedItems = List.copyOf(live.subList(outcome.failedFrom, live.size()));
        warn.accept("[streams] " + source.id() + ": invocation failed for " + failedItems.size() + " of " + live.size()
                + " record(s) (seq " + range(failedItems) + ", retry " + batch.retries + "): " + outcome.error);
        if (outcome.wholeBatch && source.bisectBatchOnFunctionError() && failedItems.size() > 1) {
            int half = failedItems.size() / 2;
            List<Item> first = failedItems.subList(0, half);
            List<Item> second = failedItems.subList(half, failedItems.size());
            s.retries.addFirst(new Batch(second, batch.retries, outcome.error, batch.lastSeq, System.nanoTime()));
            s.retries.addFirst(new Batch(first, batch.retries, outcome.error, first.get(first.size() - 1).seq, System.nanoTime()));
            return;
        }
        if (source.maximumRetryAttempts() >= 0 && batch.retries >= source.maximumRetryAttempts()) {
            discard(s, failedItems, FailedRecord.RETRY_ATTEMPTS_EXHAUSTED, outcome.error, batch.retries);
            setCheckpoint(s, batch.lastSeq);
            return;
        }
        int retries = batch.retries + 1;
        long delay = Math.min(retryBackoffMax.toNanos(), retryBackoffBase.toNanos() << Math.min(retries - 1, 20));
        s.retries.addFirst(new Batch(failedItems, retries, outcome.error, batch.lastSeq, System.nanoTime() + delay));
    }

    /** failedFrom: -1 = all succeeded; otherwise the index of the first record to retry. */
    private record Outcome(int failedFrom, boolean wholeBatch, String error) {
        static final Outcome SUCCESS = new Outcome(-1, false, null);

        static Outcome whole(String error) {
            return new Outcome(0, true, error);
        }
    }

    private Outcome invoke(List<Item> items) {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(items.size());
        items.forEach(i -> records.add(i.record));
        DynamodbEvent event = StreamRecords.event(records);
        LocalContext context = new LocalContext(source.functionLogicalId(), source.timeoutSeconds());
        Future<?> call = invoker.submit(() -> handler.handleRequest(event, context));
        Object response;
        try {
            response = call.get(source.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            invoker.shutdownNow();
            invoker = newInvoker();
            return Outcome.whole(String.format(Locale.ROOT, "Task timed out after %d.00 seconds", source.timeoutSeconds()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Outcome.whole(cause.getClass().getName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.whole("invocation interrupted (poller stopping)");
        }
        if (!source.reportBatchItemFailures() || !(response instanceof StreamsEventResponse r)
                || r.getBatchItemFailures() == null || r.getBatchItemFailures().isEmpty()) {
            return Outcome.SUCCESS;
        }
        int first = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure f : r.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return Outcome.whole("ReportBatchItemFailures: a null or empty itemIdentifier fails the whole batch");
            }
            int index = -1;
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).seq.equals(id)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                return Outcome.whole("ReportBatchItemFailures: itemIdentifier " + id + " is no sequence number of this batch");
            }
            first = Math.min(first, index);
        }
        return new Outcome(first, false, "ReportBatchItemFailures: record " + items.get(first).seq + " reported failed");
    }

    private void discard(ShardState s, List<Item> items, String reason, String error, int retries) {
        Instant now = clock.instant();
        for (Item i : items) {
            failed.add(new FailedRecord(source.id(), source.onFailureDestination(), reason, error, retries, s.shardId, i.record, now));
        }
        recordsDiscarded.addAndGet(items.size());
        warn.accept("[streams] " + source.id() + ": " + items.size() + " record(s) " + reason
                + (reason.equals(FailedRecord.RETRY_ATTEMPTS_EXHAUSTED) ? " after " + retries + " retries" : "")
                + ", seq " + range(items) + " -> "
                + (source.onFailureDestination() == null ? "discarded (no on-failure destination)" : source.onFailureDestination())
                + (error != null ? "; last error: " + error : ""));
    }

    private static String range(List<Item> items) {
        String a = items.get(0).seq;
        String b = items.get(items.size() - 1).seq;
        return a.equals(b) ? a : a + ".." + b;
    }

    private ExecutorService newInvoker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stream-handler-" + source.id());
            t.setDaemon(true);
            return t;
        });
    }

    // ---------------------------------------------------------------- stream API

    private void refreshShards(boolean initial) {
        List<Shard> all = new ArrayList<>();
        String start = null;
        do {
            DescribeStreamResponse r = streams.describeStream(DescribeStreamRequest.builder()
                    .streamArn(streamArn).exclusiveStartShardId(start).build());
            all.addAll(r.streamDescription().shards());
            start = r.streamDescription().lastEvaluatedShardId();
        } while (start != null);
        for (Shard sh : all) {
            String ending = sh.sequenceNumberRange() == null ? null : sh.sequenceNumberRange().endingSequenceNumber();
            ShardState known = shards.get(sh.shardId());
            if (known != null) {
                continue;
            }
            ShardState s = new ShardState(sh.shardId(), sh.parentShardId());
            String resume = resumeAfter.get(sh.shardId());
            if (resume != null) {
                s.position = resume;
                setCheckpoint(s, resume);
            } else if (initial && source.startingPosition().equals("LATEST")) {
                if (ending != null) {
                    s.status = Status.FINISHED;
                } else {
                    skipToEnd(s);
                    s.status = Status.ACTIVE;
                }
            }
            shards.put(s.shardId, s);
        }
        for (ShardState s : shards.values()) {
            if (s.status == Status.WAITING) {
                ShardState parent = s.parentShardId == null ? null : shards.get(s.parentShardId);
                if (parent == null || parent.status == Status.FINISHED) {
                    s.status = Status.ACTIVE;
                }
            }
        }
        nextShardRefresh = System.nanoTime() + SHARD_REFRESH.toNanos();
    }

    /** LATEST: position the shard after the records that are in it now. */
    private void skipToEnd(ShardState s) {
        for (int pages = 0; pages < 100_000; pages++) {
            List<Record> records = read(s);
            if (records.isEmpty()) {
                break;
            }
        }
        if (s.position != null) {
            setCheckpoint(s, s.position);
        }
    }

    private record Page(List<Record> records, boolean shardEnded) {
    }

    /** The records after the shard's position, confirmed by a second read (see the class comment). */
    private List<Record> read(ShardState s) {
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
                unconfirmedReads.incrementAndGet();
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
            warn.accept("[streams] " + source.id() + ": records after " + s.position + " in shard " + s.shardId
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

    private void setCheckpoint(ShardState s, String seq) {
        if (seq != null) {
            s.checkpoint = seq;
            checkpoints.put(s.shardId, seq);
        }
    }

    // ---------------------------------------------------------------- state

    private enum Status { WAITING, ACTIVE, FINISHED }

    private static final class ShardState {
        final String shardId;
        final String parentShardId;
        Status status = Status.WAITING;
        /** The last sequence number read; reading continues after it (null: from the shard's start). */
        String position;
        /** Every record up to here is done. */
        String checkpoint;
        boolean endReached;
        /** The last read returned records a second read did not confirm: read again before calling it idle. */
        boolean unconfirmed;
        final ArrayDeque<Item> buffer = new ArrayDeque<>();
        int matching;
        long bufferedBytes;
        long firstMatchAt;
        final ArrayDeque<Batch> retries = new ArrayDeque<>();

        ShardState(String shardId, String parentShardId) {
            this.shardId = shardId;
            this.parentShardId = parentShardId;
        }
    }

    private record Item(DynamodbEvent.DynamodbStreamRecord record, String seq, Instant created, boolean matches, long size) {
    }

    /** lastSeq: the checkpoint once this batch is done (filtered records it passed over included). */
    private record Batch(List<Item> items, int retries, String lastError, String lastSeq, long notBefore) {
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

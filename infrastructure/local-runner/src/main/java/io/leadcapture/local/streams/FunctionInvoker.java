package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.SamTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Invokes the function's handler in process as Lambda would: one invocation at a time on its own
 * thread, failed after the function's Timeout, and its response read as ReportBatchItemFailures.
 */
final class FunctionInvoker {
    private final SamTemplate.StreamEvent source;
    private final RequestHandler<DynamodbEvent, ?> handler;
    /** Replaced after a timeout (the timed-out call may never end); shut down by {@link #close()}. */
    private volatile ExecutorService executor;

    FunctionInvoker(SamTemplate.StreamEvent source, RequestHandler<DynamodbEvent, ?> handler) {
        this.source = source;
        this.handler = handler;
        this.executor = newExecutor();
    }

    /**
     * What became of one invocation.
     *
     * @param failedFrom -1: every record succeeded; otherwise the index of the first record to retry
     * @param wholeBatch the batch failed as a whole (an error or a timeout, not a reported record)
     */
    record Outcome(int failedFrom, boolean wholeBatch, String error) {
        static final Outcome SUCCESS = new Outcome(-1, false, null);

        static Outcome whole(String error) {
            return new Outcome(0, true, error);
        }
    }

    Outcome invoke(List<Batch.Item> items) {
        List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(items.size());
        items.forEach(i -> records.add(i.record()));
        DynamodbEvent event = StreamRecords.event(records);
        LocalContext context = new LocalContext(source.functionLogicalId(), source.timeoutSeconds());
        ExecutorService current = executor;
        Future<?> call = current.submit(() -> handler.handleRequest(event, context));
        Object response;
        try {
            response = call.get(source.timeoutSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            current.shutdownNow();
            executor = newExecutor();
            return Outcome.whole(String.format(Locale.ROOT, "Task timed out after %d.00 seconds", source.timeoutSeconds()));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Outcome.whole(cause.getClass().getName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.whole("invocation interrupted (poller stopping)");
        }
        return source.reportBatchItemFailures() ? reported(response, items) : Outcome.SUCCESS;
    }

    /**
     * ReportBatchItemFailures: an empty or null response is success; named sequence numbers mean the
     * records before the lowest one succeeded; a null, empty or unknown itemIdentifier fails the whole batch.
     */
    private static Outcome reported(Object response, List<Batch.Item> items) {
        if (!(response instanceof StreamsEventResponse r) || r.getBatchItemFailures() == null || r.getBatchItemFailures().isEmpty()) {
            return Outcome.SUCCESS;
        }
        int first = Integer.MAX_VALUE;
        for (StreamsEventResponse.BatchItemFailure f : r.getBatchItemFailures()) {
            String id = f == null ? null : f.getItemIdentifier();
            if (id == null || id.isEmpty()) {
                return Outcome.whole("ReportBatchItemFailures: a null or empty itemIdentifier fails the whole batch");
            }
            int index = indexOf(items, id);
            if (index < 0) {
                return Outcome.whole("ReportBatchItemFailures: itemIdentifier " + id + " is no sequence number of this batch");
            }
            first = Math.min(first, index);
        }
        return new Outcome(first, false, "ReportBatchItemFailures: record " + items.get(first).seq() + " reported failed");
    }

    private static int indexOf(List<Batch.Item> items, String seq) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).seq().equals(seq)) {
                return i;
            }
        }
        return -1;
    }

    /** Abandons an invocation in flight. */
    void close() {
        executor.shutdownNow();
    }

    private ExecutorService newExecutor() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stream-handler-" + source.id());
            t.setDaemon(true);
            return t;
        });
    }
}

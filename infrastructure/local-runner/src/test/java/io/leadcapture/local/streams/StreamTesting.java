package io.leadcapture.local.streams;

import static org.assertj.core.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.local.aws.SamTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Shared helpers of the stream tests: event sources, a recording handler, bounded waits. */
final class StreamTesting {
    private StreamTesting() {
    }

    /** An event source as the template would give it; defaults are Lambda's. */
    static final class Source {
        String startingPosition = "TRIM_HORIZON";
        int batchSize = 100;
        int window;
        int retries = -1;
        boolean bisect;
        int maxAge = -1;
        boolean report;
        List<String> filters = List.of();
        String destination = "StreamDeadLetterQueue.Arn";
        int timeout = 10;

        Source startingPosition(String p) {
            startingPosition = p;
            return this;
        }

        Source batchSize(int n) {
            batchSize = n;
            return this;
        }

        Source window(int seconds) {
            window = seconds;
            return this;
        }

        Source retries(int n) {
            retries = n;
            return this;
        }

        Source bisect() {
            bisect = true;
            return this;
        }

        Source maxAge(int seconds) {
            maxAge = seconds;
            return this;
        }

        Source reportBatchItemFailures() {
            report = true;
            return this;
        }

        Source filters(String... patterns) {
            filters = List.of(patterns);
            return this;
        }

        Source timeout(int seconds) {
            timeout = seconds;
            return this;
        }

        SamTemplate.StreamEvent build() {
            return new SamTemplate.StreamEvent("TestFunction", NoArgHandler.class.getName() + "::handleRequest", "Stream",
                    "LeadsTable", "LeadsTable.StreamArn", startingPosition, batchSize, window, retries, bisect, maxAge,
                    report ? List.of("ReportBatchItemFailures") : List.of(), filters, destination, true, timeout, null);
        }
    }

    static Source source() {
        return new Source();
    }

    /** Records every batch it gets; answers with {@code behaviour} (null response by default). */
    static final class Recorder implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        final List<List<DynamodbEvent.DynamodbStreamRecord>> batches = new CopyOnWriteArrayList<>();
        volatile Function<List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> behaviour = b -> null;

        Recorder answering(Function<List<DynamodbEvent.DynamodbStreamRecord>, StreamsEventResponse> b) {
            behaviour = b;
            return this;
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            batches.add(List.copyOf(event.getRecords()));
            return behaviour.apply(event.getRecords());
        }

        /** The pk of every delivered record, batch by batch. */
        List<List<String>> keys() {
            List<List<String>> out = new ArrayList<>();
            for (List<DynamodbEvent.DynamodbStreamRecord> b : batches) {
                out.add(b.stream().map(StreamTesting::pk).toList());
            }
            return out;
        }

        List<String> allKeys() {
            return keys().stream().flatMap(List::stream).toList();
        }

        List<DynamodbEvent.DynamodbStreamRecord> all() {
            return batches.stream().flatMap(List::stream).toList();
        }
    }

    static String pk(DynamodbEvent.DynamodbStreamRecord r) {
        return r.getDynamodb().getKeys().get("pk").getS();
    }

    static String seq(DynamodbEvent.DynamodbStreamRecord r) {
        return r.getDynamodb().getSequenceNumber();
    }

    static StreamsEventResponse fail(String sequenceNumber) {
        return StreamsEventResponse.builder()
                .withBatchItemFailures(List.of(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequenceNumber).build()))
                .build();
    }

    /** Polls the condition every 20 ms until it holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(10), condition);
    }

    /** A handler with a public no-arg constructor, as Lambda builds handlers. */
    public static final class NoArgHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        public NoArgHandler() {
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            return null;
        }
    }
}

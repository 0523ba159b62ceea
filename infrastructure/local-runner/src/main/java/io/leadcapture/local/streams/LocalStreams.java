package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.SamTemplate;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Every DynamoDB stream event source of template.yaml as a {@link StreamPoller}, for {@code make run}:
 * the event sources come from the template (there is no second list), each function's handler is
 * built through its no-arg constructor as Lambda builds it, and every setting is checked before
 * anything starts, so a template the local runner cannot honour fails at start-up.
 */
public final class LocalStreams implements AutoCloseable {
    private final List<StreamPoller> pollers;
    private final DynamoDbClient ddb;
    private final DynamoDbStreamsClient streams;

    private LocalStreams(List<StreamPoller> pollers, DynamoDbClient ddb, DynamoDbStreamsClient streams) {
        this.pollers = List.copyOf(pollers);
        this.ddb = ddb;
        this.streams = streams;
    }

    /**
     * Pollers (not yet started) for every enabled {@code Type: DynamoDB} event of the template.
     *
     * @param tableNames the physical table name for a table's logical id (as the functions see it)
     */
    public static LocalStreams fromTemplate(SamTemplate template, URI endpoint, Function<String, String> tableNames) {
        return fromTemplate(template, endpoint, tableNames, LocalStreams::newHandler);
    }

    /** As {@link #fromTemplate(SamTemplate, URI, Function)}, with the handlers made by {@code handlers}. */
    public static LocalStreams fromTemplate(SamTemplate template, URI endpoint, Function<String, String> tableNames,
                                            Function<SamTemplate.StreamEvent, RequestHandler<DynamodbEvent, StreamsEventResponse>> handlers) {
        List<SamTemplate.StreamEvent> events = template.streamEvents();
        for (SamTemplate.StreamEvent e : events) {
            StreamPoller.validate(e);
            checkTable(template, e);
        }
        DynamoDbClient ddb = LocalAws.dynamoDb(endpoint);
        DynamoDbStreamsClient streams = LocalAws.dynamoDbStreams(endpoint);
        List<StreamPoller> pollers = new ArrayList<>();
        try {
            for (SamTemplate.StreamEvent e : events) {
                if (!e.enabled()) {
                    System.out.println("[streams] " + e.id() + " is disabled in the template (Enabled: false)");
                    continue;
                }
                pollers.add(StreamPoller.builder(e).table(tableNames.apply(e.tableLogicalId()))
                        .clients(ddb, streams).handler(handlers.apply(e)).confirmReads(confirmReads()).build());
            }
        } catch (RuntimeException ex) {
            ddb.close();
            streams.close();
            throw ex;
        }
        return new LocalStreams(pollers, ddb, streams);
    }

    /**
     * Whether records are confirmed by a second read ({@link StreamPoller}): yes unless
     * {@code STREAM_CONFIRM_READS=false}, which run.sh sets for the emulator it starts, whose
     * transactions leave no phantom records (moto_patches.py, 1).
     */
    static boolean confirmReads() {
        return !"false".equalsIgnoreCase(System.getenv().getOrDefault("STREAM_CONFIRM_READS", "true"));
    }

    private static void checkTable(SamTemplate template, SamTemplate.StreamEvent e) {
        if (e.tableLogicalId() == null) {
            throw new IllegalArgumentException(e.id() + ": Stream must be !GetAtt <Table>.StreamArn of a table in the template, got "
                    + e.streamRef());
        }
        SamTemplate.Table table = template.tables().stream().filter(t -> t.logicalId().equals(e.tableLogicalId())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(e.id() + ": Stream names " + e.tableLogicalId()
                        + ", which is no AWS::DynamoDB::Table of the template"));
        if (table.properties().path("StreamSpecification").isMissingNode()) {
            throw new IllegalArgumentException(e.id() + ": table " + e.tableLogicalId() + " has no StreamSpecification");
        }
    }

    /**
     * The function's handler built through its public no-arg constructor, as Lambda builds it. It
     * must implement {@code RequestHandler<DynamodbEvent, …>} with the template's method
     * ({@code handleRequest}).
     */
    @SuppressWarnings("unchecked")
    public static RequestHandler<DynamodbEvent, StreamsEventResponse> newHandler(SamTemplate.StreamEvent e) {
        String handler = e.handler();
        int sep = handler.indexOf("::");
        if (sep >= 0 && !handler.substring(sep + 2).equals("handleRequest")) {
            throw new IllegalArgumentException(e.id() + ": handler " + handler + " - the local runner invokes RequestHandler.handleRequest only");
        }
        Object instance;
        try {
            instance = Class.forName(e.handlerClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError ex) {
            Throwable cause = ex instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : ex;
            throw new IllegalStateException(e.id() + ": cannot build handler " + e.handlerClass() + ": " + cause, cause);
        }
        if (!(instance instanceof RequestHandler<?, ?> h)) {
            throw new IllegalArgumentException(e.id() + ": " + e.handlerClass() + " does not implement RequestHandler<DynamodbEvent, StreamsEventResponse>");
        }
        return (RequestHandler<DynamodbEvent, StreamsEventResponse>) h;
    }

    /** Starts every poller; if one cannot start, the others are stopped again and the error is thrown. */
    public LocalStreams start() {
        List<StreamPoller> started = new ArrayList<>();
        try {
            for (StreamPoller p : pollers) {
                p.start();
                started.add(p);
            }
        } catch (RuntimeException ex) {
            started.forEach(StreamPoller::stop);
            throw ex;
        }
        return this;
    }

    public List<StreamPoller> pollers() {
        return pollers;
    }

    /** The poller of one event source ({@code ScoringFunction/NewInteraction}), if any. */
    public java.util.Optional<StreamPoller> poller(String id) {
        return pollers.stream().filter(p -> p.source().id().equals(id)).findFirst();
    }

    /** Every discarded record of every event source, grouped by event source. */
    public List<FailedRecord> failedRecords() {
        List<FailedRecord> out = new ArrayList<>();
        pollers.forEach(p -> out.addAll(p.failedRecords()));
        return out;
    }

    /** Function invocations over all event sources. */
    public long invocations() {
        return pollers.stream().mapToLong(StreamPoller::invocations).sum();
    }

    /** Waits until every poller has caught up (see {@link StreamPoller#awaitCaughtUp}); false on timeout. */
    public boolean awaitCaughtUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (StreamPoller p : pollers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !p.awaitCaughtUp(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** Stops every poller and closes the clients. */
    @Override
    public void close() {
        pollers.forEach(StreamPoller::stop);
        ddb.close();
        streams.close();
    }
}

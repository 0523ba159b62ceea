package io.leadcapture.runtime.stream;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.logging.RequestLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Partial batch failure for DynamoDB stream batches (with {@code ReportBatchItemFailures}): every
 * record is processed in order, and the sequence number of the first one that failed is reported,
 * so Lambda retries the batch from there. Records after a failure are processed anyway: the
 * functions are idempotent (scores are recomputed from stored state, mails are guarded by sent
 * markers), so their second delivery on the retry changes nothing — and when a poison record
 * exhausts MaximumRetryAttempts and Lambda hands the rest of the batch to the on-failure
 * destination, the good records in it were already done. The shard is never blocked for longer
 * than the retry limit.
 */
public final class StreamBatch {
    private static final Logger LOG = LoggerFactory.getLogger(StreamBatch.class);

    /** Work on one record; throw to fail it. */
    @FunctionalInterface
    public interface RecordProcessor {
        void process(DynamodbEvent.DynamodbStreamRecord record) throws Exception;
    }

    private StreamBatch() {
    }

    /** A stream function's whole invocation: JSON logging with the Lambda context, the batch, the metrics flush. */
    public static StreamsEventResponse handle(DynamodbEvent event, Context context, LeadMetrics metrics,
                                              RecordProcessor processor) {
        return RequestLogging.withRequest(context, () -> {
            try {
                return process(event, processor);
            } finally {
                metrics.flush();
            }
        });
    }

    public static StreamsEventResponse process(DynamodbEvent event, RecordProcessor processor) {
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (event != null && event.getRecords() != null) {
            for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                try {
                    processor.process(record);
                } catch (Exception e) {
                    String sequence = record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
                    LOG.warn("stream record {} ({}) failed; reporting it for retry: {}", sequence, record.getEventName(),
                            e.toString());
                    if (failures.isEmpty()) {
                        failures.add(StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(sequence).build());
                    }
                }
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
    }
}

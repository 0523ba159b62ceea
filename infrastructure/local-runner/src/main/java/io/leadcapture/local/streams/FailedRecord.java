package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.time.Instant;

/**
 * A record the event source mapping gave up on — what Lambda would report to the on-failure
 * destination (an SQS queue or SNS topic in AWS; an in-memory list locally).
 *
 * @param eventSource   {@code FunctionLogicalId/EventName}
 * @param destination   {@code DestinationConfig.OnFailure.Destination} as written, or null when the
 *                      template has none (Lambda then discards the record silently)
 * @param reason        Lambda's condition: {@value #RETRY_ATTEMPTS_EXHAUSTED} or {@value #RECORD_AGE_EXCEEDED}
 * @param lastError     the last function error for this record ({@code java.lang.IllegalStateException: …},
 *                      "ReportBatchItemFailures: …", "Task timed out …"), or null when it was never invoked
 * @param retryAttempts retries made for the record's batch before it was discarded
 * @param shardId       the stream shard the record came from
 * @param record        the record itself, as the function would have received it
 * @param discardedAt   when it was discarded
 */
public record FailedRecord(String eventSource, String destination, String reason, String lastError,
                           int retryAttempts, String shardId, DynamodbEvent.DynamodbStreamRecord record,
                           Instant discardedAt) {
    public static final String RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted";
    public static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

    public String sequenceNumber() {
        return record.getDynamodb() == null ? null : record.getDynamodb().getSequenceNumber();
    }

    @Override
    public String toString() {
        return eventSource + " " + reason + " seq " + sequenceNumber() + " (" + record.getEventName()
                + (retryAttempts > 0 ? ", after " + retryAttempts + " retries" : "")
                + (lastError != null ? ", last error: " + lastError : "") + ") -> "
                + (destination != null ? destination : "discarded (no on-failure destination)");
    }
}

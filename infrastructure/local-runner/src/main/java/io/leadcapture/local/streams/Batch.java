package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import java.time.Instant;
import java.util.List;

/**
 * Records for one invocation of the function.
 *
 * @param retries   retries made so far (bisecting is none)
 * @param lastError the error of the previous attempt, or null for a first attempt
 * @param lastSeq   the checkpoint once this batch is done (filtered records it passed over included)
 * @param notBefore {@link System#nanoTime()} before which a retry waits
 */
record Batch(List<Item> items, int retries, String lastError, String lastSeq, long notBefore) {

    /** A first attempt. */
    static Batch of(List<Item> items, String lastSeq) {
        return new Batch(items, 0, null, lastSeq, 0);
    }

    /**
     * One record read from the stream.
     *
     * @param record  as the function receives it
     * @param created the record's ApproximateCreationDateTime (null when unknown)
     * @param matches whether a filter lets it through
     * @param size    its share of the invocation payload
     */
    record Item(DynamodbEvent.DynamodbStreamRecord record, String seq, Instant created, boolean matches, long size) {
    }

    /** The sequence numbers of {@code items} for a log line: {@code first..last}, or the one. */
    static String range(List<Item> items) {
        String a = items.get(0).seq();
        String b = items.get(items.size() - 1).seq();
        return a.equals(b) ? a : a + ".." + b;
    }
}

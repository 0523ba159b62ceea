package io.leadcapture.application.port;

import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.IdempotencyKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What an earlier request with the same idempotency key recorded, if any. */
public interface FindCapturedRequestPort {

    /**
     * @return the earlier result, marked {@code replayed}
     * @throws IdempotencyConflictException the key was used with another request body
     */
    Optional<CaptureResult> earlier(IdempotencyKey key);

    /**
     * As {@link #earlier(IdempotencyKey)} at {@code now}: a record whose key's window has passed is
     * no earlier request (the table deletes it later, when its TTL comes round). The store answers
     * within {@code within} or fails with {@link io.leadcapture.application.StoreUnavailableException}.
     */
    default Optional<CaptureResult> earlier(IdempotencyKey key, Instant now, Duration within) {
        return earlier(key);
    }
}

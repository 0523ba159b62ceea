package io.leadcapture.application.port;

import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.IdempotencyKey;
import java.util.Optional;

/** What an earlier request with the same idempotency key recorded, if any. */
public interface FindCapturedRequestPort {

    /**
     * @return the earlier result, marked {@code replayed}
     * @throws IdempotencyConflictException the key was used with another request body
     */
    Optional<CaptureResult> earlier(IdempotencyKey key);
}

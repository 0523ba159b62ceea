package io.leadcapture.application.port;

import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.port.FindIdentityOwnersPort.IdentityOwners;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What each attempt of a capture reads first — the earlier request with its idempotency key and who
 * owns its email and phone — in one request to the store, where {@link FindCapturedRequestPort} and
 * {@link FindIdentityOwnersPort} would take two. A store that can read both at once implements it.
 */
@FunctionalInterface
public interface LookUpCapturePort {

    /**
     * @param key   the request's idempotency key, or null (then only the owners are read)
     * @param now   a record whose key's window has passed by then is no earlier request
     * @param within the store answers within this time or fails as unavailable
     * @throws IdempotencyConflictException the key was used with another request body
     */
    CaptureLookUp lookUp(IdempotencyKey key, Instant now, String email, String phone, Duration within);

    /** The earlier request's result (marked replayed), if any, and the owners of the email and phone. */
    record CaptureLookUp(Optional<CaptureResult> earlier, IdentityOwners owners) {
    }

    /** The two reads in turn, for stores that read them separately: the owners only when there is no earlier request. */
    static LookUpCapturePort inTurn(FindCapturedRequestPort requests, FindIdentityOwnersPort identities) {
        return (key, now, email, phone, within) -> {
            Optional<CaptureResult> earlier = key == null ? Optional.empty() : requests.earlier(key, now, within);
            return new CaptureLookUp(earlier, earlier.isPresent() ? null : identities.owners(email, phone, within));
        };
    }
}

package io.leadcapture.application;

/** The idempotency key was used before for a different request body. */
public class IdempotencyConflictException extends RuntimeException {
    public IdempotencyConflictException() {
        super("this Idempotency-Key was already used for a different request");
    }
}

package io.leadcapture.application;

/** DynamoDB could not be reached, throttled us or failed: nothing is known to be stored; the caller may retry. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

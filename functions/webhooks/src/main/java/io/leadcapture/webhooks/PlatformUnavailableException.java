package io.leadcapture.webhooks;

/**
 * A platform's lead API did not hand out what was asked for (after the bounded retries of
 * {@link PlatformHttp}, or at once for a non-retryable answer); nothing about the lead may be assumed
 * and the notification must be redelivered. Never carries a token.
 */
public class PlatformUnavailableException extends RuntimeException {
    public PlatformUnavailableException(String message) {
        super(message);
    }
}

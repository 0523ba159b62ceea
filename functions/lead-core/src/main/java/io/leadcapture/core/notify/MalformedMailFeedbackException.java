package io.leadcapture.core.notify;

/**
 * An SNS message that is not an SES notification we can read. No retry can make it readable, so it
 * is reported and dropped. The message never holds addresses, only what was wrong.
 */
public final class MalformedMailFeedbackException extends RuntimeException {
    public MalformedMailFeedbackException(String message) {
        super(message);
    }
}

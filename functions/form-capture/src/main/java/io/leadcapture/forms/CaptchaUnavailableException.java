package io.leadcapture.forms;

/**
 * The bot-check provider could not be asked (unreachable, too slow, an error status, an unreadable
 * answer, or its secret could not be read): nothing is known about the token. Never carries the
 * token or the secret.
 */
public class CaptchaUnavailableException extends RuntimeException {
    public CaptchaUnavailableException(String message) {
        super(message);
    }
}

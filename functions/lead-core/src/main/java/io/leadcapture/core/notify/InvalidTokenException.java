package io.leadcapture.core.notify;

import java.util.Objects;

/**
 * A consent token that must not be honoured. The message never contains the token itself, so
 * logging the exception leaks nothing.
 */
public final class InvalidTokenException extends RuntimeException {
    /** Why a token was refused. */
    public enum Reason {
        /** Not a token at all: empty, too long, wrong shape, bad base64, unreadable payload. */
        MALFORMED,
        /** Well-formed, but the signature does not match: altered, or signed with another secret. */
        FORGED,
        /** Genuine, but its expiry time has been reached. */
        EXPIRED,
        /** Names a key that is neither the current one nor the previous one within its overlap (retired or never known). */
        UNKNOWN_KEY,
        /** Genuine, but issued for the other action: a confirmation token used to withdraw, or the reverse. */
        WRONG_PURPOSE
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

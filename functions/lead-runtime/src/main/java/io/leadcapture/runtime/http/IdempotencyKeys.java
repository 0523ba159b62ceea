package io.leadcapture.runtime.http;

/** The rules every route that accepts a client's {@code Idempotency-Key} applies to it. */
public final class IdempotencyKeys {
    /** Long enough for a UUID with a prefix, short enough to bound what a key costs to hash and log. */
    public static final int MAX_LENGTH = 255;

    private IdempotencyKeys() {
    }

    /** The key as sent, or null when none was sent; 400 for a key outside 1 to 255 visible ASCII characters. */
    public static String checked(String key) {
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ApiException(400, "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + MAX_LENGTH + " visible ASCII characters.");
        }
        return key;
    }
}

package io.leadcapture.application;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A client-chosen key that makes a retried request record nothing new.
 *
 * @param scope       where the key is valid (for example {@code form:contact}); keys never collide across scopes
 * @param key         the client's key as sent
 * @param requestHash hash of the request body: the same key with another body is a client error;
 *                    null for platform delivery keys, whose redeliveries may differ in their envelope
 * @param ttl         how long the key is remembered: at least as long as the sender retries
 */
public record IdempotencyKey(String scope, String key, String requestHash, Duration ttl) {
    public static final int MAX_LENGTH = 255;
    /** How long a client's retry finds its first answer. */
    public static final Duration CLIENT_RETRY_WINDOW = Duration.ofHours(24);

    /** A client key, remembered for {@link #CLIENT_RETRY_WINDOW}. */
    public IdempotencyKey(String scope, String key, String requestHash) {
        this(scope, key, requestHash, CLIENT_RETRY_WINDOW);
    }

    /** The key within its scope, hashed: any client key becomes a bounded, safe storage key. */
    public String digest() {
        return sha256Hex(scope + "\n" + key);
    }

    public static String sha256Hex(String s) {
        return sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

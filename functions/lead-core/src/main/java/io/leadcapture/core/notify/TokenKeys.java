package io.leadcapture.core.notify;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys that sign and check {@link ConsentTokens}: the current key signs every new token; the
 * previous key, after a rotation, still verifies tokens it signed until {@code previousValidUntil},
 * so links already mailed keep working for the overlap. After that instant its tokens are refused.
 *
 * <p>Configuration format of one key: {@code <keyId>:<secret>}. The key id is 1 to
 * {@value #MAX_ID_LENGTH} characters of {@code [A-Za-z0-9_-]} and travels (signed) inside every token;
 * the secret is everything after the first colon, used as its UTF-8 bytes, at least
 * {@value ConsentTokens#MIN_SECRET_BYTES} bytes (e.g. {@code openssl rand -base64 48}).
 */
public final class TokenKeys {
    public static final int MAX_ID_LENGTH = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_ID_LENGTH + "}");

    /** One signing key: its id and secret bytes (copied). */
    public record Key(String id, byte[] secret) {
        public Key {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(secret, "secret");
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("key id must be 1 to " + MAX_ID_LENGTH + " characters of A-Z a-z 0-9 _ -");
            }
            if (secret.length < ConsentTokens.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("key " + id + ": secret must be at least "
                        + ConsentTokens.MIN_SECRET_BYTES + " bytes");
            }
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }

        /**
         * Reads {@code <keyId>:<secret>}. The message of a refusal never contains the secret.
         */
        public static Key parse(String configured, String name) {
            Objects.requireNonNull(configured, name);
            String value = configured.strip();
            int colon = value.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(name + " must be <keyId>:<secret>");
            }
            return new Key(value.substring(0, colon), value.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.id.equals(id) && Arrays.equals(k.secret, secret);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        @Override
        public String toString() {
            return "Key[" + id + "]"; // never the secret
        }
    }

    private final Key current;
    private final Key previous;
    private final Instant previousValidUntil;

    private TokenKeys(Key current, Key previous, Instant previousValidUntil) {
        this.current = Objects.requireNonNull(current, "current");
        if ((previous == null) != (previousValidUntil == null)) {
            throw new IllegalArgumentException("a previous key needs the instant until which it verifies, and only then");
        }
        if (previous != null && previous.id().equals(current.id())) {
            throw new IllegalArgumentException("the previous key must have another id than the current one");
        }
        this.previous = previous;
        this.previousValidUntil = previousValidUntil;
    }

    /** Only the current key. */
    public static TokenKeys of(Key current) {
        return new TokenKeys(current, null, null);
    }

    /** The current key, and the previous one verifying until (exclusive) {@code previousValidUntil}. */
    public static TokenKeys rotated(Key current, Key previous, Instant previousValidUntil) {
        return new TokenKeys(current, Objects.requireNonNull(previous, "previous"),
                Objects.requireNonNull(previousValidUntil, "previousValidUntil"));
    }

    /**
     * From configuration values: {@code current} and, optionally, {@code previous} with its
     * {@code previousValidUntil} (an ISO-8601 instant such as {@code 2027-03-01T00:00:00Z}).
     */
    public static TokenKeys parse(String current, Optional<String> previous, Optional<String> previousValidUntil) {
        Key now = Key.parse(current, "current token key");
        if (previous.isEmpty()) {
            if (previousValidUntil.isPresent()) {
                throw new IllegalArgumentException("an end of the overlap is configured, but no previous key");
            }
            return of(now);
        }
        Key before = Key.parse(previous.get(), "previous token key");
        Instant until;
        try {
            until = Instant.parse(previousValidUntil
                    .orElseThrow(() -> new IllegalArgumentException("the previous token key needs the end of its overlap"))
                    .strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the end of the previous key's overlap is not an ISO-8601 instant", e);
        }
        return rotated(now, before, until);
    }

    /** The key new tokens are signed with. */
    public Key current() {
        return current;
    }

    /** The key named {@code id} that may verify a token at {@code now}: the current one, or the previous one within its overlap. */
    Optional<Key> verifying(String id, Instant now) {
        if (current.id().equals(id)) {
            return Optional.of(current);
        }
        if (previous != null && previous.id().equals(id) && now.isBefore(previousValidUntil)) {
            return Optional.of(previous);
        }
        return Optional.empty();
    }
}

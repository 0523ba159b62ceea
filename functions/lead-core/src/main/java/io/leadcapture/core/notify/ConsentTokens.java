package io.leadcapture.core.notify;

import io.leadcapture.core.notify.InvalidTokenException.Reason;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, self-contained tokens for the double opt-in link: which lead confirms which interaction's
 * consent, and until when. Nothing is stored to issue or check one.
 *
 * <p>Format: {@code base64url(payload) "." base64url(HMAC-SHA256(secret, context || payload))},
 * both without padding, so a token is URL-safe as it is ({@code [A-Za-z0-9_-]} and one dot). The
 * payload is binary and length-prefixed, so no id can spill into another field:
 * <pre>
 *   1 byte   format version (1)
 *   1 byte   n = UTF-8 length of leadId (1..255), then n bytes
 *   1 byte   m = UTF-8 length of interactionId (1..255), then m bytes
 *   8 bytes  expiresAt, epoch seconds (big-endian)
 *   4 bytes  expiresAt, nanosecond of second
 * </pre>
 * The MAC covers a fixed context string before the payload, so a signature made with the same
 * secret for another purpose is never a valid consent token. Signatures are compared in constant
 * time; only a genuine token is checked for expiry.
 */
public final class ConsentTokens {
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MAX_ID_BYTES = 255;
    /** Longer than any token this class issues; longer input is refused before it is decoded. */
    public static final int MAX_TOKEN_LENGTH = 1024;

    private static final byte VERSION = 1;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final byte[] CONTEXT = "io.leadcapture.consent-token.v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** The checked content of a genuine, unexpired token. */
    public record Verified(String leadId, String interactionId, Instant expiresAt) {
    }

    /** @param secret at least {@value #MIN_SECRET_BYTES} random bytes; copied */
    public ConsentTokens(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
        mac(new byte[0]); // fail now, not on first use, if the JDK lacks the algorithm
    }

    public String issue(String leadId, String interactionId, Instant expiresAt) {
        byte[] lead = idBytes(leadId, "leadId");
        byte[] interaction = idBytes(interactionId, "interactionId");
        Objects.requireNonNull(expiresAt, "expiresAt");
        ByteBuffer payload = ByteBuffer.allocate(1 + 1 + lead.length + 1 + interaction.length + 8 + 4);
        payload.put(VERSION)
                .put((byte) lead.length).put(lead)
                .put((byte) interaction.length).put(interaction)
                .putLong(expiresAt.getEpochSecond()).putInt(expiresAt.getNano());
        byte[] bytes = payload.array();
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /**
     * @return the token's content when it was issued with this secret and {@code now} is before its expiry
     * @throws InvalidTokenException MALFORMED, FORGED or EXPIRED (exactly at the expiry time counts as expired)
     */
    public Verified verify(String token, Instant now) {
        Objects.requireNonNull(now, "now");
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw malformed("empty or too long");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
            throw malformed("not two dot-separated parts");
        }
        byte[] payload = decode(token.substring(0, dot));
        byte[] signature = decode(token.substring(dot + 1));
        if (signature.length != MAC_BYTES) {
            throw malformed("signature has the wrong length");
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidTokenException(Reason.FORGED, "consent token signature does not match");
        }
        Verified v = parse(payload);
        if (!now.isBefore(v.expiresAt())) {
            throw new InvalidTokenException(Reason.EXPIRED, "consent token expired");
        }
        return v;
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe; a new one per use is cheap
            mac.init(key);
            mac.update(CONTEXT);
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    /** Strict base64url: only the URL alphabet, no padding, and the canonical spelling of the bytes. */
    private static byte[] decode(String part) {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw malformed("not base64url");
            }
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed("not base64url");
        }
        if (!ENCODER.encodeToString(bytes).equals(part)) {
            throw malformed("not canonical base64url"); // one token, one spelling
        }
        return bytes;
    }

    private static Verified parse(byte[] payload) {
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            if (b.get() != VERSION) {
                throw malformed("unknown token version");
            }
            String leadId = readId(b);
            String interactionId = readId(b);
            long seconds = b.getLong();
            int nanos = b.getInt();
            if (b.hasRemaining() || nanos < 0 || nanos > 999_999_999) {
                throw malformed("payload has trailing bytes or a bad time");
            }
            return new Verified(leadId, interactionId, Instant.ofEpochSecond(seconds, nanos));
        } catch (BufferUnderflowException | DateTimeException e) {
            throw malformed("payload truncated or out of range");
        }
    }

    private static String readId(ByteBuffer b) {
        int n = Byte.toUnsignedInt(b.get());
        if (n == 0) {
            throw malformed("empty id");
        }
        byte[] raw = new byte[n];
        b.get(raw);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("id is not UTF-8");
        }
    }

    private static byte[] idBytes(String id, String name) {
        Objects.requireNonNull(id, name);
        if (id.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(id));
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (bytes.length > MAX_ID_BYTES) {
                throw new IllegalArgumentException(name + " longer than " + MAX_ID_BYTES + " UTF-8 bytes");
            }
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + " is not valid UTF-16 text", e);
        }
    }

    private static InvalidTokenException malformed(String why) {
        return new InvalidTokenException(Reason.MALFORMED, "malformed consent token: " + why);
    }
}

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
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, self-contained tokens for the links mailed to a person, one kind per action:
 * <ul>
 *   <li>confirm: the double opt-in link — which lead confirms which interaction's consent, and until when;</li>
 *   <li>withdraw: the unsubscribe link — which lead withdraws which consent purpose. It has no expiry
 *       of its own (an unsubscribe link in an old mail must keep working); it lives as long as the key
 *       that signed it verifies (see {@link TokenKeys}).</li>
 *   <li>click: a link in a nurture mail — which lead followed the link of which sequence step. The
 *       target URL is not in the token: the step's configured link is looked up, so a token can never
 *       redirect elsewhere. No expiry of its own, as for withdraw.</li>
 * </ul>
 * Nothing is stored to issue or check one. A token of one action is never accepted for the other.
 *
 * <p>Format: {@code base64url(payload) "." base64url(HMAC-SHA256(secret, context || payload))},
 * both without padding, so a token is URL-safe as it is ({@code [A-Za-z0-9_-]} and one dot). The
 * payload is binary and length-prefixed, so no id can spill into another field:
 * <pre>
 *   1 byte   format version (2)
 *   1 byte   action: 1 confirm, 2 withdraw, 3 click
 *   1 byte   k = length of the key id (1..32), then k ASCII bytes
 *   1 byte   n = UTF-8 length of leadId (1..255), then n bytes
 *   1 byte   m = UTF-8 length of the subject (1..255), then m bytes: the interactionId (confirm)
 *            or the consent purpose (withdraw) or the nurture sequence (click)
 *   confirm only: 8 bytes expiresAt, epoch seconds (big-endian); 4 bytes its nanosecond of second
 *   click only: 2 bytes the step number, 1-based (big-endian)
 * </pre>
 * The key id is signed with the rest, and picks the key the signature is checked with. The MAC covers
 * a fixed context string before the payload, so a signature made with the same secret for another
 * purpose is never a valid token. Signatures are compared in constant time; only a genuine token is
 * checked for its action and expiry.
 */
public final class ConsentTokens {
    public static final int MIN_SECRET_BYTES = 32;
    public static final int MAX_ID_BYTES = 255;
    /** Longer than any token this class issues; longer input is refused before it is decoded. */
    public static final int MAX_TOKEN_LENGTH = 1024;

    private static final byte VERSION = 2;
    private static final byte CONFIRM = 1;
    private static final byte WITHDRAW = 2;
    private static final byte CLICK = 3;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final byte[] CONTEXT = "io.leadcapture.consent-token.v2\n".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<TokenKeys> keys;

    /** The checked content of a genuine, unexpired confirmation token. */
    public record Verified(String leadId, String interactionId, Instant expiresAt, String keyId) {
    }

    /** The checked content of a genuine withdrawal token. */
    public record Withdrawal(String leadId, String purpose, String keyId) {
    }

    /** The checked content of a genuine click token: the lead followed the link of {@code sequence}'s {@code step}. */
    public record Click(String leadId, String sequence, int step, String keyId) {
    }

    public ConsentTokens(TokenKeys keys) {
        this(constant(Objects.requireNonNull(keys, "keys")));
    }

    /** @param keys asked at each use, so a rotation configured meanwhile takes effect without a restart */
    public ConsentTokens(Supplier<TokenKeys> keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
        try {
            Mac.getInstance(ALGORITHM); // fail now, not on first use, if the JDK lacks the algorithm
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    private static Supplier<TokenKeys> constant(TokenKeys keys) {
        return () -> keys;
    }

    /** A confirmation token for the double opt-in of {@code interactionId}, valid until {@code expiresAt}. */
    public String issue(String leadId, String interactionId, Instant expiresAt) {
        Objects.requireNonNull(expiresAt, "expiresAt");
        TokenKeys.Key key = keys.get().current();
        byte[] head = head(key, CONFIRM, leadId, idBytes(interactionId, "interactionId"));
        ByteBuffer payload = ByteBuffer.allocate(head.length + 8 + 4);
        payload.put(head).putLong(expiresAt.getEpochSecond()).putInt(expiresAt.getNano());
        return sign(key, payload.array());
    }

    /** A withdrawal token: the lead withdraws its consent for {@code purpose}. */
    public String issueWithdrawal(String leadId, String purpose) {
        TokenKeys.Key key = keys.get().current();
        return sign(key, head(key, WITHDRAW, leadId, idBytes(purpose, "purpose")));
    }

    /** A click token: the link of step {@code step} (1-based) of nurture sequence {@code sequence}, mailed to the lead. */
    public String issueClick(String leadId, String sequence, int step) {
        if (step < 1 || step > 0xFFFF) {
            throw new IllegalArgumentException("step must be 1.." + 0xFFFF);
        }
        TokenKeys.Key key = keys.get().current();
        byte[] head = head(key, CLICK, leadId, idBytes(sequence, "sequence"));
        return sign(key, ByteBuffer.allocate(head.length + 2).put(head).putShort((short) step).array());
    }

    /**
     * @return the click token's content when a key verifying at {@code now} signed it
     * @throws InvalidTokenException MALFORMED, UNKNOWN_KEY, FORGED or WRONG_PURPOSE
     */
    public Click verifyClick(String token, Instant now) {
        Genuine g = genuine(token, now, CLICK);
        try {
            int step = Short.toUnsignedInt(g.rest.getShort());
            if (g.rest.hasRemaining() || step == 0) {
                throw malformed("payload has trailing bytes or no step");
            }
            return new Click(g.leadId, g.subject, step, g.keyId);
        } catch (BufferUnderflowException e) {
            throw malformed("payload truncated");
        }
    }

    /**
     * @return the confirmation token's content when a verifying key signed it and {@code now} is before its expiry
     * @throws InvalidTokenException MALFORMED, UNKNOWN_KEY, FORGED, WRONG_PURPOSE or EXPIRED (exactly at
     *                               the expiry time counts as expired)
     */
    public Verified verify(String token, Instant now) {
        Genuine g = genuine(token, now, CONFIRM);
        try {
            long seconds = g.rest.getLong();
            int nanos = g.rest.getInt();
            if (g.rest.hasRemaining() || nanos < 0 || nanos > 999_999_999) {
                throw malformed("payload has trailing bytes or a bad time");
            }
            Verified v = new Verified(g.leadId, g.subject, Instant.ofEpochSecond(seconds, nanos), g.keyId);
            if (!now.isBefore(v.expiresAt())) {
                throw new InvalidTokenException(Reason.EXPIRED, "consent token expired");
            }
            return v;
        } catch (BufferUnderflowException | DateTimeException e) {
            throw malformed("payload truncated or out of range");
        }
    }

    /**
     * @return the withdrawal token's content when a key verifying at {@code now} signed it
     * @throws InvalidTokenException MALFORMED, UNKNOWN_KEY, FORGED or WRONG_PURPOSE
     */
    public Withdrawal verifyWithdrawal(String token, Instant now) {
        Genuine g = genuine(token, now, WITHDRAW);
        if (g.rest.hasRemaining()) {
            throw malformed("payload has trailing bytes");
        }
        return new Withdrawal(g.leadId, g.subject, g.keyId);
    }

    private record Genuine(String keyId, String leadId, String subject, ByteBuffer rest) {
    }

    /** Shape, key, signature, action — in this order, so a forger learns nothing from the answer. */
    private Genuine genuine(String token, Instant now, byte action) {
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
        try {
            ByteBuffer b = ByteBuffer.wrap(payload);
            if (b.get() != VERSION) {
                throw malformed("unknown token version");
            }
            byte tokenAction = b.get();
            if (tokenAction != CONFIRM && tokenAction != WITHDRAW && tokenAction != CLICK) {
                throw malformed("unknown action");
            }
            String keyId = readKeyId(b);
            Optional<TokenKeys.Key> key = keys.get().verifying(keyId, now);
            if (key.isEmpty()) {
                throw new InvalidTokenException(Reason.UNKNOWN_KEY, "consent token signed with an unknown or retired key");
            }
            if (!MessageDigest.isEqual(mac(key.get(), payload), signature)) {
                throw new InvalidTokenException(Reason.FORGED, "consent token signature does not match");
            }
            if (tokenAction != action) {
                throw new InvalidTokenException(Reason.WRONG_PURPOSE, "consent token issued for another action");
            }
            return new Genuine(keyId, readId(b), readId(b), b);
        } catch (BufferUnderflowException e) {
            throw malformed("payload truncated");
        }
    }

    private byte[] head(TokenKeys.Key key, byte action, String leadId, byte[] subject) {
        byte[] lead = idBytes(leadId, "leadId");
        byte[] keyId = key.id().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(3 + keyId.length + 1 + lead.length + 1 + subject.length);
        b.put(VERSION).put(action).put((byte) keyId.length).put(keyId)
                .put((byte) lead.length).put(lead).put((byte) subject.length).put(subject);
        return b.array();
    }

    private static String sign(TokenKeys.Key key, byte[] payload) {
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(key, payload));
    }

    private static byte[] mac(TokenKeys.Key key, byte[] payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM); // a Mac is not thread-safe; a new one per use is cheap
            mac.init(new SecretKeySpec(key.secret(), ALGORITHM));
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

    private static String readKeyId(ByteBuffer b) {
        int n = Byte.toUnsignedInt(b.get());
        if (n == 0 || n > TokenKeys.MAX_ID_LENGTH) {
            throw malformed("bad key id length");
        }
        byte[] raw = new byte[n];
        b.get(raw);
        for (byte c : raw) {
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                throw malformed("bad key id");
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
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

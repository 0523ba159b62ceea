package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadcapture.core.notify.InvalidTokenException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentTokensTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);
    private static final String LEAD = "7f1c2b9e-0000-4000-8000-000000000001";
    private static final String INTERACTION = "0b9d8c7e-1111-4000-8000-000000000002";
    private static final Instant NOW = Instant.parse("2026-11-27T09:15:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(7)).plusNanos(123_456_789);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ConsentTokens tokens = tokensWith(SECRET);

    private static ConsentTokens tokensWith(byte[] secret) {
        return new ConsentTokens(TokenKeys.of(new TokenKeys.Key("k1", secret)));
    }

    private static Reason reasonOf(ConsentTokens t, String token, Instant now) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class, () -> t.verify(token, now));
        assertThat(e).as("expected an InvalidTokenException").isNotNull();
        assertThat(e.getMessage()).doesNotContain(token == null || token.length() < 8 ? "\u0000never" : token);
        return e.reason();
    }

    private Reason reasonOf(String token) {
        return reasonOf(tokens, token, NOW);
    }

    @Test
    void roundTrip() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        ConsentTokens.Verified v = tokens.verify(token, NOW);

        assertThat(v.leadId()).isEqualTo(LEAD);
        assertThat(v.interactionId()).isEqualTo(INTERACTION);
        assertThat(v.expiresAt()).isEqualTo(EXPIRES);
        assertThat(tokensWith(SECRET.clone()).verify(token, EXPIRES.minusNanos(1))).isEqualTo(v);
    }

    @Test
    void tokensAreUrlSafeAndCompact() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);

        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}").hasSizeLessThan(200);
        assertThat(tokens.issue(LEAD, INTERACTION, EXPIRES)).isEqualTo(token);
    }

    @Test
    void unicodeAndSeparatorLikeIdsRoundTrip() {
        String lead = "Jörg.Weiß|a:b\"c\u0000";
        String interaction = "x".repeat(ConsentTokens.MAX_ID_BYTES);
        ConsentTokens.Verified v = tokens.verify(tokens.issue(lead, interaction, EXPIRES), NOW);

        assertThat(v.leadId()).isEqualTo(lead);
        assertThat(v.interactionId()).isEqualTo(interaction);
    }

    @Test
    void fieldsCannotBeShiftedIntoEachOther() {
        // Concatenated the ids are the same; length prefixes keep the tokens apart.
        String a = tokens.issue("ab", "c", EXPIRES);
        String b = tokens.issue("a", "bc", EXPIRES);

        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(a.indexOf('.'))).isNotEqualTo(b.substring(b.indexOf('.')));
        assertThat(tokens.verify(b, NOW).leadId()).isEqualTo("a");
    }

    @Test
    void tamperedPayloadIsForged() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        // A character in the middle of the payload (not the last, whose low bits are padding).
        int i = 10;
        char swapped = payload.charAt(i) == 'A' ? 'B' : 'A';
        String tampered = payload.substring(0, i) + swapped + payload.substring(i + 1) + "." + signature;

        assertThat(reasonOf(tampered)).isEqualTo(Reason.FORGED);
    }

    @Test
    void anotherLeadWithTheOriginalSignatureIsForged() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        String signature = token.substring(token.indexOf('.') + 1);
        String otherPayload = tokens.issue("attacker-lead", INTERACTION, EXPIRES.plus(Duration.ofDays(365)));
        String forged = otherPayload.substring(0, otherPayload.indexOf('.')) + "." + signature;

        assertThat(reasonOf(forged)).isEqualTo(Reason.FORGED);
    }

    @Test
    void tamperedSignatureIsForged() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        int i = token.indexOf('.') + 5;
        char swapped = token.charAt(i) == 'A' ? 'B' : 'A';

        assertThat(reasonOf(token.substring(0, i) + swapped + token.substring(i + 1))).isEqualTo(Reason.FORGED);
    }

    @Test
    void wrongSecretIsForged() {
        String token = tokensWith(OTHER_SECRET).issue(LEAD, INTERACTION, EXPIRES);

        assertThat(reasonOf(token)).isEqualTo(Reason.FORGED);
    }

    @Test
    void plainHmacWithoutTheContextIsForged() throws Exception {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        String bare = B64.encodeToString(payload) + "." + B64.encodeToString(mac.doFinal(payload));

        assertThat(reasonOf(bare)).isEqualTo(Reason.FORGED);
    }

    @Test
    void expiredExactlyAtExpiry() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);

        assertThat(tokens.verify(token, EXPIRES.minusNanos(1)).leadId()).isEqualTo(LEAD);
        assertThat(reasonOf(tokens, token, EXPIRES)).isEqualTo(Reason.EXPIRED);
        assertThat(reasonOf(tokens, token, EXPIRES.plusSeconds(1))).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void forgedBeatsExpired() {
        String token = tokensWith(OTHER_SECRET).issue(LEAD, INTERACTION, NOW.minusSeconds(1));

        assertThat(reasonOf(token)).isEqualTo(Reason.FORGED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "abc", "abc.", ".abc", "a.b.c", "abc..def", "abc def.xyz", "ab+c/d.efgh",
            "YWJj.YWJj", "YWJj=.YWJj", "!!!!.????", "\u00e4\u00f6.\u00fc", "YWJj.YWJ", "AAAA\n.BBBB"})
    void malformedStrings(String token) {
        assertThat(reasonOf(token)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void nullIsMalformed() {
        assertThat(reasonOf(null)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void hugeInputIsMalformedWithoutDecoding() {
        String huge = "A".repeat(5_000_000) + "." + "B".repeat(43);

        assertThat(reasonOf(huge)).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf("A".repeat(ConsentTokens.MAX_TOKEN_LENGTH + 1))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void paddedOrNonCanonicalBase64IsMalformed() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        int dot = token.indexOf('.');
        String payload = token.substring(0, dot);
        String signature = token.substring(dot + 1);
        // The signature is 32 bytes = 43 chars, whose last char carries 2 unused bits.
        char last = signature.charAt(42);
        char sibling = "AEIMQUYcgkosw048".indexOf(last) >= 0 ? (char) (last + 1) : last;
        String nonCanonical = payload + "." + signature.substring(0, 42) + sibling;

        assertThat(sibling).isNotEqualTo(last);
        assertThat(reasonOf(payload + "." + signature + "=")).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(nonCanonical)).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void signatureOfTheWrongLengthIsMalformed() {
        String token = tokens.issue(LEAD, INTERACTION, EXPIRES);
        String payload = token.substring(0, token.indexOf('.'));

        assertThat(reasonOf(payload + "." + B64.encodeToString(new byte[16]))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void genuinelySignedButUnreadablePayloadIsMalformed() throws Exception {
        // Payloads this class never issues, signed with the real key and context: still refused.
        // Header of a confirmation token signed with key "k1": version 2, action 1, key id.
        byte[] h = {2, 1, 2, 'k', '1'};
        byte[][] payloads = {
                {},
                {1, 1, 2, 'k', '1', 1, 'a', 1, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // unknown version
                {2, 7, 2, 'k', '1', 1, 'a', 1, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // unknown action
                {2, 1, 0, 1, 'a', 1, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},           // empty key id
                {2, 1, 2, 'k', '!', 1, 'a', 1, 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, // key id not [A-Za-z0-9_-]
                ByteBuffer.allocate(21).put(h).put(new byte[] {0, 1, 'b'}).putLong(0).putInt(0).array(), // empty lead id
                {2, 1, 2, 'k', '1', 5, 'a'},                                               // truncated
                ByteBuffer.allocate(17).put(h).put(new byte[] {1, 'a', 1, 'b'}).putLong(0).array(), // nanos cut short
                ByteBuffer.allocate(21).put(h).put(new byte[] {1, 'a', 1, 'b'}).putLong(0).putInt(1_000_000_000).array(),
                ByteBuffer.allocate(22).put(h).put(new byte[] {1, 'a', 1, 'b'}).putLong(0).putInt(0).array(), // trailing
                ByteBuffer.allocate(21).put(h).put(new byte[] {1, (byte) 0xff, 1, 'b'}).putLong(0).putInt(0).array(),
                ByteBuffer.allocate(21).put(h).put(new byte[] {1, 'a', 1, 'b'}).putLong(Long.MAX_VALUE).putInt(0).array(),
        };
        for (byte[] p : payloads) {
            String token = B64.encodeToString(p) + "." + B64.encodeToString(signWithContext(p));
            if (p.length == 0) {
                token = "." + B64.encodeToString(signWithContext(p)); // empty part: malformed shape
            }
            assertThat(reasonOf(token)).as(Arrays.toString(p)).isEqualTo(Reason.MALFORMED);
        }
    }

    private static byte[] signWithContext(byte[] payload) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        mac.update("io.leadcapture.consent-token.v2\n".getBytes(StandardCharsets.US_ASCII));
        return mac.doFinal(payload);
    }

    @Test
    void shortSecretsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> tokensWith(new byte[31]));
        assertThatIllegalArgumentException().isThrownBy(() -> tokensWith(new byte[0]));
    }

    @Test
    void secretIsCopied() {
        byte[] secret = SECRET.clone();
        ConsentTokens t = tokensWith(secret);
        String token = t.issue(LEAD, INTERACTION, EXPIRES);
        Arrays.fill(secret, (byte) 0);

        assertThat(t.verify(token, NOW).leadId()).isEqualTo(LEAD);
    }

    @Test
    void issueChecksItsInput() {
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue("", INTERACTION, EXPIRES));
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue(LEAD, "", EXPIRES));
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue("x".repeat(256), INTERACTION, EXPIRES));
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue("ä".repeat(128), INTERACTION, EXPIRES));
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issue("a\ud800", INTERACTION, EXPIRES));
    }

    @Test
    void clickTokensRoundTripAndAreNoOtherAction() {
        String click = tokens.issueClick(LEAD, "newsletter-welcome", 2);
        ConsentTokens.Click c = tokens.verifyClick(click, NOW.plus(Duration.ofDays(3650)));

        assertThat(c).isEqualTo(new ConsentTokens.Click(LEAD, "newsletter-welcome", 2, "k1"));
        assertThat(click).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
        assertThat(tokens.issueClick(LEAD, "newsletter-welcome", 3)).isNotEqualTo(click);
        assertThat(reasonOf(click)).isEqualTo(Reason.WRONG_PURPOSE);
        InvalidTokenException asClick = catchThrowableOfType(InvalidTokenException.class,
                () -> tokens.verifyClick(tokens.issueWithdrawal(LEAD, "marketing"), NOW));
        assertThat(asClick.reason()).isEqualTo(Reason.WRONG_PURPOSE);
        InvalidTokenException forged = catchThrowableOfType(InvalidTokenException.class,
                () -> tokensWith(OTHER_SECRET).verifyClick(click, NOW));
        assertThat(forged.reason()).isEqualTo(Reason.FORGED);
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issueClick(LEAD, "s", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> tokens.issueClick(LEAD, "", 1));
    }

    @Test
    void clickTokenWithoutStepOrWithTrailingBytesIsMalformed() throws Exception {
        byte[] h = {2, 3, 2, 'k', '1', 1, 'a', 1, 's'};
        byte[][] payloads = {
                h,                                                              // no step
                ByteBuffer.allocate(h.length + 2).put(h).putShort((short) 0).array(), // step 0
                ByteBuffer.allocate(h.length + 3).put(h).putShort((short) 1).put((byte) 0).array(), // trailing
        };
        for (byte[] p : payloads) {
            String token = B64.encodeToString(p) + "." + B64.encodeToString(signWithContext(p));
            InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class, () -> tokens.verifyClick(token, NOW));
            assertThat(e.reason()).as(Arrays.toString(p)).isEqualTo(Reason.MALFORMED);
        }
    }
}

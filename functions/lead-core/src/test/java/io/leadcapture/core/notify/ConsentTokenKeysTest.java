package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.leadcapture.core.notify.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Key ids, the two token actions, and key rotation with an overlap. */
class ConsentTokenKeysTest {
    private static final String OLD_SECRET = "old-secret-0123456789abcdef-0123456789";
    private static final String NEW_SECRET = "new-secret-fedcba9876543210-9876543210";
    private static final TokenKeys.Key OLD = TokenKeys.Key.parse("2026a:" + OLD_SECRET, "test");
    private static final TokenKeys.Key NEW = TokenKeys.Key.parse("2026b:" + NEW_SECRET, "test");
    private static final String LEAD = "7f1c2b9e-0000-4000-8000-000000000001";
    private static final String INTERACTION = "0b9d8c7e-1111-4000-8000-000000000002";
    private static final Instant NOW = Instant.parse("2026-11-27T09:15:00Z");
    private static final Instant OVERLAP_END = NOW.plus(Duration.ofDays(90));

    private static Reason refusal(Runnable verification) {
        InvalidTokenException e = catchThrowableOfType(InvalidTokenException.class, verification::run);
        assertThat(e).as("expected an InvalidTokenException").isNotNull();
        return e.reason();
    }

    private static String payloadText(String token) {
        return new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))), StandardCharsets.ISO_8859_1);
    }

    @Test
    void tokensCarryTheKeyIdOfTheCurrentKey() {
        ConsentTokens tokens = new ConsentTokens(TokenKeys.of(NEW));
        String confirm = tokens.issue(LEAD, INTERACTION, NOW.plus(Duration.ofDays(3)));
        String withdraw = tokens.issueWithdrawal(LEAD, "marketing");

        assertThat(payloadText(confirm)).contains("2026b");
        assertThat(tokens.verify(confirm, NOW).keyId()).isEqualTo("2026b");
        assertThat(tokens.verifyWithdrawal(withdraw, NOW)).isEqualTo(new ConsentTokens.Withdrawal(LEAD, "marketing", "2026b"));
        assertThat(withdraw).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void aConfirmationTokenNeverWithdrawsAndAWithdrawalTokenNeverConfirms() {
        ConsentTokens tokens = new ConsentTokens(TokenKeys.of(NEW));
        String confirm = tokens.issue(LEAD, INTERACTION, NOW.plus(Duration.ofDays(3)));
        // a purpose spelled like an interaction id: the action byte still keeps them apart
        String withdraw = tokens.issueWithdrawal(LEAD, INTERACTION);

        assertThat(refusal(() -> tokens.verifyWithdrawal(confirm, NOW))).isEqualTo(Reason.WRONG_PURPOSE);
        assertThat(refusal(() -> tokens.verify(withdraw, NOW))).isEqualTo(Reason.WRONG_PURPOSE);
    }

    @Test
    void withdrawalTokensDoNotExpireButNameLeadAndPurpose() {
        ConsentTokens tokens = new ConsentTokens(TokenKeys.of(NEW));
        String withdraw = tokens.issueWithdrawal(LEAD, "marketing");

        assertThat(tokens.verifyWithdrawal(withdraw, NOW.plus(Duration.ofDays(3650))).leadId()).isEqualTo(LEAD);
        assertThat(tokens.issueWithdrawal("other-lead", "marketing")).isNotEqualTo(withdraw);
        assertThat(tokens.issueWithdrawal(LEAD, "events")).isNotEqualTo(withdraw);
    }

    @Test
    void thePreviousKeyVerifiesDuringTheOverlapAndNotAfter() {
        ConsentTokens before = new ConsentTokens(TokenKeys.of(OLD));
        String confirm = before.issue(LEAD, INTERACTION, OVERLAP_END.plus(Duration.ofDays(30)));
        String withdraw = before.issueWithdrawal(LEAD, "marketing");
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        ConsentTokens rotated = new ConsentTokens(TokenKeys.rotated(NEW, OLD, OVERLAP_END));

        assertThat(rotated.verify(confirm, clock.instant()).keyId()).isEqualTo("2026a");
        assertThat(rotated.verifyWithdrawal(withdraw, clock.instant()).keyId()).isEqualTo("2026a");
        assertThat(rotated.verifyWithdrawal(withdraw, OVERLAP_END.minusNanos(1)).leadId()).isEqualTo(LEAD);
        // new tokens are signed with the new key
        assertThat(rotated.verifyWithdrawal(rotated.issueWithdrawal(LEAD, "marketing"), NOW).keyId()).isEqualTo("2026b");

        Clock after = Clock.offset(clock, Duration.between(NOW, OVERLAP_END));
        assertThat(refusal(() -> rotated.verify(confirm, after.instant()))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(refusal(() -> rotated.verifyWithdrawal(withdraw, after.instant()))).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(refusal(() -> new ConsentTokens(TokenKeys.of(NEW)).verifyWithdrawal(withdraw, NOW)))
                .as("once the previous key is removed").isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void aTokenClaimingTheCurrentKeyIdButSignedWithAnotherSecretIsForged() {
        String foreign = new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse("2026b:" + OLD_SECRET, "test")))
                .issueWithdrawal(LEAD, "marketing");

        assertThat(refusal(() -> new ConsentTokens(TokenKeys.rotated(NEW, OLD, OVERLAP_END)).verifyWithdrawal(foreign, NOW)))
                .isEqualTo(Reason.FORGED);
    }

    @Test
    void tamperingWithAWithdrawalTokenIsRefused() {
        ConsentTokens tokens = new ConsentTokens(TokenKeys.of(NEW));
        String token = tokens.issueWithdrawal(LEAD, "marketing");
        String other = tokens.issueWithdrawal("attacker-lead", "marketing");
        String spliced = other.substring(0, other.indexOf('.')) + token.substring(token.indexOf('.'));
        int i = 12; // inside the lead id
        char swapped = token.charAt(i) == 'A' ? 'B' : 'A';

        assertThat(refusal(() -> tokens.verifyWithdrawal(spliced, NOW))).isEqualTo(Reason.FORGED);
        assertThat(refusal(() -> tokens.verifyWithdrawal(token.substring(0, i) + swapped + token.substring(i + 1), NOW)))
                .isIn(Reason.FORGED, Reason.MALFORMED);
        assertThat(refusal(() -> tokens.verifyWithdrawal("garbled", NOW))).isEqualTo(Reason.MALFORMED);
        assertThat(refusal(() -> tokens.verifyWithdrawal(token + "x", NOW))).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void configurationIsKeyIdColonSecret() {
        TokenKeys keys = TokenKeys.parse(" 2026b:" + NEW_SECRET + "\n", Optional.of("2026a:" + OLD_SECRET),
                Optional.of("2027-03-01T00:00:00Z"));
        assertThat(keys.current()).isEqualTo(NEW);
        assertThat(keys.verifying("2026a", Instant.parse("2027-02-28T23:59:59Z"))).contains(OLD);
        assertThat(keys.verifying("2026a", Instant.parse("2027-03-01T00:00:00Z"))).isEmpty();
        assertThat(TokenKeys.Key.parse("k:" + NEW_SECRET + ":with:colons", "test").secret())
                .isEqualTo((NEW_SECRET + ":with:colons").getBytes(StandardCharsets.UTF_8));
        assertThat(NEW.toString()).doesNotContain(NEW_SECRET);
    }

    @Test
    void badConfigurationIsRefusedWithoutShowingTheSecret() {
        for (String bad : new String[] {NEW_SECRET, ":" + NEW_SECRET, "k!:" + NEW_SECRET, "k:short", "x".repeat(33) + ":" + NEW_SECRET}) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                    () -> TokenKeys.parse(bad, Optional.empty(), Optional.empty()));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).doesNotContain(NEW_SECRET).doesNotContain("short");
        }
        assertThatIllegalArgumentException().as("a previous key needs the end of its overlap")
                .isThrownBy(() -> TokenKeys.parse("b:" + NEW_SECRET, Optional.of("a:" + OLD_SECRET), Optional.empty()));
        assertThatIllegalArgumentException().as("not an instant")
                .isThrownBy(() -> TokenKeys.parse("b:" + NEW_SECRET, Optional.of("a:" + OLD_SECRET), Optional.of("next March")));
        assertThatIllegalArgumentException().as("an end without a previous key")
                .isThrownBy(() -> TokenKeys.parse("b:" + NEW_SECRET, Optional.empty(), Optional.of("2027-03-01T00:00:00Z")));
        assertThatIllegalArgumentException().as("same id twice")
                .isThrownBy(() -> TokenKeys.parse("a:" + NEW_SECRET, Optional.of("a:" + OLD_SECRET), Optional.of("2027-03-01T00:00:00Z")));
    }
}

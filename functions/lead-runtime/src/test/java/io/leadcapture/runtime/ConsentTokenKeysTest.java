package io.leadcapture.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.leadcapture.core.notify.ConsentTokens;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentTokenKeysTest {
    static final String A = "2026a:first-consent-secret-0123456789abcdef";
    static final String B = "2026b:second-consent-secret-0123456789abcdef";

    @Test
    void keysComeFromSsmParametersAndARotationTakesEffectWithoutARestart() {
        Map<String, String> env = new HashMap<>(Map.of("CONSENT_TOKEN_KEY_PARAMETER", "/lead-capture/consent-token/key"));
        Map<String, String> ssm = new HashMap<>(Map.of("/lead-capture/consent-token/key", A + "\n"));
        ConsentTokens tokens = new ConsentTokens(new ConsentTokenKeys(new Secrets(env::get, ssm::get)));
        String before = tokens.issueWithdrawal("lead-1", "marketing");

        // rotation: the new key in the parameter, the old one as previous until the end of the overlap
        ssm.put("/lead-capture/consent-token/key", B);
        ssm.put("/lead-capture/consent-token/previous-key", A);
        env.put("CONSENT_TOKEN_PREVIOUS_KEY_PARAMETER", "/lead-capture/consent-token/previous-key");
        env.put("CONSENT_TOKEN_PREVIOUS_KEY_VALID_UNTIL", "2027-03-01T00:00:00Z");

        assertThat(tokens.verifyWithdrawal(tokens.issueWithdrawal("lead-1", "marketing"), Instant.now()).keyId())
                .isEqualTo("2026b");
        assertThat(tokens.verifyWithdrawal(before, Instant.parse("2027-02-28T00:00:00Z")).keyId()).isEqualTo("2026a");
    }

    @Test
    void aMissingOrMalformedKeyFailsTheStart() {
        assertThatIllegalStateException().isThrownBy(() -> new ConsentTokenKeys(Secrets.of(Map.of())));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConsentTokenKeys(Secrets.of(Map.of(
                "CONSENT_TOKEN_KEY", "no-key-id-but-a-long-secret-0123456789abcdef"))));
        assertThatIllegalArgumentException().isThrownBy(() -> new ConsentTokenKeys(Secrets.of(Map.of(
                "CONSENT_TOKEN_KEY", B, "CONSENT_TOKEN_PREVIOUS_KEY", A))));
    }
}

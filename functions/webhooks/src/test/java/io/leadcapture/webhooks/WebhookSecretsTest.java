package io.leadcapture.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where a secret comes from, and that it arrives without the whitespace it was pasted with. */
class WebhookSecretsTest {

    @ParameterizedTest
    @ValueSource(strings = {"s3cret\n", "s3cret\r\n", "  s3cret\t", "s3cret"})
    void environmentValuesAreStripped(String pasted) {
        WebhookSecrets secrets = WebhookSecrets.of(Map.of("META_APP_SECRET", pasted));

        assertThat(secrets.find("META_APP_SECRET")).contains("s3cret");
        assertThat(secrets.require("META_APP_SECRET")).isEqualTo("s3cret");
    }

    @Test
    void parameterStoreValuesAreStripped() {
        List<String> read = new ArrayList<>();
        WebhookSecrets secrets = new WebhookSecrets(
                Map.of("LINKEDIN_CLIENT_SECRET_PARAMETER", "/lead-capture/linkedin-client-secret\n")::get,
                name -> {
                    read.add(name);
                    return "s3cret\n";
                });

        assertThat(secrets.require("LINKEDIN_CLIENT_SECRET")).isEqualTo("s3cret");
        assertThat(read).containsExactly("/lead-capture/linkedin-client-secret");
    }

    @Test
    void theValueItselfWinsOverItsParameter() {
        WebhookSecrets secrets = new WebhookSecrets(
                Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "direct\n", "ZOOM_WEBHOOK_SECRET_TOKEN_PARAMETER", "/p")::get,
                name -> "from-ssm");

        assertThat(secrets.require("ZOOM_WEBHOOK_SECRET_TOKEN")).isEqualTo("direct");
    }

    @Test
    void blankValuesAreNotConfigured() {
        WebhookSecrets secrets = new WebhookSecrets(
                Map.of("META_APP_SECRET", " \n", "LINKEDIN_CLIENT_SECRET_PARAMETER", "/p")::get, name -> "\n");

        assertThat(secrets.find("META_APP_SECRET")).isEmpty();
        assertThat(secrets.find("LINKEDIN_CLIENT_SECRET")).isEmpty();
        assertThat(secrets.find("GOOGLE_ADS_WEBHOOK_KEY")).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> secrets.require("LINKEDIN_CLIENT_SECRET"))
                .withMessageContaining("LINKEDIN_CLIENT_SECRET_PARAMETER");
    }
}

package io.leadcapture.webhooks.googleads;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** events/webhook-google-ads-lead.json carries the documented test key and is answered as events/README.md says. */
class GoogleAdsSampleEventTest extends WebhookTestSupport {
    @Test
    void sampleIsAcceptedAndMapped() throws Exception {
        APIGatewayV2HTTPEvent e = sample("webhook-google-ads-lead.json");
        assertThat(e.getHeaders()).containsEntry("content-length",
                Integer.toString(e.getBody().getBytes(StandardCharsets.UTF_8).length));
        GoogleAdsWebhookHandler handler = new GoogleAdsWebhookHandler(capture(store),
                WebhookSecrets.of(Map.of("GOOGLE_ADS_WEBHOOK_KEY", "google-ads-test-key")), "DE");

        APIGatewayV2HTTPResponse r = handler.handleRequest(e, new LocalContext("GoogleAdsWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("status").asText()).isEqualTo("created");
        Lead lead = store.reads().findLead(answer.path("leadId").asText()).orElseThrow();
        assertThat(lead.profile().email()).isEqualTo("lukas.baecker@baecker-logistik.de");
        assertThat(lead.profile().lastName()).isEqualTo("Bäcker");
        assertThat(lead.profile().country()).isEqualTo("DE");
        assertThat(lead.profile().phone()).isEqualTo("+494012345678");
        assertThat(lead.test()).isFalse();
        Interaction i = lead.interactions().get(0);
        assertThat(i.occurredAt()).isEqualTo(Instant.parse("2026-11-27T10:10:14Z"));
        assertThat(i.sourceIds()).containsEntry("formId", "187654321098").containsEntry("campaignId", "21345678901");
        assertThat(i.attribution().gclid()).startsWith("Cj0KCQiAqvXrBhD3");
        assertThat(i.customAnswers()).containsEntry("Wie viele Fahrzeuge hat Ihre Flotte?", List.of("50-100"));
    }
}

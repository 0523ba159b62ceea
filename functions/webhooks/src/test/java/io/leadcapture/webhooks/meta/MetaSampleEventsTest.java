package io.leadcapture.webhooks.meta;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.FakePlatformServer;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Meta samples in events/ follow the documented shapes (Meta's Lead Ads webhook and "Retrieving
 * Leads" guides), are signed with the documented test secret {@code meta-test-app-secret} over their
 * exact body, and are answered as events/README.md says.
 */
class MetaSampleEventsTest extends WebhookTestSupport {
    @Test
    void samplesVerifyAndAreAnsweredAsDocumented() throws Exception {
        APIGatewayV2HTTPEvent verify = sample("webhook-meta-verify.json");
        APIGatewayV2HTTPEvent leadgen = sample("webhook-meta-leadgen.json");
        byte[] body = leadgen.getBody().getBytes(StandardCharsets.UTF_8);
        assertThat(leadgen.getIsBase64Encoded()).isFalse();
        assertThat(leadgen.getHeaders()).containsEntry("content-length", Integer.toString(body.length))
                .containsEntry("x-hub-signature-256", "sha256=" + hmacHex("meta-test-app-secret", body));
        JsonNode changes = Json.MAPPER.readTree(body).path("entry").get(0).path("changes");
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).path("value").path("leadgen_id").isIntegralNumber()).as("unquoted, as Meta sends it").isTrue();
        String first = changes.get(0).path("value").path("leadgen_id").asText();
        String second = changes.get(1).path("value").path("leadgen_id").asText();
        assertThat(first).hasSize(19);
        assertThat(second).hasSize(19);

        try (FakePlatformServer graph = new FakePlatformServer()) {
            graph.on("/v25.0/" + first, FakePlatformServer.Reply.json(MetaPayloads.joseLead()))
                    .on("/v25.0/" + second, FakePlatformServer.Reply.json(MetaPayloads.joergLead()));
            MetaWebhookHandler handler = new MetaWebhookHandler(capture(store),
                    WebhookSecrets.of(Map.of("META_APP_SECRET", "meta-test-app-secret",
                            "META_VERIFY_TOKEN", "meta-test-verify-token")),
                    new HttpMetaGraphApi(graph.url(), "v25.0", () -> "token",
                            new FetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(20))), "DE");

            APIGatewayV2HTTPResponse v = handler.handleRequest(verify, new LocalContext("MetaWebhookFunction", 10));
            assertThat(v.getStatusCode()).isEqualTo(200);
            assertThat(v.getBody()).isEqualTo("1158201444");

            APIGatewayV2HTTPResponse r = handler.handleRequest(leadgen, new LocalContext("MetaWebhookFunction", 10));
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            assertThat(json(r).path("recorded").asInt()).isEqualTo(2);
            assertThat(graph.count("/v25.0/" + first)).isEqualTo(1);
        }
    }
}

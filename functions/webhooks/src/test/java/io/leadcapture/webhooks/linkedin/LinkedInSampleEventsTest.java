package io.leadcapture.webhooks.linkedin;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.FakePlatformServer;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The LinkedIn samples in events/ follow the documented shapes (LinkedIn's Lead Sync API
 * documentation), are signed with the documented test secret {@code linkedin-test-client-secret}, and
 * are answered as events/README.md says.
 */
class LinkedInSampleEventsTest extends WebhookTestSupport {
    static final String SECRET = "linkedin-test-client-secret";

    @Test
    void samplesVerifyAndAreAnsweredAsDocumented() throws Exception {
        APIGatewayV2HTTPEvent challenge = sample("webhook-linkedin-challenge.json");
        APIGatewayV2HTTPEvent notification = sample("webhook-linkedin-notification.json");
        byte[] body = notification.getBody().getBytes(StandardCharsets.UTF_8);
        assertThat(notification.getHeaders()).containsEntry("content-length", Integer.toString(body.length))
                .containsEntry("x-li-signature", hmacHex(SECRET, utf8("hmacsha256="), body));
        JsonNode n = Json.MAPPER.readTree(body);
        String responseId = n.path("leadGenFormResponse").asText().substring("urn:li:leadGenFormResponse:".length());

        try (FakePlatformServer api = new FakePlatformServer()) {
            api.on("/rest/leadFormResponses/" + responseId,
                            FakePlatformServer.Reply.json(LinkedInPayloads.joseResponse()))
                    .on("/rest/leadForms/7234246", FakePlatformServer.Reply.json(LinkedInPayloads.form()));
            LinkedInWebhookHandler handler = new LinkedInWebhookHandler(capture(store),
                    WebhookSecrets.of(Map.of("LINKEDIN_CLIENT_SECRET", SECRET)),
                    new HttpLinkedInLeadApi(api.url(), "202601", () -> "token",
                            new FetchLimits(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, Duration.ofMillis(20))), "DE");

            APIGatewayV2HTTPResponse c = handler.handleRequest(challenge, new LocalContext("LinkedInWebhookFunction", 10));
            assertThat(c.getStatusCode()).isEqualTo(200);
            JsonNode answer = json(c);
            assertThat(answer.path("challengeCode").asText()).isEqualTo("890e4665-4dfe-4ab1-b689-ed553bceeed0");
            assertThat(answer.path("challengeResponse").asText())
                    .isEqualTo("af1e6bba74c4504b06262fdf4d066b0e34b3bdbe38e24e198f3fe1efca8a96d4")
                    .isEqualTo(hmacHex(SECRET, utf8("890e4665-4dfe-4ab1-b689-ed553bceeed0")));

            APIGatewayV2HTTPResponse r = handler.handleRequest(notification, new LocalContext("LinkedInWebhookFunction", 10));
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            assertThat(json(r).path("recorded").asInt()).isEqualTo(1);
        }
    }
}

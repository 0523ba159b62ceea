package io.leadcapture.webhooks.zoom;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Zoom samples in events/ are what Zoom sends: signed with the documented test secret
 * ({@code zoom-test-secret-token}) over their exact body, and answered as events/README.md says
 * when the function's clock stands at their {@code x-zm-request-timestamp}.
 */
class ZoomSampleEventsTest extends WebhookTestSupport {
    /** A sample as Zoom sends it: a text body, its content-length the body's UTF-8 bytes. */
    static APIGatewayV2HTTPEvent checkedSample(String file) throws Exception {
        APIGatewayV2HTTPEvent e = sample(file);
        assertThat(e.getIsBase64Encoded()).isFalse();
        assertThat(e.getHeaders()).containsEntry("content-length",
                Integer.toString(e.getBody().getBytes(StandardCharsets.UTF_8).length));
        return e;
    }

    static APIGatewayV2HTTPResponse deliver(LeadStore store, APIGatewayV2HTTPEvent e) {
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(e.getHeaders().get("x-zm-request-timestamp")));
        ZoomWebhookHandler handler = new ZoomWebhookHandler(capture(store),
                WebhookSecrets.of(Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "zoom-test-secret-token")),
                Clock.fixed(signedAt.plusSeconds(1), ZoneOffset.UTC), "DE");
        return handler.handleRequest(e, new LocalContext("ZoomWebhookFunction", 10));
    }

    @Test
    void samplesVerifyAndAreAnsweredAsDocumented() throws Exception {
        APIGatewayV2HTTPEvent validation = checkedSample("webhook-zoom-url-validation.json");
        APIGatewayV2HTTPResponse v = deliver(store, validation);
        assertThat(v.getStatusCode()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(v.getBody());
        assertThat(answer.path("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.path("encryptedToken").asText()).isEqualTo(hmacHex("zoom-test-secret-token",
                "qgg8vlvZRS6UYooatFL8Aw".getBytes(StandardCharsets.UTF_8)));

        APIGatewayV2HTTPResponse r = deliver(store, checkedSample("webhook-zoom-registration-created.json"));
        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode registered = Json.MAPPER.readTree(r.getBody());
        assertThat(registered.path("status").asText()).isEqualTo("created");

        APIGatewayV2HTTPResponse j = deliver(store, checkedSample("webhook-zoom-participant-joined.json"));
        assertThat(j.getStatusCode()).isEqualTo(200);
        JsonNode joined = Json.MAPPER.readTree(j.getBody());
        assertThat(joined.path("status").asText()).isEqualTo("merged");
        assertThat(joined.path("leadId").asText()).isEqualTo(registered.path("leadId").asText());

        Lead lead = store.reads().findLead(registered.path("leadId").asText()).orElseThrow();
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.profile().company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(lead.interactions()).extracting(i -> i.type().wireName())
                .containsExactly("webinar_registration", "webinar_attended");
        assertThat(lead.interactions().get(0).sourceIds()).containsEntry("webinarId", "87312345678");

        // the samples are stale outside their 5 minutes: a replay needs a fresh signature
        ZoomWebhookHandler now = new ZoomWebhookHandler(capture(store),
                WebhookSecrets.of(Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", "zoom-test-secret-token")), Clock.systemUTC(), "DE");
        assertThat(now.handleRequest(checkedSample("webhook-zoom-url-validation.json"), new LocalContext("ZoomWebhookFunction", 10))
                .getStatusCode()).isEqualTo(401);
    }
}

package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.runtime.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local runner end to end over real HTTP: the template's routes, the handlers built by their
 * no-arg constructors (as Lambda builds them), moto behind them, and the events/ samples replayed.
 */
class LocalRunnerTest {
    static LocalRunner runner;
    static String api;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        URI endpoint = MotoServer.endpoint();
        // The SDK reads this like AWS_ENDPOINT_URL: the production client code stays untouched.
        System.setProperty("aws.endpointUrl", endpoint.toString());
        runner = new LocalRunner(SamTemplate.bundled());
        runner.createTables(endpoint);
        runner.start(0);
        api = "http://127.0.0.1:" + runner.port();
    }

    @AfterAll
    static void stop() {
        runner.stop();
        System.clearProperty("aws.endpointUrl");
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void browserFormPostRedirectsAndTheLeadCanBeReadBack() throws Exception {
        String form = "first_name=J%C3%B6rg&email=browser.user%40beispiel-gmbh.de&company=Beispiel+GmbH&consent=on";
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(api + "/forms/contact"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:8080")
                .header("Referer", "http://localhost:8080/?utm_source=newsletter")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.headers().firstValue("location")).hasValue("http://localhost:8080/danke");

        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(api + "/leads?email=Browser.User%40Beispiel-GmbH.de")));
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode lead = Json.MAPPER.readTree(read.body()).path("items").get(0);
        assertThat(lead.path("firstName").asText()).isEqualTo("Jörg");
        assertThat(lead.path("interactions").get(0).path("attribution").path("utmSource").asText()).isEqualTo("newsletter");

        HttpResponse<String> byId = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + lead.path("leadId").asText())));
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(byId.body()).path("email").asText()).isEqualTo("browser.user@beispiel-gmbh.de");
    }

    @Test
    void preflightGrantsOnlyTheFormsOrigin() throws Exception {
        HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(api + "/forms/demo"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST"));
        assertThat(ok.statusCode()).isEqualTo(204);
        assertThat(ok.headers().firstValue("access-control-allow-origin")).hasValue("http://localhost:8080");
        assertThat(ok.headers().firstValue("access-control-allow-headers").orElse("")).contains("idempotency-key");

        HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(api + "/forms/demo"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST"));
        assertThat(foreign.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/nope"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/forms/contact"))).statusCode())
                .as("GET on a POST-only route").isEqualTo(404);
    }

    /** An events/ sample sent as a real HTTP request; Zoom samples are signed anew for the current time. */
    static HttpResponse<String> replay(String file) throws Exception {
        JsonNode event = Json.MAPPER.readTree(Files.readString(RepoLayout.root().resolve("events").resolve(file)));
        String method = event.path("requestContext").path("http").path("method").asText();
        byte[] body = !event.has("body") ? new byte[0] : event.path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(event.path("body").asText())
                : event.path("body").asText().getBytes(StandardCharsets.UTF_8);
        String query = event.path("rawQueryString").asText("");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + event.path("rawPath").asText()
                        + (query.isEmpty() ? "" : "?" + query)))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Iterator<Map.Entry<String, JsonNode>> h = event.path("headers").fields(); h.hasNext(); ) {
            Map.Entry<String, JsonNode> header = h.next();
            if (!java.util.Set.of("host", "content-length", "x-zm-request-timestamp", "x-zm-signature").contains(header.getKey())) {
                b.header(header.getKey(), header.getValue().asText());
            }
        }
        if (event.path("headers").has("x-zm-signature")) {
            String ts = Long.toString(java.time.Instant.now().getEpochSecond());
            b.header("x-zm-request-timestamp", ts);
            b.header("x-zm-signature", "v0=" + io.leadcapture.webhooks.Signatures.hmacSha256Hex("zoom-test-secret-token",
                    ("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8), body));
        }
        return send(b);
    }

    @Test
    void webhookSamplesReplayedOverHttpLandOnTheSameLeads() throws Exception {
        HttpResponse<String> validation = replay("webhook-zoom-url-validation.json");
        assertThat(validation.statusCode()).as(validation.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(validation.body()).has("encryptedToken")).isTrue();
        HttpResponse<String> registration = replay("webhook-zoom-registration-created.json");
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(200);
        String leadId = Json.MAPPER.readTree(registration.body()).path("leadId").asText();
        HttpResponse<String> joined = replay("webhook-zoom-participant-joined.json");
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(joined.body()).path("leadId").asText()).isEqualTo(leadId);
        JsonNode lead = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))).body());
        assertThat(lead.path("interactions").findValuesAsText("type")).contains("webinar_registration", "webinar_attended");

        HttpResponse<String> google = replay("webhook-google-ads-lead.json");
        assertThat(google.statusCode()).as(google.body()).isEqualTo(200);
        HttpResponse<String> again = replay("webhook-google-ads-lead.json");
        assertThat(Json.MAPPER.readTree(again.body()).path("interactionId").asText())
                .as("a redelivery records nothing new").isEqualTo(Json.MAPPER.readTree(google.body()).path("interactionId").asText());

        HttpResponse<String> metaVerify = replay("webhook-meta-verify.json");
        assertThat(metaVerify.statusCode()).isEqualTo(200);
        assertThat(metaVerify.body()).isEqualTo("1158201444");
        HttpResponse<String> linkedInChallenge = replay("webhook-linkedin-challenge.json");
        assertThat(linkedInChallenge.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(linkedInChallenge.body()).path("challengeResponse").asText())
                .isEqualTo("af1e6bba74c4504b06262fdf4d066b0e34b3bdbe38e24e198f3fe1efca8a96d4");
    }

    @Test
    void sampleEventsReplayedOverHttpGiveTheirLeads() throws Exception {
        Path events = RepoLayout.root().resolve("events");
        Map<String, Integer> expected = Map.of(
                "form-contact-urlencoded.json", 303,
                "form-demo-json.json", 201,
                "form-newsletter-multipart.json", 303);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            JsonNode event = Json.MAPPER.readTree(Files.readString(events.resolve(e.getKey())));
            byte[] body = event.path("isBase64Encoded").asBoolean()
                    ? Base64.getDecoder().decode(event.path("body").asText())
                    : event.path("body").asText().getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + event.path("rawPath").asText()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (Iterator<Map.Entry<String, JsonNode>> h = event.path("headers").fields(); h.hasNext(); ) {
                Map.Entry<String, JsonNode> header = h.next();
                if (!java.util.Set.of("host", "content-length").contains(header.getKey())) {
                    b.header(header.getKey(), header.getValue().asText());
                }
            }
            HttpResponse<String> r = send(b);
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(e.getValue());
        }
        JsonNode joerg = Json.MAPPER.readTree(send(HttpRequest.newBuilder(
                URI.create(api + "/leads?email=joerg.weiss%40mueller-soehne.de"))).body()).path("items").get(0);
        assertThat(joerg.path("lastName").asText()).isEqualTo("Weiß");
        assertThat(joerg.path("company").asText()).isEqualTo("Müller & Söhne GmbH");
        assertThat(joerg.path("phone").asText()).isEqualTo("+492211234567");
        assertThat(joerg.path("interactions").get(0).path("customAnswers").path("interesse")).hasSize(2);

        JsonNode jana = Json.MAPPER.readTree(send(HttpRequest.newBuilder(
                URI.create(api + "/leads?email=jana.schaefer%40beispiel-maschinenbau.de"))).body()).path("items").get(0);
        assertThat(jana.path("lastName").asText()).isEqualTo("Schäfer");
        assertThat(jana.path("country").asText()).isEqualTo("DE");
        assertThat(jana.path("budgetResponsibility").asBoolean()).isTrue();

        JsonNode anna = Json.MAPPER.readTree(send(HttpRequest.newBuilder(
                URI.create(api + "/leads?email=anna.schaefer%40web.de"))).body()).path("items").get(0);
        assertThat(anna.path("segment").asText()).isEqualTo("B2C");
        assertThat(anna.path("consent").path("status").asText()).isEqualTo("pending");
    }
}

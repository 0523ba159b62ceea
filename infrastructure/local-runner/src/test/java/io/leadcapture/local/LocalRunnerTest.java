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

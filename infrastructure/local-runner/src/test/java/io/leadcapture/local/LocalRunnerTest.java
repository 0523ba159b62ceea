package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.Signatures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
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
        String tag = unique();
        String form = "first_name=J%C3%B6rg&email=browser.user." + tag + "%40beispiel-gmbh.de&company=Beispiel+GmbH&consent=on";
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(api + "/forms/contact"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:8080")
                .header("Referer", "http://localhost:8080/?utm_source=newsletter")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(post.statusCode()).isEqualTo(303);
        assertThat(post.headers().firstValue("location")).hasValue("http://localhost:8080/danke");

        JsonNode lead = leadByEmail("Browser.User." + tag + "@Beispiel-GmbH.de");
        assertThat(lead.path("firstName").asText()).isEqualTo("Jörg");
        assertThat(lead.path("interactions").get(0).path("attribution").path("utmSource").asText()).isEqualTo("newsletter");

        HttpResponse<String> byId = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + lead.path("leadId").asText())));
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(byId.body()).path("email").asText()).isEqualTo("browser.user." + tag + "@beispiel-gmbh.de");

        HttpResponse<String> export = send(HttpRequest.newBuilder(
                URI.create(api + "/leads/" + lead.path("leadId").asText() + "/export")));
        assertThat(export.statusCode()).isEqualTo(200);
        JsonNode exported = Json.MAPPER.readTree(export.body());
        assertThat(exported.path("complete").asBoolean()).isTrue();
        assertThat(exported.path("interactions")).hasSize(1);
    }

    @Test
    void theFunnelReportPageShowsWhatTheReportRouteAnswersAndNamesABadParameter() throws Exception {
        HttpResponse<String> json = send(HttpRequest.newBuilder(URI.create(api + "/reports/funnel?by=form")));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
        JsonNode report = Json.MAPPER.readTree(json.body());

        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(api + "/_local/report?by=form")));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<h1>Funnel report</h1>", "<option selected>form</option>",
                "value=\"" + report.path("from").asText() + "\"", "value=\"" + report.path("to").asText() + "\"");
        assertThat(page.body()).doesNotContain("<script", "<link", " src=");
        for (JsonNode g : report.path("groups")) {
            assertThat(page.body()).contains(Outbox.esc(g.path("group").asText()), "<svg");
        }

        HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(api + "/_local/report?by=country")));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("by is one of source, channel, form, campaign.", "<form");
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
    void theSiteverifyStandInAnswersAsCloudflaresTestSecretsDo() throws Exception {
        String url = api + "/_local/turnstile/v0/siteverify";
        JsonNode passed = siteverify(url, "application/x-www-form-urlencoded",
                "secret=1x0000000000000000000000000000000AA&response=XXXX.DUMMY.TOKEN.XXXX&remoteip=203.0.113.7");
        assertThat(passed.path("success").asBoolean()).isTrue();
        assertThat(passed.path("hostname").asText()).isEqualTo("localhost");
        assertThat(passed.path("error-codes")).isEmpty();

        JsonNode json = siteverify(url, "application/json",
                "{\"secret\":\"1x0000000000000000000000000000000AA\",\"response\":\"XXXX.DUMMY.TOKEN.XXXX\"}");
        assertThat(json.path("success").asBoolean()).isTrue();

        for (String[] failing : new String[][] {
                {"secret=2x0000000000000000000000000000000AA&response=XXXX.DUMMY.TOKEN.XXXX", "invalid-input-response"},
                {"secret=1x0000000000000000000000000000000AA&response=a.real.token", "invalid-input-response"},
                {"secret=3x0000000000000000000000000000000AA&response=XXXX.DUMMY.TOKEN.XXXX", "timeout-or-duplicate"},
                {"secret=0x4AAAAAAAreal&response=XXXX.DUMMY.TOKEN.XXXX", "invalid-input-secret"},
                {"secret=1x0000000000000000000000000000000AA", "missing-input-response"}}) {
            JsonNode failed = siteverify(url, "application/x-www-form-urlencoded", failing[0]);
            assertThat(failed.path("success").asBoolean()).as(failing[0]).isFalse();
            assertThat(failed.path("error-codes")).extracting(JsonNode::asText).as(failing[0]).containsExactly(failing[1]);
        }
    }

    static JsonNode siteverify(String url, String contentType, String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void theSweepstakeSampleWithoutAReachableVerifierIs503AndStoresNothing() throws Exception {
        String tag = unique();
        HttpResponse<String> r = replay("form-sweepstake-urlencoded.json", tag);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("retry-after")).hasValue("5");
        assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("captcha_unavailable");
        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(api + "/leads?email="
                + URLEncoder.encode("lena.vogel." + tag + "@beispiel-handel.de", StandardCharsets.UTF_8))));
        assertThat(Json.MAPPER.readTree(read.body()).path("items")).isEmpty();
    }

    @Test
    void unknownRouteIs404() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/nope"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/forms/contact"))).statusCode())
                .as("GET on a POST-only route").isEqualTo(404);
    }

    @Test
    void aNurtureLinkRedirectsToItsStepOverHttpAndHeadRecordsNothing() throws Exception {
        String tag = unique();
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(api + "/forms/newsletter"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=nurture." + tag + "%40beispiel-gmbh.de&consent=on")));
        assertThat(post.statusCode()).as(post.body()).isLessThan(400);
        String leadId = leadByEmail("nurture." + tag + "@beispiel-gmbh.de").path("leadId").asText();
        String token = new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse(
                "runner1:runner-test-consent-secret-0123456789abcdef", "test"))).issueClick(leadId, "newsletter-welcome", 1);
        String link = "https://www.example.com/leitfaden/lead-erfassung"
                + "?utm_source=nurture&utm_medium=email&utm_campaign=newsletter-welcome&utm_content=step-1";

        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(api + "/r/" + token))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(302);
        assertThat(head.headers().firstValue("location")).hasValue(link);
        assertThat(leadByEmail("nurture." + tag + "@beispiel-gmbh.de").path("interactions")).hasSize(1);

        HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(api + "/r/" + token)));
        assertThat(get.statusCode()).isEqualTo(302);
        assertThat(get.headers().firstValue("location")).hasValue(link);
        assertThat(get.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        JsonNode interactions = leadByEmail("nurture." + tag + "@beispiel-gmbh.de").path("interactions");
        assertThat(interactions).hasSize(2);
        assertThat(interactions.findValuesAsText("type")).containsExactlyInAnyOrder("newsletter_signup", "content_click");

        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/r/" + token.replace('.', 'x')))).statusCode())
                .isEqualTo(400);
    }

    /**
     * A tag of one test's own, for the people and ids it posts: tests share the runner's table, and
     * a test that met another test's lead (or an earlier run's) would read that lead's interactions too.
     */
    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** The local part of an email address in a JSON, multipart or URL-encoded body. */
    static final Pattern EMAIL_LOCAL_PART = Pattern.compile("[A-Za-z0-9._-]+(?=@|%40)");

    /**
     * An events/ sample sent as a real HTTP request, as the test's own people: every email address
     * in the body gets {@code .tag} in its local part ({@code joerg.weiss.<tag>@mueller-soehne.de})
     * and an Idempotency-Key gets {@code -tag}. The file stays as the platform documents it; Zoom
     * samples are signed anew (test secret, current time) over the body actually sent.
     */
    static HttpResponse<String> replay(String file, String tag) throws Exception {
        JsonNode event = Json.MAPPER.readTree(Files.readString(RepoLayout.root().resolve("events").resolve(file)));
        String method = event.path("requestContext").path("http").path("method").asText();
        byte[] sample = !event.has("body") ? new byte[0] : event.path("isBase64Encoded").asBoolean()
                ? Base64.getDecoder().decode(event.path("body").asText())
                : event.path("body").asText().getBytes(StandardCharsets.UTF_8);
        byte[] body = EMAIL_LOCAL_PART.matcher(new String(sample, StandardCharsets.UTF_8)).replaceAll("$0." + tag)
                .getBytes(StandardCharsets.UTF_8);
        String query = event.path("rawQueryString").asText("");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + event.path("rawPath").asText()
                        + (query.isEmpty() ? "" : "?" + query)))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Iterator<Map.Entry<String, JsonNode>> h = event.path("headers").fields(); h.hasNext(); ) {
            Map.Entry<String, JsonNode> header = h.next();
            String name = header.getKey();
            if (name.equals("idempotency-key")) {
                b.header(name, header.getValue().asText() + "-" + tag);
            } else if (!Set.of("host", "content-length", "x-zm-request-timestamp", "x-zm-signature").contains(name)) {
                b.header(name, header.getValue().asText());
            }
        }
        if (event.path("headers").has("x-zm-signature")) {
            String ts = Long.toString(Instant.now().getEpochSecond());
            b.header("x-zm-request-timestamp", ts);
            b.header("x-zm-signature", "v0=" + Signatures.hmacSha256Hex("zoom-test-secret-token",
                    ("v0:" + ts + ":").getBytes(StandardCharsets.UTF_8), body));
        }
        return send(b);
    }

    /** The one lead of an email address, through GET /leads?email=. */
    static JsonNode leadByEmail(String email) throws Exception {
        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(api + "/leads?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8))));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode items = Json.MAPPER.readTree(read.body()).path("items");
        assertThat(items).as(email).hasSize(1);
        return items.get(0);
    }

    @Test
    void webhookSamplesReplayedOverHttpLandOnTheSameLeads() throws Exception {
        String tag = unique();
        HttpResponse<String> validation = replay("webhook-zoom-url-validation.json", tag);
        assertThat(validation.statusCode()).as(validation.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(validation.body()).has("encryptedToken")).isTrue();
        HttpResponse<String> registration = replay("webhook-zoom-registration-created.json", tag);
        assertThat(registration.statusCode()).as(registration.body()).isEqualTo(200);
        String leadId = Json.MAPPER.readTree(registration.body()).path("leadId").asText();
        HttpResponse<String> joined = replay("webhook-zoom-participant-joined.json", tag);
        assertThat(joined.statusCode()).as(joined.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(joined.body()).path("leadId").asText()).isEqualTo(leadId);
        JsonNode lead = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))).body());
        assertThat(lead.path("interactions").findValuesAsText("type")).contains("webinar_registration", "webinar_attended");

        HttpResponse<String> google = replay("webhook-google-ads-lead.json", tag);
        assertThat(google.statusCode()).as(google.body()).isEqualTo(200);
        HttpResponse<String> again = replay("webhook-google-ads-lead.json", tag);
        assertThat(Json.MAPPER.readTree(again.body()).path("interactionId").asText())
                .as("a redelivery records nothing new").isEqualTo(Json.MAPPER.readTree(google.body()).path("interactionId").asText());

        HttpResponse<String> metaVerify = replay("webhook-meta-verify.json", tag);
        assertThat(metaVerify.statusCode()).isEqualTo(200);
        assertThat(metaVerify.body()).isEqualTo("1158201444");
        HttpResponse<String> linkedInChallenge = replay("webhook-linkedin-challenge.json", tag);
        assertThat(linkedInChallenge.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(linkedInChallenge.body()).path("challengeResponse").asText())
                .isEqualTo("af1e6bba74c4504b06262fdf4d066b0e34b3bdbe38e24e198f3fe1efca8a96d4");
    }

    @Test
    void erasureOverHttpLeavesNothingAReplayCanBringBack() throws Exception {
        String tag = unique();
        String email = "jana.schaefer." + tag + "@beispiel-maschinenbau.de";
        HttpResponse<String> posted = replay("form-demo-json.json", tag);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String leadId = leadByEmail(email).path("leadId").asText();

        HttpResponse<String> erased = send(HttpRequest.newBuilder(URI.create(api + "/leads?email="
                        + URLEncoder.encode(email, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"reason\":\"Art. 17\",\"requestedBy\":\"DSB\"}")));
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        JsonNode receipt = Json.MAPPER.readTree(erased.body());
        assertThat(receipt.path("leadId").asText()).isEqualTo(leadId);

        // the client's retry (same Idempotency-Key) is answered as before and recreates nobody
        assertThat(replay("form-demo-json.json", tag).statusCode()).isEqualTo(202);
        HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(api + "/leads?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8))));
        assertThat(Json.MAPPER.readTree(read.body()).path("items")).isEmpty();
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))).statusCode()).isEqualTo(404);
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))
                .method("DELETE", HttpRequest.BodyPublishers.noBody()));
        assertThat(Json.MAPPER.readTree(again.body())).isEqualTo(receipt);
        // the sample names a lead that does not exist
        assertThat(replay("lead-erase.json", tag).statusCode()).isEqualTo(404);
    }

    @Test
    void sampleEventsReplayedOverHttpGiveTheirLeads() throws Exception {
        String tag = unique();
        Map<String, Integer> expected = Map.of(
                "form-contact-urlencoded.json", 303,
                "form-demo-json.json", 202,
                "form-newsletter-multipart.json", 303);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            HttpResponse<String> r = replay(e.getKey(), tag);
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(e.getValue());
        }
        JsonNode joerg = leadByEmail("joerg.weiss." + tag + "@mueller-soehne.de");
        assertThat(joerg.path("lastName").asText()).isEqualTo("Weiß");
        assertThat(joerg.path("company").asText()).isEqualTo("Müller & Söhne GmbH");
        assertThat(joerg.path("phone").asText()).isEqualTo("+492211234567");
        assertThat(joerg.path("interactions").get(0).path("customAnswers").path("interesse")).hasSize(2);

        JsonNode jana = leadByEmail("jana.schaefer." + tag + "@beispiel-maschinenbau.de");
        assertThat(jana.path("lastName").asText()).isEqualTo("Schäfer");
        assertThat(jana.path("country").asText()).isEqualTo("DE");
        assertThat(jana.path("budgetResponsibility").asBoolean()).isTrue();

        JsonNode anna = leadByEmail("anna.schaefer." + tag + "@web.de");
        assertThat(anna.path("segment").asText()).isEqualTo("B2C");
        assertThat(anna.path("consent").path("status").asText()).isEqualTo("pending");
    }

    @Test
    void anSesComplaintPostedToTheRunnerReachesTheFeedbackFunctionInAnSnsEvent() throws Exception {
        String email = "beschwerde." + unique() + "@beispiel-gmbh.de";
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(api + "/forms/contact"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://localhost:8080")
                .POST(HttpRequest.BodyPublishers.ofString("email=" + URLEncoder.encode(email, StandardCharsets.UTF_8))));
        assertThat(post.statusCode()).isEqualTo(303);
        JsonNode before = leadByEmail(email);
        assertThat(before.path("emailStatus").path("status").asText()).isEqualTo("ok");

        // the JSON SES puts in the SNS Message, as in the complaint sample, about this address
        String message = Json.MAPPER.readTree(Files.readString(RepoLayout.root().resolve("events/sns-ses-complaint.json")))
                .path("Records").get(0).path("Sns").path("Message").asText()
                .replace("complaint@simulator.amazonses.com", email)
                .replace("-000000\"", "-" + unique() + "\"");
        HttpResponse<String> delivered = send(HttpRequest.newBuilder(URI.create(api + "/_local/ses-feedback"))
                .POST(HttpRequest.BodyPublishers.ofString(message)));

        assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(delivered.body()).path("delivered").path("MailFeedbackFunction")
                .path("topic").asText()).isEqualTo("MailFeedbackTopic");
        JsonNode after = leadByEmail(email);
        assertThat(after.path("emailStatus").path("status").asText()).isEqualTo("suppressed");
        assertThat(after.path("emailStatus").path("reason").asText()).isEqualTo("complaint");
        assertThat(after.path("emailStatus").path("at").asText()).isEqualTo("2026-11-28T10:32:46Z");
        assertThat(after.path("consent").path("status").asText()).isEqualTo("withdrawn");
        assertThat(send(HttpRequest.newBuilder(URI.create(api + "/_local/ses-feedback"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(400);
    }
}

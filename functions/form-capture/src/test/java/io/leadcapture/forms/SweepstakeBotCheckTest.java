package io.leadcapture.forms;

import static io.leadcapture.forms.FormPosts.fields;
import static io.leadcapture.local.aws.SiteverifyStandIn.DUMMY_TOKEN;
import static io.leadcapture.local.aws.SiteverifyStandIn.FAILING_SECRET;
import static io.leadcapture.local.aws.SiteverifyStandIn.PASSING_SECRET;
import static io.leadcapture.local.aws.SiteverifyStandIn.SPENT_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SiteverifyStandIn;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.Secrets;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The sweepstake form's bot check against moto and the local siteverify stand-in (Cloudflare's
 * documented Turnstile test secrets) over HTTP: every refused post stores nothing, and the token
 * is never stored.
 */
class SweepstakeBotCheckTest {
    static final String SALT = "t1:test-salt-0123456789";
    static final String PAGE = "http://localhost:8080";
    static final String CLIENT_IP = "198.51.100.42";
    static DynamoDbClient ddb;
    static SiteverifyStandIn siteverify;

    String table;
    LeadStore store;

    @BeforeAll
    static void emulators() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
        siteverify = SiteverifyStandIn.start();
    }

    @AfterAll
    static void stop() {
        siteverify.close();
    }

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
    }

    FormCaptureHandler handler(FormCatalog forms, CaptchaVerifier verifier) {
        return new FormCaptureHandler(forms, UseCases.captureLead(store), new IpHasher(SALT), verifier);
    }

    FormCaptureHandler handler(String secret) {
        return handler(FormCatalog.bundled(), new SiteverifyClient(siteverify.url(), () -> secret));
    }

    static APIGatewayV2HTTPResponse post(FormCaptureHandler handler, APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("FormCaptureFunction", 10));
    }

    /** A browser post of the sweepstake from the sample page, with {@code extra} fields appended. */
    static APIGatewayV2HTTPEvent browserPost(String email, String extra) {
        return FormPosts.to("sweepstake")
                .urlEncoded("first_name=Lena&email=" + email.replace("@", "%40") + "&teilnahmebedingungen=on&consent=on" + extra)
                .header("origin", PAGE).header("referer", PAGE + "/?utm_source=instagram").from(CLIENT_IP).event();
    }

    static APIGatewayV2HTTPEvent browserPostWithToken(String email, String token) {
        return browserPost(email, "&cf-turnstile-response=" + token);
    }

    /** A form catalogue like the shipped one with one change to the sweepstake form. */
    static FormCatalog bundledWith(String shipped, String changed) throws IOException {
        String yaml;
        try (var in = FormCatalog.class.getResourceAsStream(FormCatalog.BUNDLED_RESOURCE)) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(yaml).contains(shipped);
        return FormCatalog.load(new ByteArrayInputStream(yaml.replace(shipped, changed).getBytes(StandardCharsets.UTF_8)));
    }

    static FormCatalog acceptingWhileUnavailable() throws IOException {
        return bundledWith("    captchaUnavailable: reject", "    captchaUnavailable: accept");
    }

    List<Map<String, AttributeValue>> items() {
        return ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    Lead onlyLead() {
        List<Map<String, AttributeValue>> leads = items().stream().filter(i -> "lead".equals(i.get("itemType").s())).toList();
        assertThat(leads).hasSize(1);
        return store.reads().findLead(leads.get(0).get("leadId").s()).orElseThrow();
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws IOException {
        return Json.MAPPER.readTree(r.getBody());
    }

    static void assertRefused(APIGatewayV2HTTPResponse r, int status, String code) throws IOException {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        assertThat(r.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8")
                .containsEntry("access-control-allow-origin", PAGE);
        assertThat(json(r).path("error").asText()).isEqualTo(code);
        assertThat(json(r).path("message").asText()).contains("nothing was stored");
    }

    void assertNothingStored() {
        assertThat(items()).isEmpty();
    }

    @Test
    void withoutATokenIs403AndNothingIsStoredOrAsked() throws Exception {
        FormCaptureHandler handler = handler(PASSING_SECRET);
        int asked = siteverify.received().size();

        assertRefused(post(handler, browserPost("lena.ohne@beispiel-handel.de", "")), 403, "captcha_failed");
        assertRefused(post(handler, browserPostWithToken("lena.leer@beispiel-handel.de", "")), 403, "captcha_failed");
        assertRefused(post(handler, FormPosts.to("sweepstake").header("origin", PAGE)
                .json(fields().put("email", "lena.json@beispiel-handel.de")).event()), 403, "captcha_failed");
        // another provider's field does not stand in for Turnstile's
        assertRefused(post(handler, browserPost("lena.andere@beispiel-handel.de", "&h-captcha-response=" + DUMMY_TOKEN)),
                403, "captcha_failed");
        assertRefused(post(handler, browserPostWithToken("lena.lang@beispiel-handel.de", "x".repeat(BotCheck.MAX_TOKEN_LENGTH + 1))),
                403, "captcha_failed");

        assertNothingStored();
        assertThat(siteverify.received()).hasSize(asked);
    }

    @Test
    void aFailingTokenIs403AndNothingIsStored() throws Exception {
        // A token the provider did not issue, under the secret that passes genuine ones.
        assertRefused(post(handler(PASSING_SECRET), browserPostWithToken("lena.falsch@beispiel-handel.de", "forged.token")),
                403, "captcha_failed");
        assertThat(siteverify.received().getLast()).containsEntry("response", "forged.token");
        // Cloudflare's always-failing and already-spent test secrets.
        assertRefused(post(handler(FAILING_SECRET), browserPostWithToken("lena.fail@beispiel-handel.de", DUMMY_TOKEN)),
                403, "captcha_failed");
        assertRefused(post(handler(SPENT_SECRET), browserPostWithToken("lena.spent@beispiel-handel.de", DUMMY_TOKEN)),
                403, "captcha_failed");

        assertNothingStored();
    }

    @Test
    void aPassingTokenIsVerifiedWithTheClientsAddressAndTheSubmissionStoredWithoutIt() throws Exception {
        APIGatewayV2HTTPResponse r = post(handler(PASSING_SECRET), browserPostWithToken("lena.vogel@beispiel-handel.de", DUMMY_TOKEN));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(303);
        assertThat(r.getHeaders()).containsEntry("location", PAGE + "/danke");
        assertThat(siteverify.received().getLast()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "secret", PASSING_SECRET, "response", DUMMY_TOKEN, "remoteip", CLIENT_IP));
        Lead lead = onlyLead();
        assertThat(lead.profile().email()).isEqualTo("lena.vogel@beispiel-handel.de");
        assertThat(lead.interactions()).hasSize(1);
        Interaction sweepstake = lead.interactions().get(0);
        assertThat(sweepstake.type().wireName()).isEqualTo("sweepstake");
        assertThat(sweepstake.formId()).isEqualTo("sweepstake");
        assertThat(sweepstake.customAnswers()).containsOnly(Map.entry("teilnahmebedingungen", List.of("on")));
        assertThat(sweepstake.consent().status().wireName()).isEqualTo("pending");
        assertThat(sweepstake.attribution().utmSource()).isEqualTo("instagram");
        assertThat(items().toString()).doesNotContain(DUMMY_TOKEN).doesNotContain("cf-turnstile-response")
                .doesNotContain(CLIENT_IP);
    }

    @Test
    void aFetchPostWithAPassingTokenIsCreatedAndItsRetryAnsweredAsBeforeWithoutAskingAgain() throws Exception {
        FormCaptureHandler handler = handler(PASSING_SECRET);
        JsonNode body = fields().put("email", "lena.retry@beispiel-handel.de").put("cf-turnstile-response", DUMMY_TOKEN);
        int asked = siteverify.received().size();

        APIGatewayV2HTTPResponse first = post(handler, FormPosts.to("sweepstake").json(body)
                .header("origin", PAGE).header("idempotency-key", "sw-1").event());
        APIGatewayV2HTTPResponse retry = post(handler, FormPosts.to("sweepstake").json(body)
                .header("origin", PAGE).header("idempotency-key", "sw-1").event());

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(202);
        assertThat(retry.getStatusCode()).isEqualTo(202);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(siteverify.received()).as("a spent token is not sent again").hasSize(asked + 1);
        assertThat(onlyLead().interactionCount()).isEqualTo(1);
    }

    @Test
    void aSecretWithATrailingNewlineStillPasses() throws Exception {
        Secrets secrets = Secrets.of(Map.of("CAPTCHA_SECRET", PASSING_SECRET + "\n"));
        FormCaptureHandler handler = handler(FormCatalog.bundled(),
                new SiteverifyClient(siteverify.url(), () -> secrets.require("CAPTCHA_SECRET")));

        APIGatewayV2HTTPResponse r = post(handler, browserPostWithToken("lena.newline@beispiel-handel.de", DUMMY_TOKEN));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(303);
        assertThat(siteverify.received().getLast()).containsEntry("secret", PASSING_SECRET);
        assertThat(onlyLead().profile().email()).isEqualTo("lena.newline@beispiel-handel.de");
    }

    @Test
    void aTokenSolvedOnAHostTheFormDoesNotAllowIs403() throws Exception {
        String site = "https://www.beispiel-gewinnspiel.de";
        FormCatalog forms = bundledWith("  sweepstake:\n    interactionType: sweepstake\n",
                "  sweepstake:\n    interactionType: sweepstake\n    allowedOrigins: [ \"" + site + "\" ]\n");
        FormCaptureHandler handler = handler(forms, new SiteverifyClient(siteverify.url(), () -> PASSING_SECRET));

        // The stand-in, like Cloudflare's example, says the widget was solved on localhost.
        APIGatewayV2HTTPResponse r = post(handler, FormPosts.to("sweepstake")
                .urlEncoded("email=lena.host%40beispiel-handel.de&cf-turnstile-response=" + DUMMY_TOKEN)
                .header("origin", site).event());

        assertThat(r.getStatusCode()).isEqualTo(403);
        assertThat(json(r).path("error").asText()).isEqualTo("captcha_failed");
        assertThat(r.getHeaders()).containsEntry("access-control-allow-origin", site);
        assertNothingStored();
    }

    @Test
    void aTokenForAnotherActionIs403WhenTheFormNamesItsAction() throws Exception {
        FormCatalog forms = bundledWith("      provider: turnstile\n", "      provider: turnstile\n      action: gewinnspiel\n");
        FormCaptureHandler handler = handler(forms, new SiteverifyClient(siteverify.url(), () -> PASSING_SECRET));

        assertRefused(post(handler, browserPostWithToken("lena.action@beispiel-handel.de", DUMMY_TOKEN)), 403, "captcha_failed");
        assertNothingStored();
    }

    /** Verifiers that cannot answer: nothing listening, an error status, too slow, no secret to send. */
    static List<CaptchaVerifier> unavailableVerifiers(URI slow, URI failing) {
        Supplier<String> secret = () -> PASSING_SECRET;
        return List.of(
                new SiteverifyClient(URI.create("http://127.0.0.1:" + MotoServer.freePort() + SiteverifyStandIn.PATH), secret),
                new SiteverifyClient(failing, secret),
                new SiteverifyClient(slow, secret, Duration.ofMillis(300)),
                new SiteverifyClient(siteverify.url(), () -> Secrets.of(Map.of()).require("CAPTCHA_SECRET")),
                CaptchaVerifier.NONE);
    }

    @Test
    void verifierDownWithRejectIs503WithRetryAfterAndNothingIsStored() throws Exception {
        try (Misbehaving slow = Misbehaving.slow(); Misbehaving failing = Misbehaving.failing()) {
            int n = 0;
            for (CaptchaVerifier verifier : unavailableVerifiers(slow.url(), failing.url())) {
                APIGatewayV2HTTPResponse r = post(handler(FormCatalog.bundled(), verifier),
                        browserPostWithToken("lena.down" + n++ + "@beispiel-handel.de", DUMMY_TOKEN));

                assertRefused(r, 503, "captcha_unavailable");
                assertThat(r.getHeaders()).containsEntry("retry-after", "5");
            }
        }
        assertNothingStored();
    }

    @Test
    void verifierDownWithAcceptStoresTheSubmissionUnchecked() throws Exception {
        FormCatalog accepting = acceptingWhileUnavailable();
        try (Misbehaving slow = Misbehaving.slow(); Misbehaving failing = Misbehaving.failing()) {
            int n = 0;
            for (CaptchaVerifier verifier : unavailableVerifiers(slow.url(), failing.url())) {
                String email = "lena.accept" + n++ + "@beispiel-handel.de";
                APIGatewayV2HTTPResponse r = post(handler(accepting, verifier), browserPostWithToken(email, DUMMY_TOKEN));

                assertThat(r.getStatusCode()).as(email + ": " + r.getBody()).isEqualTo(303);
                Lead lead = store.reads().findLead(store.reads().findLeadIdByEmail(email).orElseThrow()).orElseThrow();
                assertThat(lead.interactions()).extracting(i -> i.type().wireName()).containsExactly("sweepstake");
                assertThat(lead.interactions().get(0).customAnswers()).doesNotContainKey("cf-turnstile-response");
            }
        }
        assertThat(items().toString()).doesNotContain(DUMMY_TOKEN);
    }

    @Test
    void acceptWhileUnavailableDoesNotLetAFailingTokenThrough() throws Exception {
        FormCaptureHandler handler = handler(acceptingWhileUnavailable(),
                new SiteverifyClient(siteverify.url(), () -> FAILING_SECRET));

        assertRefused(post(handler, browserPostWithToken("lena.acceptfail@beispiel-handel.de", DUMMY_TOKEN)), 403, "captcha_failed");
        assertRefused(post(handler, browserPost("lena.acceptnone@beispiel-handel.de", "")), 403, "captcha_failed");
        assertNothingStored();
    }

    @Test
    void aFilledHoneypotIsAnsweredAsAcceptedWithoutAskingTheProvider() {
        int asked = siteverify.received().size();

        APIGatewayV2HTTPResponse r = post(handler(PASSING_SECRET),
                browserPost("bot@spam.example", "&_gotcha=http%3A%2F%2Fspam.example"));

        assertThat(r.getStatusCode()).isEqualTo(303);
        assertNothingStored();
        assertThat(siteverify.received()).hasSize(asked);
    }

    @Test
    void formsWithoutABotCheckNeverAskTheProvider() {
        int asked = siteverify.received().size();

        APIGatewayV2HTTPResponse r = post(handler(FAILING_SECRET), FormPosts.to("contact")
                .json(fields().put("email", "kontakt@beispiel-handel.de").put("cf-turnstile-response", DUMMY_TOKEN)).event());

        assertThat(r.getStatusCode()).isEqualTo(202);
        assertThat(siteverify.received()).hasSize(asked);
        assertThat(onlyLead().interactions().get(0).customAnswers()).isEmpty();
    }

    @Test
    void theSampleEventPassesWithCloudflaresTestSecret() throws Exception {
        APIGatewayV2HTTPEvent sample = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(RepoLayout.root().resolve("events/form-sweepstake-urlencoded.json").toFile(), APIGatewayV2HTTPEvent.class);

        APIGatewayV2HTTPResponse r = post(handler(PASSING_SECRET), sample);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(303);
        assertThat(siteverify.received().getLast()).containsEntry("remoteip", "198.51.100.42");
        Lead lead = onlyLead();
        assertThat(lead.profile().email()).isEqualTo("lena.vogel@beispiel-handel.de");
        assertThat(lead.interactions().get(0).type().wireName()).isEqualTo("sweepstake");
        assertThat(lead.interactions().get(0).attribution().utmCampaign()).isEqualTo("gewinnspiel-2026");
    }

    @Test
    void theFunctionDoesNotStartWithoutASecretWhileAFormRequiresABotCheck() {
        FormCatalog forms = FormCatalog.bundled();

        assertThatThrownBy(() -> FormCaptureHandler.captchaVerifier(forms, Secrets.of(Map.of())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("CAPTCHA_SECRET_PARAMETER");
        assertThat(FormCaptureHandler.captchaVerifier(forms,
                Secrets.of(Map.of("CAPTCHA_SECRET_PARAMETER", "/lead-capture/captcha/secret")))).isNotNull();
        assertThat(FormCaptureHandler.captchaVerifier(forms, Secrets.of(Map.of("CAPTCHA_SECRET", PASSING_SECRET)))).isNotNull();
    }

    /** A siteverify endpoint that answers 500, or only after a second. */
    record Misbehaving(HttpServer server, ExecutorService pool) implements AutoCloseable {
        static Misbehaving failing() throws IOException {
            return start(0, 500);
        }

        static Misbehaving slow() throws IOException {
            return start(1000, 200);
        }

        static Misbehaving start(long delayMillis, int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    Thread.sleep(delayMillis);
                    byte[] body = "{\"success\":true,\"hostname\":\"localhost\",\"error-codes\":[]}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, body.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(body);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException clientGaveUp) {
                    // the client's timeout closed the connection
                }
            });
            ExecutorService pool = Executors.newCachedThreadPool();
            server.setExecutor(pool);
            server.start();
            return new Misbehaving(server, pool);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SiteverifyStandIn.PATH);
        }

        @Override
        public void close() {
            server.stop(0);
            pool.shutdownNow();
        }
    }
}

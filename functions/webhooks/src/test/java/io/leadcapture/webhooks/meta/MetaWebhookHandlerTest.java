package io.leadcapture.webhooks.meta;

import static io.leadcapture.webhooks.meta.MetaPayloads.graphLead;
import static io.leadcapture.webhooks.meta.MetaPayloads.joergLead;
import static io.leadcapture.webhooks.meta.MetaPayloads.joseLead;
import static io.leadcapture.webhooks.meta.MetaPayloads.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.webhooks.FakePlatformServer;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Meta Lead Ads webhook against moto over the wire and a Graph API played by a local HTTP server. */
class MetaWebhookHandlerTest extends WebhookTestSupport {
    static final String APP_SECRET = "meta-test-app-secret";
    static final String VERIFY_TOKEN = "meta-test-verify-token";
    static final String ACCESS_TOKEN = "meta-test-page-access-token";
    static final String ROUTE = "/webhooks/meta";
    static final String JOSE = "1487263509812345678"; // 19 digits: beyond double's exact range; graph-lead-jose.json
    static final String JOERG = "1487263509812345679"; // graph-lead-joerg.json
    static final String THIRD = "1487263509812345680";

    FakePlatformServer graph;
    MetaWebhookHandler handler;

    @BeforeEach
    void fresh() {
        graph = new FakePlatformServer();
        handler = handler(store);
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    MetaWebhookHandler handler(LeadStore s) {
        return handler(s, PATIENT);
    }

    MetaWebhookHandler handler(LeadStore s, FetchLimits limits) {
        return new MetaWebhookHandler(capture(s), secrets(), new HttpMetaGraphApi(graph.url(), "v25.0", () -> ACCESS_TOKEN,
                limits), "DE");
    }

    static WebhookSecrets secrets() {
        return WebhookSecrets.of(Map.of("META_APP_SECRET", APP_SECRET, "META_VERIFY_TOKEN", VERIFY_TOKEN));
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("MetaWebhookFunction", 10));
    }

    static APIGatewayV2HTTPEvent signed(String body) {
        return postEvent(ROUTE, body, Map.of("x-hub-signature-256", "sha256=" + hmacHex(APP_SECRET, utf8(body))));
    }

    Lead leadWith(String leadgenId) {
        return leads().stream().filter(l -> l.interactions().stream()
                .anyMatch(i -> leadgenId.equals(i.sourceIds().get("leadgen_id")))).findFirst().orElseThrow();
    }

    static String path(String leadgenId) {
        return "/v25.0/" + leadgenId;
    }

    @Test
    void verificationEchoesTheChallengeAsPlainText() {
        APIGatewayV2HTTPResponse ok = call(getEvent(ROUTE,
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN));
        assertThat(ok.getStatusCode()).isEqualTo(200);
        assertThat(ok.getHeaders().get("content-type")).startsWith("text/plain");
        assertThat(ok.getBody()).isEqualTo("1158201444");

        for (String query : List.of("hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong",
                "hub.mode=subscribe&hub.challenge=1158201444",
                "hub.mode=unsubscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN,
                "hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN,
                "")) {
            APIGatewayV2HTTPResponse refused = call(getEvent(ROUTE, query));
            assertThat(refused.getStatusCode()).as(query).isEqualTo(403);
            assertThat(refused.getBody()).doesNotContain("1158201444");
        }
        assertThat(items()).isEmpty();
        assertThat(graph.requests()).isEmpty();
    }

    @Test
    void batchOfTwoLeadgenChangesIsFetchedAndRecordedWithExactIdsAndUmlauts() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()))
                .on(path(JOERG), FakePlatformServer.Reply.json(joergLead()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE, JOERG)));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(json(r).path("received").asInt()).isEqualTo(2);
        assertThat(json(r).path("recorded").asInt()).isEqualTo(2);
        assertThat(leads()).hasSize(2);

        Lead jose = leadWith(JOSE);
        assertThat(jose.profile().firstName()).isEqualTo("José");
        assertThat(jose.profile().lastName()).isEqualTo("Müller");
        assertThat(jose.profile().email()).isEqualTo("jose.mueller@example-bau.de");
        assertThat(jose.profile().phone()).isEqualTo("+4915123456789");
        assertThat(jose.profile().company()).isEqualTo("Müller Bau GmbH");
        assertThat(jose.profile().jobTitle()).isEqualTo("Geschäftsführer");
        assertThat(jose.profile().country()).isEqualTo("DE");
        assertThat(jose.profile().postalCode()).isEqualTo("50667");
        assertThat(jose.test()).isFalse();
        Interaction i = jose.interactions().get(0);
        assertThat(i.type()).isEqualTo(InteractionType.AD_LEAD);
        assertThat(i.channel()).isEqualTo("meta");
        assertThat(i.occurredAt()).isEqualTo(Instant.parse("2026-11-26T18:04:11Z"));
        assertThat(i.sourceIds()).containsEntry("leadgen_id", JOSE)
                .containsEntry("page_id", "109876543210987")
                .containsEntry("form_id", "1029384756123456")
                .containsEntry("ad_id", "120212345678901234")
                .containsEntry("adgroup_id", "120212345678901234")
                .containsEntry("adset_id", "120212345678900000")
                .containsEntry("campaign_id", "120212345678800000")
                .containsEntry("is_organic", "false");
        assertThat(i.customAnswers()).containsEntry("wie_viele_mitarbeiter_haben_sie?", List.of("51-250"))
                .containsEntry("disclaimer:marketing_optin", List.of("1"))
                .containsEntry("consent_answer", List.of("Ja"));
        // a platform's checkbox answer is kept as an answer, not turned into consent with evidence
        assertThat(i.consent().status().wireName()).isEqualTo("none");

        Lead joerg = leadWith(JOERG);
        assertThat(joerg.profile().firstName()).isEqualTo("Jörg");
        assertThat(joerg.profile().lastName()).isEqualTo("Weiß");
        assertThat(joerg.profile().city()).isEqualTo("Köln");
        assertThat(joerg.interactions().get(0).sourceIds()).containsEntry("is_organic", "true")
                .containsEntry("leadgen_id", JOERG);

        // the Graph API was asked for exactly these ids, with the token and the lead fields
        assertThat(graph.requests()).extracting(FakePlatformServer.Seen::path)
                .containsExactlyInAnyOrder(path(JOSE), path(JOERG));
        assertThat(graph.requests()).allSatisfy(s -> {
            assertThat(s.query()).contains("access_token=" + ACCESS_TOKEN).contains("fields=");
            assertThat(s.method()).isEqualTo("GET");
        });
    }

    @Test
    void rawBodyIsVerifiedNotItsReserialisation() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        // pretty-printed, with unicode escapes in an unrelated change of the same page: as Meta sends it
        String body = """
                {
                  "object" : "page",
                  "entry" : [ {
                    "id" : 109876543210987,
                    "time" : 1795716253,
                    "changes" : [ {
                      "field" : "feed",
                      "value" : { "message" : "Caf\\u00e9 M\\u00fcller \\u2013 Gr\\u00fc\\u00dfe" }
                    }, {
                      "field" : "leadgen",
                      "value" : { "leadgen_id" : %s,
                        "page_id" : 109876543210987, "form_id" : 1029384756123456, "created_time" : 1795716251 }
                    } ]
                  } ]
                }
                """.formatted(JOSE);
        String reserialised = Json.write(Json.MAPPER.readTree(body));
        assertThat(hmacHex(APP_SECRET, utf8(reserialised))).isNotEqualTo(hmacHex(APP_SECRET, utf8(body)));

        APIGatewayV2HTTPResponse r = call(signed(body));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(json(r).path("received").asInt()).as("the feed change is not a lead").isEqualTo(1);
        assertThat(leadWith(JOSE).profile().firstName()).isEqualTo("José");
    }

    @Test
    void base64EncodedBodyVerifies() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        APIGatewayV2HTTPEvent event = base64(signed(notification(JOSE)));
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayV2HTTPResponse r = call(event);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(leads()).hasSize(1);
    }

    @Test
    void tamperedOrUnsignedBodiesAreRefusedAndNothingIsStored() {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        String body = notification(JOSE);
        String good = "sha256=" + hmacHex(APP_SECRET, utf8(body));
        List<APIGatewayV2HTTPEvent> refused = List.of(
                postEvent(ROUTE, body.replace(JOSE, JOERG), Map.of("x-hub-signature-256", good)),
                postEvent(ROUTE, body + " ", Map.of("x-hub-signature-256", good)),
                postEvent(ROUTE, body, Map.of()),
                postEvent(ROUTE, body, Map.of("x-hub-signature-256", good.substring("sha256=".length()))),
                postEvent(ROUTE, body, Map.of("x-hub-signature-256", "sha1=" + good.substring(7))),
                postEvent(ROUTE, body, Map.of("x-hub-signature-256",
                        "sha256=" + hmacHex("another-app-secret", utf8(body)))),
                postEvent(ROUTE, body, Map.of("x-hub-signature-256", "sha256=")));
        for (APIGatewayV2HTTPEvent e : refused) {
            APIGatewayV2HTTPResponse r = call(e);
            assertThat(r.getStatusCode()).as(String.valueOf(e.getHeaders())).isEqualTo(401);
        }
        assertThat(items()).isEmpty();
        assertThat(graph.requests()).as("nothing is fetched for an unverified body").isEmpty();
        // upper-case hex from a sender is the same signature
        assertThat(call(postEvent(ROUTE, body, Map.of("x-hub-signature-256",
                "sha256=" + good.substring(7).toUpperCase()))).getStatusCode()).isEqualTo(200);
    }

    @Test
    void redeliveryIsRecordedOnce() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        APIGatewayV2HTTPResponse first = call(signed(notification(JOSE)));
        APIGatewayV2HTTPResponse again = call(signed(notification(JOSE)));
        // the same change twice in one batch counts once as well
        APIGatewayV2HTTPResponse doubled = call(signed(notification(JOSE, JOSE)));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(json(first).path("recorded").asInt()).isEqualTo(1);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).path("recorded").asInt()).isZero();
        assertThat(json(again).path("duplicates").asInt()).isEqualTo(1);
        assertThat(doubled.getStatusCode()).isEqualTo(200);
        assertThat(json(doubled).path("duplicates").asInt()).isEqualTo(2);
        assertThat(leads()).hasSize(1);
        assertThat(interactions()).isEqualTo(1);
        assertThat(leads().get(0).interactionCount()).isEqualTo(1);
    }

    @Test
    void personWhoFilledAWebFormEarlierIsMergedIntoTheSameLead() {
        CaptureResult earlier = capture(store).capture(CaptureCommand.platformLead(
                CaptureCommand.platformChannel("web_form", InteractionType.CONTACT_FORM, "DE"),
                new FormFields().add("email", "joerg.weiss@mueller-soehne.de").add("company", "Müller & Söhne GmbH"),
                Map.of(), Instant.parse("2026-11-20T10:00:00Z"), false, "web-form-1"));
        graph.on(path(JOERG), FakePlatformServer.Reply.json(joergLead()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOERG)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        List<Lead> leads = leads();
        assertThat(leads).hasSize(1);
        Lead lead = leads.get(0);
        assertThat(lead.leadId()).isEqualTo(earlier.leadId());
        assertThat(lead.interactionCount()).isEqualTo(2);
        assertThat(lead.interactions()).extracting(Interaction::channel).containsExactly("web_form", "meta");
        assertThat(lead.profile().company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.lastTouch().channel()).isEqualTo("meta");
    }

    @Test
    void graphOutageAnswers503StoresNothingAndTheRedeliveryStoresTheLeadOnce() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        graph.on(path(JOSE), s -> down.get()
                ? FakePlatformServer.Reply.status(500, """
                        {"error":{"message":"An unexpected error has occurred.","type":"OAuthException","code":2,\
                        "is_transient":true}}""")
                : FakePlatformServer.Reply.json(joseLead()));
        String body = notification(JOSE);

        APIGatewayV2HTTPResponse during = call(signed(body));

        assertThat(during.getStatusCode()).isEqualTo(503);
        assertThat(during.getHeaders()).containsKey("retry-after");
        assertThat(json(during).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).as("nothing half-stored").isEmpty();
        assertThat(graph.count(path(JOSE))).as("bounded retries").isEqualTo(FAST.maxAttempts());

        down.set(false);
        APIGatewayV2HTTPResponse redelivered = call(signed(body));
        APIGatewayV2HTTPResponse redeliveredAgain = call(signed(body));

        assertThat(redelivered.getStatusCode()).isEqualTo(200);
        assertThat(json(redelivered).path("recorded").asInt()).isEqualTo(1);
        assertThat(redeliveredAgain.getStatusCode()).isEqualTo(200);
        assertThat(leads()).hasSize(1);
        assertThat(interactions()).isEqualTo(1);
        assertThat(leads().get(0).profile().firstName()).isEqualTo("José");
    }

    @Test
    void slowGraphBeyondTheTimeoutIs503WithinSeconds() {
        handler = handler(store, FAST);
        graph.on(path(JOSE), FakePlatformServer.Reply.slow(10_000, joseLead()));
        long start = System.nanoTime();

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(millis).as("bounded by attempts × timeout + backoff, not the slow platform").isLessThan(6000);
        assertThat(items()).isEmpty();
    }

    @Test
    void permissionErrorIsNotRetriedInProcessButAnswered503SoMetaRedelivers() {
        graph.on(path(JOSE), FakePlatformServer.Reply.status(400, """
                {"error":{"message":"Unsupported get request.","type":"GraphMethodException","code":100,"error_subcode":33}}"""));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(graph.count(path(JOSE))).isEqualTo(1);
        assertThat(items()).isEmpty();
    }

    @Test
    void batchWithOneFailingLeadStoresTheOthersAnd503sThenTheRetryRecordsNothingTwice() throws Exception {
        AtomicBoolean thirdDown = new AtomicBoolean(true);
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()))
                .on(path(JOERG), FakePlatformServer.Reply.json(joergLead()))
                .on(path(THIRD), s -> thirdDown.get() ? FakePlatformServer.Reply.status(503, "")
                        : FakePlatformServer.Reply.json(graphLead(THIRD, "2026-11-26T18:06:00+0000")
                                .field("email", "anna@beispiel-gmbh.de").field("full_name", "Anna Schmidt").json()));
        String body = notification(JOSE, JOERG, THIRD);

        APIGatewayV2HTTPResponse first = call(signed(body));

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(leads()).hasSize(2);
        assertThat(interactions()).isEqualTo(2);

        thirdDown.set(false);
        APIGatewayV2HTTPResponse retry = call(signed(body));

        assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(200);
        assertThat(json(retry).path("recorded").asInt()).isEqualTo(1);
        assertThat(json(retry).path("duplicates").asInt()).isEqualTo(2);
        assertThat(leads()).hasSize(3);
        assertThat(interactions()).isEqualTo(3);
        assertThat(leads()).allSatisfy(l -> assertThat(l.interactionCount()).isEqualTo(1));
    }

    @Test
    void unreachableDynamoDbGives503AndNothingIsStored() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        MetaWebhookHandler broken = handler(unreachableStore());

        APIGatewayV2HTTPResponse r = broken.handleRequest(signed(notification(JOSE)),
                new LocalContext("MetaWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }

    @Test
    void invalidPhoneNextToAValidEmailKeepsTheLeadAndTheNumberAsEntered() {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(graphLead(JOSE, "2026-11-26T18:04:11+0000")
                .field("email", "kai@beispiel-gmbh.de").field("phone_number", "12").field("country", "Atlantis").json()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        Lead lead = leadWith(JOSE);
        assertThat(lead.profile().email()).isEqualTo("kai@beispiel-gmbh.de");
        assertThat(lead.profile().phone()).isNull();
        assertThat(lead.interactions().get(0).customAnswers()).containsEntry("phone_as_entered", List.of("12"))
                .containsEntry("country_as_entered", List.of("Atlantis"));
    }

    @Test
    void undeliverableEmailNextToAValidPhoneIsSetAsideAndTheLeadKept() {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(graphLead(JOSE, "2026-11-26T18:04:11+0000")
                .field("email", "jörg.ascii-test@firma.de").field("phone_number", "+49 221 1234567")
                .field("full_name", "Jörg Weiß").json()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        Lead lead = leadWith(JOSE);
        assertThat(lead.profile().email()).isNull();
        assertThat(lead.profile().phone()).isEqualTo("+492211234567");
        assertThat(lead.interactions().get(0).customAnswers())
                .containsEntry("email_as_entered", List.of("jörg.ascii-test@firma.de"));
        assertThat(items()).filteredOn(i -> "identity".equals(i.get("itemType").s()))
                .extracting(i -> i.get("pk").s()).containsExactly("PHONE#+492211234567");
    }

    @Test
    void undeliverableEmailAsTheOnlyContactIsRejectedAndNothingStored() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(graphLead(JOSE, "2026-11-26T18:04:11+0000")
                .field("email", "jörg@firma.de").field("full_name", "Jörg Weiß").json()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("rejected").asInt()).isEqualTo(1);
        assertThat(items()).isEmpty();
    }

    @Test
    void secretsWithATrailingNewlineStillVerify() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(joseLead()));
        // the app secret from an SSM SecureString pasted with a line break, the verify token from an env file
        MetaWebhookHandler pasted = new MetaWebhookHandler(capture(store), new WebhookSecrets(
                Map.of("META_APP_SECRET_PARAMETER", "/lead-capture/meta-app-secret", "META_VERIFY_TOKEN", VERIFY_TOKEN + "\n")::get,
                name -> APP_SECRET + "\n"), new HttpMetaGraphApi(graph.url(), "v25.0", () -> ACCESS_TOKEN, FAST), "DE");

        APIGatewayV2HTTPResponse verify = pasted.handleRequest(getEvent(ROUTE,
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY_TOKEN),
                new LocalContext("MetaWebhookFunction", 10));
        APIGatewayV2HTTPResponse delivery = pasted.handleRequest(signed(notification(JOSE)),
                new LocalContext("MetaWebhookFunction", 10));

        assertThat(verify.getStatusCode()).isEqualTo(200);
        assertThat(verify.getBody()).isEqualTo("1158201444");
        assertThat(delivery.getStatusCode()).as(delivery.getBody()).isEqualTo(200);
        assertThat(json(delivery).path("recorded").asInt()).isEqualTo(1);
        assertThat(leadWith(JOSE).profile().firstName()).isEqualTo("José");
    }

    @Test
    void leadWithoutAnyContactIsAcknowledgedAsRejected() throws Exception {
        graph.on(path(JOSE), FakePlatformServer.Reply.json(graphLead(JOSE, "2026-11-26T18:04:11+0000")
                .field("full_name", "Nur Ein Name").json()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE)));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("rejected").asInt()).isEqualTo(1);
        assertThat(items()).isEmpty();
    }

    @Test
    void leadgenChangesWithoutAUsableIdAreAcknowledgedAndNotFetched() throws Exception {
        String body = """
                {"object":"page","entry":[{"id":1,"time":2,"changes":[\
                {"field":"leadgen","value":{"leadgen_id":"../me/accounts"}},\
                {"field":"leadgen","value":{"page_id":1}}]}]}""";

        APIGatewayV2HTTPResponse r = call(signed(body));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("ignored").asInt()).isEqualTo(2);
        assertThat(graph.requests()).isEmpty();
        assertThat(items()).isEmpty();
    }

    @Test
    void signedButMalformedBodyIs400AndOtherMethodsAre405() {
        String body = "{\"object\":\"page\",\"entry\":";
        assertThat(call(signed(body)).getStatusCode()).isEqualTo(400);
        assertThat(call(signed("[1,2]")).getStatusCode()).isEqualTo(400);
        APIGatewayV2HTTPEvent put = signed(notification(JOSE));
        put.getRequestContext().getHttp().setMethod("PUT");
        assertThat(call(put).getStatusCode()).isEqualTo(405);
        assertThat(items()).isEmpty();
    }

    @Test
    void missingAppSecretIsARetryable503NotAnAcceptance() {
        MetaWebhookHandler unconfigured = new MetaWebhookHandler(capture(store), WebhookSecrets.of(Map.of()),
                new HttpMetaGraphApi(graph.url(), "v25.0", () -> ACCESS_TOKEN, FAST), "DE");
        APIGatewayV2HTTPResponse r = unconfigured.handleRequest(signed(notification(JOSE)),
                new LocalContext("MetaWebhookFunction", 10));
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getBody()).doesNotContain(APP_SECRET);
        assertThat(items()).isEmpty();
    }
}

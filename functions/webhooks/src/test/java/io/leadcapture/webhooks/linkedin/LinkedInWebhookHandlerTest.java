package io.leadcapture.webhooks.linkedin;

import static io.leadcapture.webhooks.linkedin.LinkedInPayloads.form;
import static io.leadcapture.webhooks.linkedin.LinkedInPayloads.joergResponse;
import static io.leadcapture.webhooks.linkedin.LinkedInPayloads.joseResponse;
import static io.leadcapture.webhooks.linkedin.LinkedInPayloads.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.webhooks.FakePlatformServer.Reply;
import io.leadcapture.webhooks.FakePlatformServer;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LinkedIn Lead Sync webhook against moto over the wire and LinkedIn's API played by a local HTTP server. */
class LinkedInWebhookHandlerTest extends WebhookTestSupport {
    static final String CLIENT_SECRET = "linkedin-test-client-secret";
    static final String ACCESS_TOKEN = "linkedin-test-access-token";
    static final String ROUTE = "/webhooks/linkedin";
    static final String JOSE = "a9a29e52-c0a3-42e3-8af1-2fc83b697003-4"; // form-response-jose.json
    static final String JOERG = "249592fc-d272-44ba-a7db-c2bdce579507-6"; // form-response-joerg.json
    static final String FORM_URN = "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)"; // lead-form-7234246.json

    FakePlatformServer linkedin;
    LinkedInWebhookHandler handler;

    @BeforeEach
    void fresh() {
        linkedin = new FakePlatformServer();
        handler = handler(store);
    }

    @AfterEach
    void stop() {
        linkedin.close();
    }

    LinkedInWebhookHandler handler(LeadStore s) {
        return handler(s, PATIENT);
    }

    LinkedInWebhookHandler handler(LeadStore s, FetchLimits limits) {
        return new LinkedInWebhookHandler(capture(s), WebhookSecrets.of(Map.of("LINKEDIN_CLIENT_SECRET", CLIENT_SECRET)),
                new HttpLinkedInLeadApi(linkedin.url(), "202601", () -> ACCESS_TOKEN, limits), "DE");
    }

    APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("LinkedInWebhookFunction", 10));
    }

    static APIGatewayV2HTTPEvent signed(String body) {
        return postEvent(ROUTE, body, Map.of("x-li-signature", signature(body)));
    }

    /** hex(HMAC-SHA256(clientSecret, "hmacsha256=" + body)), LinkedIn's signature of a notification. */
    static String signature(String body) {
        return hmacHex(CLIENT_SECRET, utf8("hmacsha256="), utf8(body));
    }

    static String responsePath(String id) {
        return "/rest/leadFormResponses/" + id;
    }

    static final String FORM_PATH = "/rest/leadForms/7234246";

    @Test
    void challengeIsAnsweredWithTheHmacOfTheCodeWithoutTouchingDynamoDb() throws Exception {
        LinkedInWebhookHandler noStore = handler(unreachableStore());
        String code = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
        long start = System.nanoTime();

        APIGatewayV2HTTPResponse r = noStore.handleRequest(getEvent(ROUTE, "challengeCode=" + code),
                new LocalContext("LinkedInWebhookFunction", 10));

        assertThat((System.nanoTime() - start) / 1_000_000).as("well within LinkedIn's 3 s").isLessThan(1000);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders().get("content-type")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.path("challengeCode").asText()).isEqualTo(code);
        assertThat(body.path("challengeResponse").asText()).isEqualTo(hmacHex(CLIENT_SECRET, utf8(code)))
                .matches("[0-9a-f]{64}");
        assertThat(call(getEvent(ROUTE, "")).getStatusCode()).isEqualTo(400);
        assertThat(linkedin.requests()).isEmpty();
    }

    @Test
    void challengeCannotBeUsedToSignANotification() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        String forged = notification(JOSE, "CREATED");
        // X-LI-Signature is HMAC(secret, "hmacsha256=" + body): the answer to this code would be a valid signature
        String code = "hmacsha256=" + forged;
        assertThat(hmacHex(CLIENT_SECRET, utf8(code))).isEqualTo(signature(forged));

        APIGatewayV2HTTPResponse r = call(getEvent(ROUTE, "challengeCode=" + URLEncoder.encode(code, StandardCharsets.UTF_8)));

        assertThat(r.getStatusCode()).isEqualTo(400);
        assertThat(r.getHeaders().get("content-type")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo("invalid_challenge");
        assertThat(body.path("message").asText()).contains("UUID");
        assertThat(body.path("fields").path("challengeCode").asText()).isEqualTo("not a UUID");
        assertThat(body.has("challengeResponse")).isFalse();
        assertThat(r.getBody()).doesNotContain(signature(forged)).doesNotContainPattern("[0-9a-f]{64}");
        // without the oracle's answer the forged notification is refused and nothing is fetched or stored
        APIGatewayV2HTTPResponse post = call(postEvent(ROUTE, forged, Map.of("x-li-signature", "hmacsha256=" + "0".repeat(64))));
        assertThat(post.getStatusCode()).isEqualTo(401);
        assertThat(items()).isEmpty();
        assertThat(linkedin.requests()).isEmpty();
    }

    @Test
    void onlyAUuidChallengeCodeIsAnswered() throws Exception {
        String uuid = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
        for (String code : List.of("x", "hmacsha256=" + uuid, uuid + "x", "x" + uuid, uuid + "\n", "{" + uuid + "}",
                uuid.replace("-", ""), "890e4665-4dfe-4ab1-b689-ed553bceeedg", "890e4665_4dfe_4ab1_b689_ed553bceeed0",
                "{\"type\":\"LEAD_ACTION\"}")) {
            APIGatewayV2HTTPResponse r = call(getEvent(ROUTE, "challengeCode=" + URLEncoder.encode(code, StandardCharsets.UTF_8)));

            assertThat(r.getStatusCode()).as(code).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(code).isEqualTo("invalid_challenge");
            assertThat(r.getBody()).as(code).doesNotContain(hmacHex(CLIENT_SECRET, utf8(code)));
        }
        APIGatewayV2HTTPResponse upper = call(getEvent(ROUTE, "challengeCode=" + uuid.toUpperCase()));
        assertThat(upper.getStatusCode()).isEqualTo(200);
        assertThat(json(upper).path("challengeResponse").asText()).isEqualTo(hmacHex(CLIENT_SECRET, utf8(uuid.toUpperCase())));
        assertThat(items()).isEmpty();
    }

    @Test
    void clientSecretWithATrailingNewlineStillAnswersAndVerifies() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        // as read from an SSM SecureString that was pasted with a line break
        LinkedInWebhookHandler pasted = new LinkedInWebhookHandler(capture(store),
                new WebhookSecrets(Map.of("LINKEDIN_CLIENT_SECRET_PARAMETER", "/lead-capture/linkedin-client-secret")::get,
                        name -> CLIENT_SECRET + "\n"),
                new HttpLinkedInLeadApi(linkedin.url(), "202601", () -> ACCESS_TOKEN, FAST), "DE");
        String code = "890e4665-4dfe-4ab1-b689-ed553bceeed0";

        APIGatewayV2HTTPResponse challenge = pasted.handleRequest(getEvent(ROUTE, "challengeCode=" + code),
                new LocalContext("LinkedInWebhookFunction", 10));
        APIGatewayV2HTTPResponse delivery = pasted.handleRequest(signed(notification(JOSE, "CREATED")),
                new LocalContext("LinkedInWebhookFunction", 10));

        assertThat(challenge.getStatusCode()).isEqualTo(200);
        assertThat(json(challenge).path("challengeResponse").asText()).isEqualTo(hmacHex(CLIENT_SECRET, utf8(code)));
        assertThat(delivery.getStatusCode()).as(delivery.getBody()).isEqualTo(200);
        assertThat(json(delivery).path("recorded").asInt()).isEqualTo(1);
        assertThat(leads()).singleElement().satisfies(l -> assertThat(l.profile().email()).isEqualTo("jose.mueller@example-bau.de"));
    }

    @Test
    void notificationIsFetchedJoinedToItsFormAndRecorded() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE, "CREATED")));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(json(r).path("recorded").asInt()).isEqualTo(1);
        List<Lead> leads = leads();
        assertThat(leads).hasSize(1);
        Lead lead = leads.get(0);
        assertThat(lead.profile().firstName()).isEqualTo("José");
        assertThat(lead.profile().lastName()).isEqualTo("Müller");
        assertThat(lead.profile().email()).isEqualTo("jose.mueller@example-bau.de");
        assertThat(lead.profile().phone()).isEqualTo("+492211234567");
        assertThat(lead.profile().company()).isEqualTo("Müller Bau GmbH");
        assertThat(lead.profile().jobTitle()).isEqualTo("Geschäftsführer");
        assertThat(lead.profile().country()).isEqualTo("DE");
        assertThat(lead.test()).isFalse();
        Interaction i = lead.interactions().get(0);
        assertThat(i.type()).isEqualTo(InteractionType.AD_LEAD);
        assertThat(i.channel()).isEqualTo("linkedin");
        assertThat(i.occurredAt()).isEqualTo(Instant.ofEpochMilli(1795716251000L));
        assertThat(i.sourceIds())
                .containsEntry("leadGenFormResponse", "urn:li:leadGenFormResponse:" + JOSE)
                .containsEntry("leadGenForm", FORM_URN)
                .containsEntry("sponsoredAccount", "urn:li:sponsoredAccount:508776543")
                .containsEntry("sponsoredCreative", "urn:li:sponsoredCreative:241257736")
                .containsEntry("campaign", "urn:li:sponsoredCampaign:245678901")
                .containsEntry("leadType", "SPONSORED");
        assertThat(i.customAnswers())
                .containsEntry("Welches Produkt?", List.of("Qualitätsprüfung"))
                .containsEntry("seniority", List.of("Senior"))
                .containsEntry("consent_41", List.of("accepted"))
                .containsEntry("hidden:region", List.of("dach"));
        assertThat(i.attribution().utmCampaign()).isEqualTo("q4-demo");
        assertThat(i.consent().status().wireName()).isEqualTo("none");

        FakePlatformServer.Seen fetch = linkedin.requests().get(0);
        assertThat(fetch.path()).isEqualTo(responsePath(JOSE));
        assertThat(fetch.headers()).containsEntry("authorization", "Bearer " + ACCESS_TOKEN)
                .containsEntry("linkedin-version", "202601")
                .containsEntry("x-restli-protocol-version", "2.0.0");
    }

    @Test
    void signatureHeaderWithPrefixAndUpperCaseHexIsAccepted() throws Exception {
        linkedin.on(responsePath(JOERG), Reply.json(joergResponse())).on(FORM_PATH, Reply.json(form()));
        String body = notification(JOERG, "CREATED");

        APIGatewayV2HTTPResponse r = call(postEvent(ROUTE, body,
                Map.of("x-li-signature", "hmacsha256=" + signature(body).toUpperCase())));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        Lead lead = leads().get(0);
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.profile().lastName()).isEqualTo("Weiß");
        assertThat(lead.test()).as("testLead").isTrue();
        assertThat(lead.interactions().get(0).sourceIds()).containsEntry("leadGenFormResponse",
                "urn:li:leadGenFormResponse:" + JOERG);
    }

    @Test
    void rawBodyIsVerifiedNotItsReserialisation() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        String body = """
                {
                  "type": "LEAD_ACTION",
                  "leadGenFormResponse": "urn:li:leadGenFormResponse:%s",
                  "leadGenForm": "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246, 1)",
                  "owner": { "sponsoredAccount": "urn:li:sponsoredAccount:508776543" },
                  "note": "Caf\\u00e9 \\u2013 M\\u00fcller",
                  "leadType": "SPONSORED",  "leadAction": "CREATED",
                  "occurredAt": 1795716252000
                }
                """.formatted(JOSE);
        assertThat(signature(Json.write(Json.MAPPER.readTree(body)))).isNotEqualTo(signature(body));

        APIGatewayV2HTTPResponse r = call(signed(body));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(leads()).hasSize(1);
        assertThat(leads().get(0).profile().firstName()).isEqualTo("José");
    }

    @Test
    void base64EncodedBodyVerifies() {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        APIGatewayV2HTTPEvent event = base64(signed(notification(JOSE, "CREATED")));

        APIGatewayV2HTTPResponse r = call(event);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(leads()).hasSize(1);
    }

    @Test
    void tamperedOrUnsignedBodiesAreRefusedAndNothingIsStored() {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        String body = notification(JOSE, "CREATED");
        String good = signature(body);
        List<APIGatewayV2HTTPEvent> refused = List.of(
                postEvent(ROUTE, body.replace("508776543", "508776544"), Map.of("x-li-signature", good)),
                postEvent(ROUTE, body, Map.of()),
                postEvent(ROUTE, body, Map.of("x-li-signature", "")),
                // the HMAC of the body alone, without the documented "hmacsha256=" prefix
                postEvent(ROUTE, body, Map.of("x-li-signature", hmacHex(CLIENT_SECRET, utf8(body)))),
                postEvent(ROUTE, body, Map.of("x-li-signature",
                        hmacHex("another-client-secret", utf8("hmacsha256="), utf8(body)))));
        for (APIGatewayV2HTTPEvent e : refused) {
            assertThat(call(e).getStatusCode()).as(String.valueOf(e.getHeaders())).isEqualTo(401);
        }
        assertThat(items()).isEmpty();
        assertThat(linkedin.requests()).isEmpty();
    }

    @Test
    void redeliveryIsRecordedOnceAndTheFormIsFetchedOnce() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        String body = notification(JOSE, "CREATED");

        APIGatewayV2HTTPResponse first = call(signed(body));
        APIGatewayV2HTTPResponse again = call(signed(body));
        APIGatewayV2HTTPResponse third = call(signed(body));

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again).path("duplicates").asInt()).isEqualTo(1);
        assertThat(third.getStatusCode()).isEqualTo(200);
        assertThat(json(third).path("duplicates").asInt()).isEqualTo(1);
        assertThat(interactions()).isEqualTo(1);
        assertThat(leads().get(0).interactionCount()).isEqualTo(1);
        assertThat(linkedin.count(FORM_PATH)).as("a form version's questions are cached").isEqualTo(1);
    }

    @Test
    void personWhoFilledAWebFormEarlierIsMergedIntoTheSameLead() {
        CaptureResult earlier = capture(store).capture(CaptureCommand.platformLead(
                CaptureCommand.platformChannel("web_form", InteractionType.DEMO_REQUEST, "DE"),
                new FormFields().add("email", "Jose.Mueller@example-bau.de").add("message", "Bitte um R\u00fcckruf"),
                Map.of(), Instant.parse("2026-11-20T10:00:00Z"), false, "web-form-7"));
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));

        APIGatewayV2HTTPResponse r = call(signed(notification(JOSE, "CREATED")));

        assertThat(r.getStatusCode()).isEqualTo(200);
        List<Lead> leads = leads();
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).leadId()).isEqualTo(earlier.leadId());
        assertThat(leads.get(0).interactionCount()).isEqualTo(2);
        assertThat(leads.get(0).interactions()).extracting(Interaction::channel).containsExactly("web_form", "linkedin");
        assertThat(leads.get(0).profile().jobTitle()).isEqualTo("Geschäftsführer");
    }

    @Test
    void apiOutageAnswers503StoresNothingAndTheRedeliveryStoresTheLeadOnce() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        linkedin.on(responsePath(JOSE), s -> down.get()
                        ? Reply.status(500, """
                                {"status":500,"serviceErrorCode":0,"message":"Internal Server Error"}""")
                        : Reply.json(joseResponse()))
                .on(FORM_PATH, Reply.json(form()));
        String body = notification(JOSE, "CREATED");

        APIGatewayV2HTTPResponse during = call(signed(body));

        assertThat(during.getStatusCode()).isEqualTo(503);
        assertThat(during.getHeaders()).containsKey("retry-after");
        assertThat(items()).isEmpty();
        assertThat(linkedin.count(responsePath(JOSE))).isEqualTo(FAST.maxAttempts());

        down.set(false);
        assertThat(call(signed(body)).getStatusCode()).isEqualTo(200);
        assertThat(call(signed(body)).getStatusCode()).isEqualTo(200);
        assertThat(leads()).hasSize(1);
        assertThat(interactions()).isEqualTo(1);
    }

    @Test
    void slowApiOrFormOutageIs503WithinSeconds() {
        handler = handler(store, FAST);
        linkedin.on(responsePath(JOSE), Reply.slow(10_000, joseResponse())).on(FORM_PATH, Reply.json(form()));
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse slow = call(signed(notification(JOSE, "CREATED")));
        assertThat((System.nanoTime() - start) / 1_000_000).as("not waiting for the slow platform").isLessThan(6000);
        assertThat(slow.getStatusCode()).isEqualTo(503);

        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.status(403, """
                {"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions"}"""));
        APIGatewayV2HTTPResponse noForm = call(signed(notification(JOSE, "CREATED")));
        assertThat(noForm.getStatusCode()).isEqualTo(503);
        assertThat(linkedin.count(FORM_PATH)).as("a 403 is not retried in process").isEqualTo(1);
        assertThat(items()).isEmpty();
    }

    @Test
    void unreachableDynamoDbGives503AndNothingIsStored() throws Exception {
        linkedin.on(responsePath(JOSE), Reply.json(joseResponse())).on(FORM_PATH, Reply.json(form()));
        LinkedInWebhookHandler broken = handler(unreachableStore());

        APIGatewayV2HTTPResponse r = broken.handleRequest(signed(notification(JOSE, "CREATED")),
                new LocalContext("LinkedInWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }

    @Test
    void deletedActionsAndOtherTypesAreAcknowledgedNotRecorded() throws Exception {
        APIGatewayV2HTTPResponse deleted = call(signed(notification(JOSE, "DELETED")));
        APIGatewayV2HTTPResponse other = call(signed("{\"type\":\"ORGANIZATION_SOCIAL_ACTION\",\"occurredAt\":1}"));
        APIGatewayV2HTTPResponse oddId = call(signed(notification("../../v2/me", "CREATED")));

        assertThat(deleted.getStatusCode()).isEqualTo(200);
        assertThat(json(deleted).path("ignored").asInt()).isEqualTo(1);
        assertThat(other.getStatusCode()).isEqualTo(200);
        assertThat(oddId.getStatusCode()).isEqualTo(200);
        assertThat(json(oddId).path("ignored").asInt()).isEqualTo(1);
        assertThat(items()).isEmpty();
        assertThat(linkedin.requests()).isEmpty();
    }

    @Test
    void signedButMalformedBodyIs400() {
        assertThat(call(signed("{\"type\":")).getStatusCode()).isEqualTo(400);
        assertThat(call(signed("42")).getStatusCode()).isEqualTo(400);
        assertThat(items()).isEmpty();
    }
}

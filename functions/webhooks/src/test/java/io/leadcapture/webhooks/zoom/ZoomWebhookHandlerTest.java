package io.leadcapture.webhooks.zoom;

import static io.leadcapture.webhooks.zoom.ZoomPayloads.WEBINAR_ID;
import static io.leadcapture.webhooks.zoom.ZoomPayloads.joined;
import static io.leadcapture.webhooks.zoom.ZoomPayloads.registration;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The Zoom webhook function against a real DynamoDB emulator (moto) over the wire. */
class ZoomWebhookHandlerTest extends WebhookTestSupport {
    static final Instant NOW = Instant.parse("2026-03-01T16:02:12Z");

    ZoomWebhookHandler handler;

    @BeforeEach
    void freshHandler() {
        handler = handler(store);
    }

    static ZoomWebhookHandler handler(LeadStore store) {
        return new ZoomWebhookHandler(capture(store), WebhookSecrets.of(Map.of("ZOOM_WEBHOOK_SECRET_TOKEN", ZoomRequests.SECRET)),
                Clock.fixed(NOW, ZoneOffset.UTC), "DE");
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("ZoomWebhookFunction", 10));
    }

    Lead onlyLead() {
        List<Map<String, AttributeValue>> leads = items("lead");
        assertThat(leads).hasSize(1);
        return store.reads().findLead(leads.get(0).get("leadId").s()).orElseThrow();
    }

    @Test
    void registrationWithUmlautsArrivesIntactWithExactIdsAndCustomAnswers() throws Exception {
        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(registration("reg-jose-01", "José", "Müller",
                "Jose.Mueller@Mueller-Soehne.de").json()).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("created");
        assertThat(body.path("replayed").asBoolean()).isFalse();
        Lead lead = onlyLead();
        assertThat(body.path("leadId").asText()).isEqualTo(lead.leadId());
        assertThat(lead.profile().firstName()).isEqualTo("José");
        assertThat(lead.profile().lastName()).isEqualTo("Müller");
        assertThat(lead.profile().email()).isEqualTo("jose.mueller@mueller-soehne.de");
        assertThat(lead.profile().company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(lead.profile().jobTitle()).isEqualTo("Geschäftsführer");
        assertThat(lead.profile().industry()).isEqualTo("Maschinenbau");
        assertThat(lead.profile().companySize()).isEqualTo("51-250");
        assertThat(lead.profile().country()).isEqualTo("DE");
        assertThat(lead.profile().city()).isEqualTo("München");
        assertThat(lead.profile().postalCode()).isEqualTo("80331");
        assertThat(lead.profile().phone()).isEqualTo("+49891234567");
        assertThat(lead.test()).isFalse();

        Interaction i = lead.interactions().get(0);
        assertThat(i.type()).isEqualTo(InteractionType.WEBINAR_REGISTRATION);
        assertThat(i.channel()).isEqualTo("zoom");
        assertThat(i.occurredAt()).isEqualTo(Instant.ofEpochMilli(1772380800123L));
        assertThat(i.sourceIds())
                .containsEntry("webinarId", WEBINAR_ID)
                .containsEntry("webinarUuid", "4444AAAiAAAAAiAiAiiAii==")
                .containsEntry("registrantId", "reg-jose-01")
                .containsEntry("topic", "Produkt-Update Q1: Qualitätssicherung")
                .containsEntry("trackingSourceId", "5516482804110");
        assertThat(i.customAnswers())
                .containsEntry("purchasing_time_frame", List.of("1-3 months"))
                .containsEntry("role_in_purchase_process", List.of("Decision Maker"))
                .containsEntry("Wie haben Sie von uns erfahren?", List.of("Über einen Kollegen – sehr gut"))
                .containsEntry("Interesse", List.of("Qualitätsprüfung"))
                .containsEntry("state", List.of("Bayern"));
        assertThat(i.message()).isEqualTo("Bitte mit Aufzeichnung.");
        assertThat(i.attribution().utmSource()).isEqualTo("newsletter");
        // the personal join link is a credential, never stored
        assertThat(items().toString()).doesNotContain("secret-join-token");
        // the raw item keeps the id as a string, every digit
        Map<String, AttributeValue> item = items("interaction").get(0);
        assertThat(item.get("sourceIds").m().get("webinarId").s()).isEqualTo(WEBINAR_ID);
    }

    @Test
    void signatureIsCheckedOnTheRawBytesNotOnAReserialisation() throws Exception {
        // Escaped unicode, extra whitespace and a key order no serializer would produce.
        String raw = """
                { "payload" : {"object":{ "registrant":{"email":"joerg.weiss@example-gmbh.de" ,\
                "first_name":"J\\u00f6rg", "last_name" :"Wei\\u00df", "id":"reg-joerg-01"},\
                 "id": %s , "uuid":"4444AAAiAAAAAiAiAiiAii=="}},
                  "event" : "webinar.registration_created",\t"event_ts":1772380800123 }""".formatted(WEBINAR_ID);
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        byte[] reserialised = Json.MAPPER.writeValueAsBytes(Json.MAPPER.readTree(bytes));
        assertThat(reserialised).isNotEqualTo(bytes);

        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(bytes).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        Lead lead = onlyLead();
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.profile().lastName()).isEqualTo("Weiß");
        assertThat(lead.interactions().get(0).sourceIds()).containsEntry("webinarId", WEBINAR_ID);

        // the same event signed over its re-serialisation is not what was sent: refused
        APIGatewayV2HTTPResponse wrong = post(ZoomRequests.body(bytes).signedAt(NOW, ZoomRequests.SECRET, reserialised).event());
        assertThat(wrong.getStatusCode()).isEqualTo(401);
    }

    @Test
    void base64EncodedBodyIsVerifiedOnTheDecodedBytes() throws Exception {
        APIGatewayV2HTTPEvent event = ZoomRequests.body(registration("reg-jose-01", "José", "Müller",
                "jose@example-gmbh.de").json()).signedAt(NOW).base64().event();
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayV2HTTPResponse r = post(event);

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(onlyLead().profile().firstName()).isEqualTo("José");
    }

    @Test
    void everyUnauthenticatedRequestIs401AndStoresNothing() throws Exception {
        String body = registration("reg-jose-01", "José", "Müller", "jose@example-gmbh.de").json();
        byte[] tampered = body.replace("jose@example-gmbh.de", "mallory@example-gmbh.de").getBytes(StandardCharsets.UTF_8);
        record Case(String code, APIGatewayV2HTTPEvent event) {
        }
        List<Case> cases = List.of(
                new Case("invalid_signature", ZoomRequests.body(tampered)
                        .signedAt(NOW, ZoomRequests.SECRET, body.getBytes(StandardCharsets.UTF_8)).event()),
                new Case("invalid_signature", ZoomRequests.body(body).signedAt(NOW, "another-secret",
                        body.getBytes(StandardCharsets.UTF_8)).event()),
                new Case("invalid_signature", ZoomRequests.body(body).signedAt(NOW)
                        .header("x-zm-request-timestamp", Long.toString(NOW.getEpochSecond() - 1)).event()),
                new Case("timestamp_out_of_range", ZoomRequests.body(body).signedAt(NOW.minusSeconds(301)).event()),
                new Case("timestamp_out_of_range", ZoomRequests.body(body).signedAt(NOW.plusSeconds(301)).event()),
                new Case("invalid_timestamp", ZoomRequests.body(body).signedAt(NOW)
                        .header("x-zm-request-timestamp", "2026-03-01T16:02:12Z").event()),
                new Case("missing_signature", ZoomRequests.body(body).signedAt(NOW).without("x-zm-signature").event()),
                new Case("missing_signature", ZoomRequests.body(body).signedAt(NOW).without("x-zm-request-timestamp").event()),
                new Case("missing_signature", ZoomRequests.body(body).event()),
                new Case("invalid_signature", ZoomRequests.body(ZoomPayloads.urlValidation()).signedAt(NOW)
                        .header("x-zm-signature", "v0=" + "0".repeat(64)).event()));
        for (Case c : cases) {
            APIGatewayV2HTTPResponse r = post(c.event());
            assertThat(r.getStatusCode()).as(c.code()).isEqualTo(401);
            assertThat(r.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8");
            assertThat(json(r).path("error").asText()).as(c.code()).isEqualTo(c.code());
            assertThat(r.getBody()).doesNotContain(ZoomRequests.SECRET);
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void timestampsWithinFiveMinutesEitherWayAreAccepted() {
        String body = registration("reg-jose-01", "José", "Müller", "jose@example-gmbh.de").json();
        assertThat(post(ZoomRequests.body(body).signedAt(NOW.minusSeconds(300)).event()).getStatusCode()).isEqualTo(200);
        assertThat(post(ZoomRequests.body(body).signedAt(NOW.plusSeconds(300)).event()).getStatusCode()).isEqualTo(200);
    }

    @Test
    void urlValidationIsAnsweredWithoutDynamoDb() throws Exception {
        ZoomWebhookHandler offline = handler(unreachableStore());
        String body = ZoomPayloads.urlValidation();

        APIGatewayV2HTTPResponse r = offline.handleRequest(ZoomRequests.body(body).signedAt(NOW).event(),
                new LocalContext("ZoomWebhookFunction", 3));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("plainToken").asText()).isEqualTo("qgg8vlvZRS6UYooatFL8Aw");
        assertThat(answer.path("encryptedToken").asText())
                .isEqualTo(hmacHex(ZoomRequests.SECRET, "qgg8vlvZRS6UYooatFL8Aw".getBytes(StandardCharsets.UTF_8)))
                .matches("[0-9a-f]{64}");
        assertThat(answer.size()).isEqualTo(2);
    }

    @Test
    void redeliveredRegistrationAnswersTheSameLeadAndRecordsOnce() throws Exception {
        String body = registration("reg-jose-01", "José", "Müller", "jose@example-gmbh.de").json();
        JsonNode first = json(post(ZoomRequests.body(body).signedAt(NOW).event()));
        // Zoom's retry comes later, signed anew
        JsonNode again = json(post(ZoomRequests.body(body).signedAt(NOW.plusSeconds(60)).event()));
        JsonNode third = json(post(ZoomRequests.body(body).signedAt(NOW.plusSeconds(120)).event()));

        assertThat(third.path("interactionId").asText()).isEqualTo(first.path("interactionId").asText());
        assertThat(again.path("leadId").asText()).isEqualTo(first.path("leadId").asText());
        assertThat(again.path("interactionId").asText()).isEqualTo(first.path("interactionId").asText());
        assertThat(again.path("replayed").asBoolean()).isTrue();
        assertThat(onlyLead().interactionCount()).isEqualTo(1);
        assertThat(items("interaction")).hasSize(1);
    }

    @Test
    void registrantWhoFilledAFormBeforeIsMergedIntoThatLead() throws Exception {
        CaptureResult form = capture(store).capture(CaptureCommand.platformLead(
                CaptureCommand.platformChannel("web_form", InteractionType.CONTACT_FORM, "DE"),
                new FormFields().add("email", "Joerg.Weiss@Example-GmbH.de").add("first_name", "Jörg"),
                Map.of(), Instant.parse("2026-02-20T10:00:00Z"), false, "form-post-1"));

        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(registration("reg-joerg-01", "Jörg", "Weiß",
                "joerg.weiss@example-gmbh.de").json()).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("merged");
        assertThat(json(r).path("leadId").asText()).isEqualTo(form.leadId());
        Lead lead = onlyLead();
        assertThat(lead.interactionCount()).isEqualTo(2);
        assertThat(lead.interactions()).extracting(i -> i.type().wireName())
                .containsExactly("contact_form", "webinar_registration");
        assertThat(lead.profile().lastName()).isEqualTo("Weiß");
        assertThat(lead.firstTouch().channel()).isEqualTo("web_form");
        assertThat(lead.lastTouch().channel()).isEqualTo("zoom");
    }

    @Test
    void participantJoinedLandsOnTheRegistrantsLead() throws Exception {
        JsonNode registered = json(post(ZoomRequests.body(registration("reg-joerg-01", "Jörg", "Weiß",
                "joerg.weiss@example-gmbh.de").json()).signedAt(NOW).event()));

        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(joined("Joerg.Weiss@example-gmbh.de",
                "8A7B6C5D-1111-2222-3333-444455556666", "2026-03-01T16:02:11Z")).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("merged");
        assertThat(json(r).path("leadId").asText()).isEqualTo(registered.path("leadId").asText());
        Lead lead = onlyLead();
        assertThat(lead.interactions()).extracting(i -> i.type().wireName())
                .containsExactly("webinar_registration", "webinar_attended");
        Interaction attended = lead.interactions().get(1);
        assertThat(attended.occurredAt()).isEqualTo(Instant.parse("2026-03-01T16:02:11Z"));
        assertThat(attended.sourceIds()).containsEntry("webinarId", WEBINAR_ID)
                .containsEntry("participantUuid", "8A7B6C5D-1111-2222-3333-444455556666")
                .containsEntry("registrantId", "reg-joerg-01");
        // the meeting display name does not replace the name the person registered with
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(attended.customAnswers()).containsEntry("user_name", List.of("Jörgs iPad"));

        // the same join delivered again is recorded once; a rejoin later is a new attendance record
        post(ZoomRequests.body(joined("joerg.weiss@example-gmbh.de", "8A7B6C5D-1111-2222-3333-444455556666",
                "2026-03-01T16:02:11Z")).signedAt(NOW).event());
        assertThat(onlyLead().interactionCount()).isEqualTo(2);
    }

    @Test
    void guestWithoutEmailCreatesNoLead() throws Exception {
        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(joined("", "9F8E7D6C-0000-1111-2222-333344445555",
                "2026-03-01T16:05:00Z")).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("skipped");
        assertThat(json(r).path("reason").asText()).isEqualTo("guest_without_email");
        assertThat(items()).isEmpty();
    }

    @Test
    void invalidOptionalFieldsAreSetAsideAndTheRegistrationIsKept() throws Exception {
        // a US registrant's 7-digit local number, and a country no one knows
        String body = registration("reg-anna-01", "Anna", "Schmidt", "anna@example-gmbh.de")
                .phone("555-0100").country("US").json();
        String other = registration("reg-bert-01", "Bert", "Berg", "bert@example-gmbh.de")
                .country("Atlantis").phone("+49 89 1234567").json();

        assertThat(post(ZoomRequests.body(body).signedAt(NOW).event()).getStatusCode()).isEqualTo(200);
        assertThat(post(ZoomRequests.body(other).signedAt(NOW).event()).getStatusCode()).isEqualTo(200);

        Lead anna = store.reads().findLead(store.reads().findLeadIdByEmail("anna@example-gmbh.de").orElseThrow()).orElseThrow();
        assertThat(anna.profile().phone()).isNull();
        assertThat(anna.profile().country()).isEqualTo("US");
        assertThat(anna.interactions().get(0).customAnswers()).containsEntry("phone_as_entered", List.of("555-0100"));
        Lead bert = store.reads().findLead(store.reads().findLeadIdByEmail("bert@example-gmbh.de").orElseThrow()).orElseThrow();
        assertThat(bert.profile().country()).isNull();
        assertThat(bert.profile().phone()).isEqualTo("+49891234567");
        assertThat(bert.interactions().get(0).customAnswers()).containsEntry("country_as_entered", List.of("Atlantis"));
    }

    @Test
    void registrationWithoutValidContactIsSkippedWith200() throws Exception {
        APIGatewayV2HTTPResponse r = post(ZoomRequests.body(registration("reg-x", "Nobody", "Known", "not-an-email")
                .withoutPhone().json()).signedAt(NOW).event());

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("skipped");
        assertThat(body.path("reason").asText()).isEqualTo("no_valid_contact");
        assertThat(body.path("fields").has("email")).isTrue();
        assertThat(items()).isEmpty();
    }

    @Test
    void otherEventsAreIgnoredAndUnreadableBodiesAre400() throws Exception {
        APIGatewayV2HTTPResponse ignored = post(ZoomRequests.body("""
                {"event":"webinar.started","event_ts":1772380800000,"payload":{"object":{"id":%s}}}"""
                .formatted(WEBINAR_ID)).signedAt(NOW).event());
        assertThat(ignored.getStatusCode()).isEqualTo(200);
        assertThat(json(ignored).path("status").asText()).isEqualTo("ignored");

        for (String bad : List.of("{\"event\":", "[1,2]", "{\"payload\":{}}",
                "{\"event\":\"webinar.registration_created\",\"payload\":{\"object\":{\"id\":1}}}",
                "{\"event\":\"endpoint.url_validation\",\"payload\":{}}")) {
            APIGatewayV2HTTPResponse r = post(ZoomRequests.body(bad).signedAt(NOW).event());
            assertThat(r.getStatusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(bad).isIn("malformed_body", "malformed_event");
        }
        byte[] invalidUtf8 = {'{', '"', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(post(ZoomRequests.body(invalidUtf8).signedAt(NOW).base64().event()).getStatusCode()).isEqualTo(400);
        assertThat(items()).isEmpty();
    }

    @Test
    void unreachableDynamoDbGives503SoZoomRetries() throws Exception {
        ZoomWebhookHandler broken = handler(unreachableStore());

        APIGatewayV2HTTPResponse r = broken.handleRequest(ZoomRequests.body(registration("reg-jose-01", "José", "Müller",
                "jose@example-gmbh.de").json()).signedAt(NOW).event(), new LocalContext("ZoomWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }
}

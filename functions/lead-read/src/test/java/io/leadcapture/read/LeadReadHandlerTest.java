package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The read function against moto: lead JSON shape, lookups by id and by email, errors. */
class LeadReadHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());

    LeadStore store;
    CaptureLead capture;
    LeadReadHandler handler;

    @BeforeEach
    void freshTable() {
        store = new LeadStore(DDB, LocalAws.freshLeadsTable(DDB));
        capture = UseCases.captureLead(store);
        handler = new LeadReadHandler(store, "DE");
    }

    CaptureResult capture(String email, InteractionType type, Instant at) {
        return capture(email, "+4930123456", type, at);
    }

    CaptureResult capture(String email, String phone, InteractionType type, Instant at) {
        FormFields fields = new FormFields();
        Map.ofEntries(Map.entry("email", email), Map.entry("phone", phone), Map.entry("first_name", "Jörg"),
                Map.entry("last_name", "Weiß"), Map.entry("company", "Müller GmbH"), Map.entry("job_title", "CEO"),
                Map.entry("company_size", "51-250"), Map.entry("budget_responsibility", "yes"),
                Map.entry("country", "DE"), Map.entry("postal_code", "10115"), Map.entry("city", "Berlin"),
                Map.entry("consent", "on"), Map.entry("utm_source", "google"), Map.entry("utm_medium", "cpc"),
                Map.entry("utm_campaign", "herbst"), Map.entry("gclid", "gclid-1"), Map.entry("interest", "ERP"))
                .forEach(fields::add);
        return capture.capture(new CaptureCommand(CaptureCommand.platformChannel("web_form", type, "DE"), fields, at,
                "hmac-sha256:ab", null, Map.of(), false, null, false, false));
    }

    APIGatewayV2HTTPResponse get(String path, String query, Map<String, String> pathParams) {
        String route = pathParams.isEmpty() ? "GET /leads" : "GET /leads/{leadId}";
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(route, "GET", path, query,
                Map.of("accept", List.of("application/json")), null, "10.0.0.1", pathParams);
        return handler.handleRequest(e, new LocalContext("LeadReadFunction", 10));
    }

    @Test
    void leadByIdHasProfileConsentTouchesAndInteractions() throws Exception {
        Instant t0 = Instant.parse("2026-11-01T10:00:00Z");
        CaptureResult first = capture("joerg@mueller.de", InteractionType.WHITEPAPER_DOWNLOAD, t0);
        CaptureResult second = capture("joerg@mueller.de", InteractionType.DEMO_REQUEST, t0.plusSeconds(3600));

        APIGatewayV2HTTPResponse r = get("/leads/" + first.leadId(), "", Map.of("leadId", first.leadId()));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode lead = Json.MAPPER.readTree(r.getBody());
        assertThat(lead.path("leadId").asText()).isEqualTo(first.leadId());
        for (String field : List.of("leadId", "email", "phone", "firstName", "lastName", "company", "country", "segment",
                "consent", "interactions", "firstTouch", "lastTouch", "createdAt", "updatedAt")) {
            assertThat(lead.has(field)).as(field).isTrue();
        }
        assertThat(lead.path("firstName").asText()).isEqualTo("Jörg");
        assertThat(lead.path("segment").asText()).isEqualTo("B2B");
        assertThat(lead.path("consent").path("status").asText()).isEqualTo("granted");
        assertThat(lead.path("interactions")).hasSize(2);
        assertThat(lead.path("interactions").get(0).path("type").asText()).isEqualTo("whitepaper_download");
        assertThat(lead.path("interactions").get(1).path("interactionId").asText()).isEqualTo(second.interactionId());
        assertThat(lead.path("interactions").get(0).path("attribution").path("gclid").asText()).isEqualTo("gclid-1");
        assertThat(lead.path("firstTouch").path("type").asText()).isEqualTo("whitepaper_download");
        assertThat(lead.path("lastTouch").path("type").asText()).isEqualTo("demo_request");
        assertThat(lead.has("version")).isFalse();
    }

    @Test
    void leadShowsItsNurtureSequenceOnceEnrolled() throws Exception {
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        CaptureResult c = capture("nurtured-" + java.util.UUID.randomUUID() + "@mueller.de", InteractionType.NEWSLETTER_SIGNUP, t0);
        JsonNode before = Json.MAPPER.readTree(get("/leads/" + c.leadId(), "", Map.of("leadId", c.leadId())).getBody());
        assertThat(before.has("nurture")).as("never enrolled").isFalse();
        assertThat(before.has("nurturedAt")).isFalse();

        io.leadcapture.core.Lead lead = store.reads().findLead(c.leadId()).orElseThrow();
        Instant due = t0.plus(java.time.Duration.ofDays(1));
        assertThat(store.nurture().enrol(lead, "newsletter-welcome", t0, due)).isTrue();
        JsonNode enrolled = Json.MAPPER.readTree(get("/leads/" + c.leadId(), "", Map.of("leadId", c.leadId())).getBody());
        assertThat(enrolled.path("nurture").path("sequence").asText()).isEqualTo("newsletter-welcome");
        assertThat(enrolled.path("nurture").path("step").asInt()).isZero();
        assertThat(enrolled.path("nurture").path("nextAt").asText()).isEqualTo(due.toString());
        assertThat(enrolled.path("nurture").path("stoppedReason").isNull()).isTrue();
        assertThat(enrolled.path("nurturedAt").asText()).isEqualTo(t0.toString());

        store.nurture().stop(c.leadId(), "newsletter-welcome", "mql", t0.plusSeconds(60));
        JsonNode stopped = Json.MAPPER.readTree(get("/leads/" + c.leadId(), "", Map.of("leadId", c.leadId())).getBody());
        assertThat(stopped.path("nurture").path("stoppedReason").asText()).isEqualTo("mql");
        assertThat(stopped.path("nurture").path("nextAt").isNull()).isTrue();
    }

    @Test
    void findByEmailNormalisesTheQuery() throws Exception {
        CaptureResult c = capture("anna@example.com", InteractionType.CONTACT_FORM, Instant.now());
        JsonNode found = Json.MAPPER.readTree(get("/leads", "email=%20Anna%40EXAMPLE.com", Map.of()).getBody());
        assertThat(found.path("items")).hasSize(1);
        assertThat(found.path("items").get(0).path("leadId").asText()).isEqualTo(c.leadId());

        APIGatewayV2HTTPResponse none = get("/leads", "email=nobody%40example.com", Map.of());
        assertThat(none.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(none.getBody()).path("items")).isEmpty();
    }

    @Test
    void findByPhoneNormalisesTheQueryToE164InTheDefaultRegion() throws Exception {
        CaptureResult c = capture("karl.phone@huber-bau.de", "+49 221 1234567", InteractionType.CALLBACK_REQUEST,
                Instant.parse("2026-11-02T09:00:00Z"));
        capture("other.phone@huber-bau.de", "+49 30 1234567", InteractionType.CONTACT_FORM,
                Instant.parse("2026-11-02T09:05:00Z"));

        // national (default region DE), international with separators, and a '+' left unencoded in the query
        for (String query : List.of("phone=0221%201234567", "phone=%2B49%20221%20123%2045%2067", "phone=+492211234567",
                "phone=%2B492211234567")) {
            APIGatewayV2HTTPResponse r = get("/leads", query, Map.of());

            assertThat(r.getStatusCode()).as(query).isEqualTo(200);
            JsonNode items = Json.MAPPER.readTree(r.getBody()).path("items");
            assertThat(items).as(query).hasSize(1);
            assertThat(items.get(0).path("leadId").asText()).isEqualTo(c.leadId());
            assertThat(items.get(0).path("phone").asText()).isEqualTo("+492211234567");
            assertThat(items.get(0).path("interactions")).hasSize(1);
        }

        APIGatewayV2HTTPResponse none = get("/leads", "phone=089%201234567", Map.of());
        assertThat(none.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(none.getBody()).path("items")).isEmpty();
    }

    @Test
    void phoneInAnotherDefaultRegionIsReadThere() throws Exception {
        CaptureResult c = capture("urs.phone@beispiel.ch", "+41 44 668 18 00", InteractionType.CONTACT_FORM, Instant.now());
        LeadReadHandler swiss = new LeadReadHandler(store, "ch");

        APIGatewayV2HTTPResponse r = swiss.handleRequest(HttpApiEvents.event("GET /leads", "GET", "/leads",
                "phone=044%20668%2018%2000", Map.of(), null, "10.0.0.1", Map.of()), new LocalContext("LeadReadFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.getBody()).path("items").get(0).path("leadId").asText()).isEqualTo(c.leadId());
    }

    @Test
    void invalidPhoneOrBothQueriesAre400NamingTheField() throws Exception {
        for (String query : List.of("phone=12", "phone=abc", "phone=%2B999%20123")) {
            APIGatewayV2HTTPResponse r = get("/leads", query, Map.of());
            assertThat(r.getStatusCode()).as(query).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(r.getBody());
            assertThat(body.path("error").asText()).isEqualTo("invalid_query");
            assertThat(body.path("fields").path("phone").asText()).isEqualTo("not a valid phone number");
        }
        APIGatewayV2HTTPResponse both = get("/leads", "email=a%40example.com&phone=0221%201234567", Map.of());
        assertThat(both.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(both.getBody()).path("fields").has("phone")).isTrue();
        assertThat(Json.MAPPER.readTree(both.getBody()).path("fields").has("email")).isTrue();

        APIGatewayV2HTTPResponse neither = get("/leads", "phone=%20&email=", Map.of());
        assertThat(neither.getStatusCode()).isEqualTo(400);
        JsonNode body = Json.MAPPER.readTree(neither.getBody());
        assertThat(body.path("error").asText()).isEqualTo("missing_query");
        assertThat(body.path("message").asText()).contains("?email=", "?phone=");
    }

    @Test
    void sampleEventFindsTheSampleContactByPhone() throws Exception {
        CaptureResult c = capture("joerg.sample@mueller-soehne.de", "0221 1234567", InteractionType.CONTACT_FORM, Instant.now());
        APIGatewayV2HTTPEvent sample = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(RepoLayout.root().resolve("events/lead-find-by-phone.json").toFile(), APIGatewayV2HTTPEvent.class);

        APIGatewayV2HTTPResponse r = handler.handleRequest(sample, new LocalContext("LeadReadFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.getBody()).path("items").get(0).path("leadId").asText()).isEqualTo(c.leadId());
    }

    @Test
    void unknownIdIs404AndBadQueriesAre400() throws Exception {
        String id = UUID.randomUUID().toString();
        APIGatewayV2HTTPResponse missing = get("/leads/" + id, "", Map.of("leadId", id));
        assertThat(missing.getStatusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(missing.getBody()).path("error").asText()).isEqualTo("lead_not_found");

        // a bare GET /leads is the lead list (LeadListHandlerTest); blank lookups stay refused
        APIGatewayV2HTTPResponse noEmail = get("/leads", "email=%20", Map.of());
        assertThat(noEmail.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(noEmail.getBody()).path("fields").path("email").asText()).isEqualTo("required");

        APIGatewayV2HTTPResponse badEmail = get("/leads", "email=not-an-email", Map.of());
        assertThat(badEmail.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(badEmail.getBody()).path("error").asText()).isEqualTo("invalid_query");
    }

    @Test
    void unreachableStoreGives503() {
        LeadReadHandler broken = new LeadReadHandler(new LeadStore(
                LocalAws.dynamoDb(URI.create("http://127.0.0.1:" + MotoServer.freePort())), "leads"), "DE");
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("GET /leads", "GET", "/leads", "email=a%40b.de", Map.of(), null,
                "10.0.0.1", Map.of());
        APIGatewayV2HTTPResponse r = broken.handleRequest(e, new LocalContext("LeadReadFunction", 10));
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
    }
}

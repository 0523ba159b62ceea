package io.leadcapture.webhooks.googleads;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.webhooks.WebhookSecrets;
import io.leadcapture.webhooks.WebhookTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Google Ads lead form webhook function against a real DynamoDB emulator (moto) over the wire. */
class GoogleAdsWebhookHandlerTest extends WebhookTestSupport {
    static final String KEY = "google-ads-test-key";

    GoogleAdsWebhookHandler handler;

    @BeforeEach
    void freshHandler() {
        handler = handler(store);
    }

    static GoogleAdsWebhookHandler handler(LeadStore store) {
        return new GoogleAdsWebhookHandler(capture(store), WebhookSecrets.of(Map.of("GOOGLE_ADS_WEBHOOK_KEY", KEY)), "DE");
    }

    static APIGatewayV2HTTPEvent event(String body) {
        return HttpApiEvents.event("POST /webhooks/google-ads", "POST", "/webhooks/google-ads", "",
                Map.of("content-type", List.of("application/json"),
                        "host", List.of("abc123def4.execute-api.eu-central-1.amazonaws.com")),
                body.getBytes(StandardCharsets.UTF_8), "74.125.209.33", Map.of());
    }

    APIGatewayV2HTTPResponse post(String body) {
        return post(event(body));
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("GoogleAdsWebhookFunction", 10));
    }

    Lead lead(String leadId) {
        return store.reads().findLead(leadId).orElseThrow();
    }

    static String column(String id, String name, String value) {
        return "{\"column_name\":" + Json.write(name) + ",\"string_value\":" + Json.write(value)
                + ",\"column_id\":\"" + id + "\"}";
    }

    static String lead(String leadId, String key, boolean test, String... columns) {
        return "{\"lead_id\":\"" + leadId + "\",\"api_version\":\"1.0\",\"form_id\":9223372036854775807,"
                + "\"campaign_id\":21987654321,\"adgroup_id\":160123456789,\"creative_id\":701234567890,"
                + "\"asset_group_id\":6543210987,\"gcl_id\":\"Cj0KCQiA-test-gclid_" + leadId + "\","
                + "\"lead_submit_time\":\"2026-11-26T14:30:00Z\",\"lead_stage\":\"ENGAGED\","
                + "\"user_column_data\":[" + String.join(",", columns) + "]"
                + (key == null ? "" : ",\"google_key\":" + Json.write(key))
                + ",\"is_test\":" + test + "}";
    }

    @Test
    void everyListedColumnIsMappedUnknownOnesKeptByNameGovernmentIdsDropped() throws Exception {
        APIGatewayV2HTTPResponse r = post(lead("lead-a", KEY, false,
                column("FIRST_NAME", "First name", "Jörg"),
                column("LAST_NAME", "Last name", "Weiß"),
                column("EMAIL", "Email", "Joerg.Weiss@Mueller-Soehne.de"),
                column("WORK_EMAIL", "Work email", "j.weiss@mueller-gruppe.de"),
                column("PHONE_NUMBER", "Phone number", "+49 221 1234567"),
                column("WORK_PHONE", "Work phone", "+49 221 7654321"),
                column("COMPANY_NAME", "Company name", "Müller & Söhne GmbH"),
                column("JOB_TITLE", "Job title", "Geschäftsführer"),
                column("POSTAL_CODE", "Postal code", "50667"),
                column("CITY", "City", "Köln"),
                column("REGION", "State", "Nordrhein-Westfalen"),
                column("COUNTRY", "Country", "Deutschland"),
                column("COMPANY_SIZE", "What size is your company?", "51-200"),
                column("STREET_ADDRESS", "Street address", "Domkloster 4"),
                column("GOVERNMENT_ISSUED_ID_CPF_BR", "CPF", "123.456.789-09"),
                column("JOB_DEPARTMENT", "Department", "Einkauf"),
                "{\"column_name\":\"Welches Produkt interessiert Sie?\",\"string_value\":\"Qualitätsprüfung\"}"));

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("status").asText()).isEqualTo("created");
        assertThat(answer.path("test").asBoolean()).isFalse();
        Lead lead = lead(answer.path("leadId").asText());
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.profile().lastName()).isEqualTo("Weiß");
        assertThat(lead.profile().email()).isEqualTo("joerg.weiss@mueller-soehne.de");
        assertThat(lead.profile().phone()).isEqualTo("+492211234567");
        assertThat(lead.profile().company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(lead.profile().jobTitle()).isEqualTo("Geschäftsführer");
        assertThat(lead.profile().postalCode()).isEqualTo("50667");
        assertThat(lead.profile().city()).isEqualTo("Köln");
        assertThat(lead.profile().country()).isEqualTo("DE");
        assertThat(lead.profile().companySize()).isEqualTo("51-250");
        assertThat(lead.test()).isFalse();

        Interaction i = lead.interactions().get(0);
        assertThat(i.type()).isEqualTo(InteractionType.AD_LEAD);
        assertThat(i.channel()).isEqualTo("google_ads");
        assertThat(i.occurredAt()).isEqualTo(Instant.parse("2026-11-26T14:30:00Z"));
        assertThat(i.attribution().gclid()).isEqualTo("Cj0KCQiA-test-gclid_lead-a");
        assertThat(i.sourceIds())
                .containsEntry("leadId", "lead-a")
                .containsEntry("formId", "9223372036854775807")
                .containsEntry("campaignId", "21987654321")
                .containsEntry("adgroupId", "160123456789")
                .containsEntry("creativeId", "701234567890")
                .containsEntry("assetGroupId", "6543210987")
                .containsEntry("apiVersion", "1.0");
        assertThat(i.customAnswers())
                .containsEntry("work_email", List.of("j.weiss@mueller-gruppe.de"))
                .containsEntry("work_phone", List.of("+49 221 7654321"))
                .containsEntry("region", List.of("Nordrhein-Westfalen"))
                .containsEntry("street_address", List.of("Domkloster 4"))
                .containsEntry("Department", List.of("Einkauf"))
                .containsEntry("Welches Produkt interessiert Sie?", List.of("Qualitätsprüfung"));
        assertThat(items().toString()).doesNotContain("123.456.789-09").doesNotContain(KEY);
    }

    @Test
    void givenAndFamilyNameWorkEmailAndWorkPhoneStandInWhenThePersonalOnesAreMissing() throws Exception {
        JsonNode a = json(post(lead("lead-b", KEY, false,
                column("GIVEN_NAME", "Given name", "Anna-Lena"),
                column("FAMILY_NAME", "Family name", "Schäfer"),
                column("WORK_EMAIL", "Work email", "anna-lena.schaefer@beispiel-maschinenbau.de"),
                column("WORK_PHONE", "Work phone", "0711 123456"))));
        Lead b = lead(a.path("leadId").asText());
        assertThat(b.profile().firstName()).isEqualTo("Anna-Lena");
        assertThat(b.profile().lastName()).isEqualTo("Schäfer");
        assertThat(b.profile().email()).isEqualTo("anna-lena.schaefer@beispiel-maschinenbau.de");
        assertThat(b.profile().phone()).isEqualTo("+49711123456");

        JsonNode c = json(post(lead("lead-c", KEY, false,
                column("FULL_NAME", "Full Name", "José Müller"),
                column("EMAIL", "User Email", "jose.mueller@example-sa.es"))));
        Lead lead = lead(c.path("leadId").asText());
        assertThat(lead.profile().firstName()).isEqualTo("José");
        assertThat(lead.profile().lastName()).isEqualTo("Müller");
    }

    @Test
    void wrongOrMissingKeyIs401AndStoresNothing() throws Exception {
        String email = column("EMAIL", "Email", "someone@example-gmbh.de");
        record Case(String code, String body) {
        }
        for (Case c : List.of(
                new Case("invalid_key", lead("lead-x", "not-the-key", false, email)),
                new Case("invalid_key", lead("lead-x", KEY.toUpperCase(), false, email)),
                new Case("invalid_key", lead("lead-x", KEY + " x", false, email)),
                new Case("missing_key", lead("lead-x", null, false, email)),
                new Case("missing_key", lead("lead-x", "", false, email)))) {
            APIGatewayV2HTTPResponse r = post(c.body());
            assertThat(r.getStatusCode()).as(c.body()).isEqualTo(401);
            assertThat(json(r).path("error").asText()).isEqualTo(c.code());
            assertThat(r.getBody()).doesNotContain(KEY);
        }
        APIGatewayV2HTTPResponse broken = post("{\"lead_id\":\"x\",\"google_key\":");
        assertThat(broken.getStatusCode()).isEqualTo(400);
        assertThat(json(broken).path("error").asText()).isEqualTo("malformed_body");
        assertThat(items()).isEmpty();
    }

    @Test
    void capitalisedGoogleKeyOfGooglesOwnTestSampleIsAccepted() {
        String body = lead("lead-k", null, false, column("EMAIL", "Email", "k@example-gmbh.de"))
                .replace("\"is_test\"", "\"Google_key\":\"" + KEY + "\",\"is_test\"");
        assertThat(post(body).getStatusCode()).isEqualTo(200);
    }

    @Test
    void testDeliveryIsStoredAsTestLead() throws Exception {
        // Google's documented sample (trailing comma fixed): +1 123 456 7890 is no valid number, so it is set aside
        String sample = """
                {
                  "lead_id": "Cj0KCQjwit_8BRCoARIsAIx3Rj7g-AeL6z35IWb6VYiZUygtTfwD3hDlgSGmY-XTTlK3lfV1wcuIwIAaAmMxEALw_wcB",
                  "campaign_id": 123456,
                  "gcl_id": "Cj0KCQjwit_8BRCoARIsAIx3Rj7g-AeL6z35IWb6VYiZUygtTfwD3hDlgSGmY-XTTlK3lfV1wcuIwIAaAmMxEALw_wcB",
                  "user_column_data": [
                    {"column_name": "Full Name",   "string_value": "John Doe",     "column_id": "FULL_NAME"},
                    {"column_name": "User Phone",  "string_value": "+11234567890", "column_id": "PHONE_NUMBER"},
                    {"column_name": "User Email",  "string_value": "test@example.com", "column_id": "EMAIL"},
                    {"column_name": "Postal Code", "string_value": "12345",        "column_id": "POSTAL_CODE"}
                  ],
                  "api_version": "1.0",
                  "form_id": 1234,
                  "google_key": "google-ads-test-key",
                  "is_test": true
                }
                """;
        APIGatewayV2HTTPResponse r = post(sample);

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode answer = json(r);
        assertThat(answer.path("test").asBoolean()).isTrue();
        Lead lead = lead(answer.path("leadId").asText());
        assertThat(lead.test()).isTrue();
        assertThat(Json.MAPPER.readTree(Json.write(lead)).path("test").asBoolean()).isTrue();
        assertThat(Json.write(lead)).contains("\"test\":true");
        assertThat(items("interaction").get(0).get("test").bool()).isTrue();
        assertThat(lead.profile().firstName()).isEqualTo("John");
        assertThat(lead.profile().email()).isEqualTo("test@example.com");
        assertThat(lead.interactions().get(0).customAnswers()).containsEntry("phone_as_entered", List.of("+11234567890"));
        assertThat(lead.interactions().get(0).attribution().gclid()).startsWith("Cj0KCQjwit_8BRCoARIsAIx3Rj7g");
    }

    @Test
    void resentLeadIdRecordsOnceAndAnotherLeadOfThePersonMerges() throws Exception {
        String body = lead("lead-d", KEY, false, column("EMAIL", "Email", "Karl@Huber-Bau.de"));
        JsonNode first = json(post(body));
        APIGatewayV2HTTPEvent asBinary = event(body);
        asBinary.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        asBinary.setIsBase64Encoded(true);
        JsonNode again = json(post(asBinary));
        JsonNode third = json(post(body));

        assertThat(third.path("interactionId").asText()).isEqualTo(first.path("interactionId").asText());
        assertThat(again.path("leadId").asText()).isEqualTo(first.path("leadId").asText());
        assertThat(again.path("interactionId").asText()).isEqualTo(first.path("interactionId").asText());
        assertThat(again.path("replayed").asBoolean()).isTrue();
        assertThat(items("interaction")).hasSize(1);

        JsonNode other = json(post(lead("lead-e", KEY, false, column("EMAIL", "Email", "karl@huber-bau.de"))));
        assertThat(other.path("status").asText()).isEqualTo("merged");
        assertThat(other.path("leadId").asText()).isEqualTo(first.path("leadId").asText());
        assertThat(lead(first.path("leadId").asText()).interactionCount()).isEqualTo(2);
    }

    @Test
    void leadWithoutValidContactIsSkipped() throws Exception {
        APIGatewayV2HTTPResponse r = post(lead("lead-f", KEY, false, column("FULL_NAME", "Full Name", "Nur Name"),
                column("EMAIL", "Email", "kein-email")));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("skipped");
        assertThat(json(r).path("reason").asText()).isEqualTo("no_valid_contact");
        assertThat(items()).isEmpty();
    }

    @Test
    void unreachableDynamoDbGives503() throws Exception {
        GoogleAdsWebhookHandler broken = handler(unreachableStore());

        APIGatewayV2HTTPResponse r = broken.handleRequest(event(lead("lead-g", KEY, false,
                column("EMAIL", "Email", "a@example-gmbh.de"))), new LocalContext("GoogleAdsWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }
}

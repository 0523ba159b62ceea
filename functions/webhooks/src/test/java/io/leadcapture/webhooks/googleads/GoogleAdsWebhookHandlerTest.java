package io.leadcapture.webhooks.googleads;

import static io.leadcapture.webhooks.googleads.GoogleAdsPayloads.submission;
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

    @Test
    void everyListedColumnIsMappedUnknownOnesKeptByNameGovernmentIdsDropped() throws Exception {
        APIGatewayV2HTTPResponse r = post(submission("lead-a").key(KEY)
                .column("FIRST_NAME", "First name", "Jörg")
                .column("LAST_NAME", "Last name", "Weiß")
                .column("EMAIL", "Email", "Joerg.Weiss@Mueller-Soehne.de")
                .column("WORK_EMAIL", "Work email", "j.weiss@mueller-gruppe.de")
                .column("PHONE_NUMBER", "Phone number", "+49 221 1234567")
                .column("WORK_PHONE", "Work phone", "+49 221 7654321")
                .column("COMPANY_NAME", "Company name", "Müller & Söhne GmbH")
                .column("JOB_TITLE", "Job title", "Geschäftsführer")
                .column("POSTAL_CODE", "Postal code", "50667")
                .column("CITY", "City", "Köln")
                .column("REGION", "State", "Nordrhein-Westfalen")
                .column("COUNTRY", "Country", "Deutschland")
                .column("COMPANY_SIZE", "What size is your company?", "51-200")
                .column("STREET_ADDRESS", "Street address", "Domkloster 4")
                .column("GOVERNMENT_ISSUED_ID_CPF_BR", "CPF", "123.456.789-09")
                .column("JOB_DEPARTMENT", "Department", "Einkauf")
                .question("Welches Produkt interessiert Sie?", "Qualitätsprüfung").json());

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
        JsonNode a = json(post(submission("lead-b").key(KEY)
                .column("GIVEN_NAME", "Given name", "Anna-Lena")
                .column("FAMILY_NAME", "Family name", "Schäfer")
                .column("WORK_EMAIL", "Work email", "anna-lena.schaefer@beispiel-maschinenbau.de")
                .column("WORK_PHONE", "Work phone", "0711 123456").json()));
        Lead b = lead(a.path("leadId").asText());
        assertThat(b.profile().firstName()).isEqualTo("Anna-Lena");
        assertThat(b.profile().lastName()).isEqualTo("Schäfer");
        assertThat(b.profile().email()).isEqualTo("anna-lena.schaefer@beispiel-maschinenbau.de");
        assertThat(b.profile().phone()).isEqualTo("+49711123456");

        JsonNode c = json(post(submission("lead-c").key(KEY)
                .column("FULL_NAME", "Full Name", "José Müller")
                .column("EMAIL", "User Email", "jose.mueller@example-sa.es").json()));
        Lead lead = lead(c.path("leadId").asText());
        assertThat(lead.profile().firstName()).isEqualTo("José");
        assertThat(lead.profile().lastName()).isEqualTo("Müller");
    }

    @Test
    void wrongOrMissingKeyIs401AndStoresNothing() throws Exception {
        record Case(String code, GoogleAdsPayloads.Submission submission) {
        }
        for (Case c : List.of(
                new Case("invalid_key", submission("lead-x").key("not-the-key")),
                new Case("invalid_key", submission("lead-x").key(KEY.toUpperCase())),
                new Case("invalid_key", submission("lead-x").key(KEY + " x")),
                new Case("missing_key", submission("lead-x").withoutKey()),
                new Case("missing_key", submission("lead-x").key("")))) {
            String body = c.submission().column("EMAIL", "Email", "someone@example-gmbh.de").json();
            APIGatewayV2HTTPResponse r = post(body);
            assertThat(r.getStatusCode()).as(body).isEqualTo(401);
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
        String body = submission("lead-k").keyNamed("Google_key", KEY).column("EMAIL", "Email", "k@example-gmbh.de").json();
        assertThat(post(body).getStatusCode()).isEqualTo(200);
    }

    @Test
    void testDeliveryIsStoredAsTestLead() throws Exception {
        // Google's documented sample: +1 123 456 7890 is no valid number, so it is set aside
        APIGatewayV2HTTPResponse r = post(GoogleAdsPayloads.googleSampleTestLead());

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
        String body = submission("lead-d").key(KEY).column("EMAIL", "Email", "Karl@Huber-Bau.de").json();
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

        JsonNode other = json(post(submission("lead-e").key(KEY).column("EMAIL", "Email", "karl@huber-bau.de").json()));
        assertThat(other.path("status").asText()).isEqualTo("merged");
        assertThat(other.path("leadId").asText()).isEqualTo(first.path("leadId").asText());
        assertThat(lead(first.path("leadId").asText()).interactionCount()).isEqualTo(2);
    }

    @Test
    void leadWithoutValidContactIsSkipped() throws Exception {
        APIGatewayV2HTTPResponse r = post(submission("lead-f").key(KEY).column("FULL_NAME", "Full Name", "Nur Name")
                .column("EMAIL", "Email", "kein-email").json());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("skipped");
        assertThat(json(r).path("reason").asText()).isEqualTo("no_valid_contact");
        assertThat(items()).isEmpty();
    }

    @Test
    void leadWhoseOnlyEmailIsUndeliverableIsSkipped() throws Exception {
        APIGatewayV2HTTPResponse r = post(submission("lead-h").key(KEY).column("FULL_NAME", "Full Name", "Jörg Weiß")
                .column("EMAIL", "Email", "jörg@müller-bau.de").json());

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("status").asText()).isEqualTo("skipped");
        assertThat(json(r).path("reason").asText()).isEqualTo("no_valid_contact");
        assertThat(items()).isEmpty();
    }

    @Test
    void unreachableDynamoDbGives503() throws Exception {
        GoogleAdsWebhookHandler broken = handler(unreachableStore());

        APIGatewayV2HTTPResponse r = broken.handleRequest(event(submission("lead-g").key(KEY)
                .column("EMAIL", "Email", "a@example-gmbh.de").json()), new LocalContext("GoogleAdsWebhookFunction", 10));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }
}

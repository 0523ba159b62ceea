package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.MergeCommand;
import io.leadcapture.application.MergeOutcome;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The export against moto: a lead with every kind of item (form posts, a webhook delivery, scores,
 * a stage change, decided and open proposals, a merge, a duplicate link, mails, opt-in and cap
 * items) is exported whole; a long history comes in pages that together hold everything.
 */
class LeadExportHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    static final String SALES_REP = "dach-sales-1@example.com";

    String table;
    LeadStore store;
    CaptureLead capture;
    LeadExportHandler handler;
    String tag;

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(T0, ZoneOffset.UTC));
        handler = handler(LeadExportHandler.DEFAULT_PAGE_BYTES);
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    LeadExportHandler handler(int pageBytes) {
        return new LeadExportHandler(store.exports(), pageBytes, Clock.fixed(T0.plus(Duration.ofDays(30)), ZoneOffset.UTC));
    }

    String email(String name) {
        return name + "." + tag + "@mueller-soehne.de";
    }

    String post(String form, FormFields fields) {
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(), fields,
                "hmac-sha256:ab", "https://www.mueller-soehne.de/whitepaper?utm_source=google", null)).leadId();
    }

    APIGatewayV2HTTPResponse export(LeadExportHandler h, String leadId, String cursor) {
        String query = cursor == null ? "" : "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("GET /leads/{leadId}/export", "GET", "/leads/" + leadId + "/export",
                query, Map.of("accept", List.of("application/json")), null, "10.0.0.1", Map.of("leadId", leadId));
        return h.handleRequest(e, new LocalContext("LeadExportFunction", 10));
    }

    JsonNode exportJson(String leadId) throws Exception {
        APIGatewayV2HTTPResponse r = export(handler, leadId, null);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return Json.MAPPER.readTree(r.getBody());
    }

    Lead lead(String leadId) {
        return store.reads().findLead(leadId).orElseThrow();
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return DDB.queryPaginator(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))).items().stream().toList();
    }

    static Set<String> texts(JsonNode array, String field) {
        Set<String> out = new HashSet<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }

    @Test
    void aLeadWithEveryKindOfItemIsExportedWhole() throws Exception {
        String email = email("joerg");
        // form posts: a contact form with consent, attribution and a custom answer; a later one proposing a new company
        String leadId = post("contact", new FormFields().add("email", email).add("first_name", "Jörg")
                .add("last_name", "Weiß").add("company", "Müller & Söhne GmbH").add("phone", "0221 1234567")
                .add("consent", "on").add("utm_source", "google").add("utm_campaign", "herbst").add("interesse", "ERP"));
        post("demo", new FormFields().add("email", email).add("first_name", "Jörgen").add("company", "Müller & Söhne GmbH"));
        // a webhook delivery (Zoom registration) for the same person
        FormFields zoom = new FormFields().add("email", email).add("first_name", "Jörg").add("last_name", "Weiß");
        capture.capture(CaptureCommand.platformLead(CaptureCommand.platformChannel("zoom",
                        InteractionType.WEBINAR_REGISTRATION, "DE"), zoom,
                Map.of("webinarId", "81234567890", "registrantId", "reg-" + tag), T0.plusSeconds(60), false,
                "81234567890:reg-" + tag));
        // another lead with the same phone (a duplicate link), and one merged into this lead
        String other = post("contact", new FormFields().add("email", email("j.weiss")).add("phone", "0221 1234567"));
        String merged = post("newsletter", new FormFields().add("email", email("jw.privat")).add("phone", "0221 7654321")
                .add("consent", "on"));
        MergeOutcome outcome = UseCases.mergeLeads(store, Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC))
                .merge(new MergeCommand(merged, leadId, "arn:aws:sts::123456789012:assumed-role/sales-ops/jana",
                        "dieselbe Person", null));
        assertThat(outcome).isInstanceOf(MergeOutcome.Completed.class);
        // sales dismisses what the posts and the merge proposed; a later post proposes another company, left open
        Set<String> proposed = new HashSet<>();
        lead(leadId).proposedChanges().forEach(c -> proposed.add(c.field()));
        assertThat(proposed).contains("first_name");
        assertThat(store.profileChanges().decide(lead(leadId), Set.of(), proposed,
                "arn:aws:sts::123456789012:assumed-role/sales-ops/jana", "Tippfehler", T0.plusSeconds(180))).isTrue();
        post("whitepaper", new FormFields().add("email", email).add("company", "Weiß Consulting"));
        // scoring, then a stage change by sales
        assertThat(store.scores().writeScore(lead(leadId), new LeadScore(72, 40, 32, Temperature.HOT,
                List.of(new ScoreReason("job_title", "CEO", 20), new ScoreReason("demo_request", null, 25)),
                T0.plusSeconds(240)), Stage.MQL)).isTrue();
        assertThat(store.scores().changeStage(lead(leadId), Stage.SQL, "arn:aws:sts::123456789012:assumed-role/sales-ops/jana",
                "Budget bestätigt", false, T0.plusSeconds(300))).isTrue();
        // mails: a sales mail claimed and marked sent; an opt-in pending with its caps; an auto-response slot taken
        Notification sales = Notification.sales(leadId, lead(leadId).version());
        assertThat(store.markers().claim(sales, "became MQL", T0.plusSeconds(360), Duration.ofMinutes(2)))
                .isEqualTo(NotificationClaim.CLAIMED);
        store.markers().markSent(sales, "ses-message-1", List.of(SALES_REP), "Neuer MQL: Jörg Weiß, Müller & Söhne GmbH",
                T0.plusSeconds(361));
        String firstInteraction = lead(leadId).interactions().get(0).interactionId();
        Notification optIn = Notification.optIn(leadId, firstInteraction);
        store.markers().claim(optIn, null, T0.plusSeconds(400), Duration.ofMinutes(2));
        assertThat(store.markers().takeOptInSlot(optIn, "marketing", T0.plusSeconds(400), Duration.ofDays(1))).isTrue();
        store.consents().recordPendingOptIn(leadId, firstInteraction, null, T0.plus(Duration.ofDays(3)));
        assertThat(store.markers().takeMailSlot(Notification.autoResponse(leadId, firstInteraction), T0.plusSeconds(400),
                Duration.ofDays(1))).isTrue();
        // a nurture sequence it was in, stopped when it became an MQL
        assertThat(store.nurture().enrol(lead(leadId), "newsletter-welcome", T0.plusSeconds(120),
                T0.plus(Duration.ofDays(1)))).isTrue();
        assertThat(store.nurture().stop(leadId, "newsletter-welcome", "mql", T0.plusSeconds(240))).isTrue();

        JsonNode doc = exportJson(leadId);

        assertThat(doc.path("leadId").asText()).isEqualTo(leadId);
        assertThat(doc.path("complete").asBoolean()).isTrue();
        assertThat(doc.has("nextCursor")).isFalse();
        assertThat(doc.path("exportedAt").asText()).isEqualTo("2026-12-02T09:00:00Z");
        JsonNode lead = doc.path("lead");
        assertThat(lead.path("email").asText()).isEqualTo(email);
        assertThat(lead.path("firstName").asText()).isEqualTo("Jörg");
        assertThat(lead.path("phone").asText()).isEqualTo("+492211234567");
        assertThat(lead.path("consent").path("purpose").asText()).isEqualTo("marketing");
        assertThat(lead.path("consent").path("textVersion").asText()).isEqualTo("contact-2026-01");
        assertThat(lead.path("stage").asText()).isEqualTo("SQL");
        assertThat(lead.has("pk")).isFalse();
        assertThat(doc.path("proposedChanges")).hasSize(1);
        assertThat(doc.path("proposedChanges").get(0).path("value").asText()).isEqualTo("Weiß Consulting");

        // interactions: the three posts, the webhook delivery and the merged lead's signup, with what each submitted
        JsonNode interactions = doc.path("interactions");
        assertThat(interactions).hasSize(5);
        assertThat(texts(interactions, "interactionType")).containsExactlyInAnyOrder("contact_form", "demo_request",
                "webinar_registration", "newsletter_signup", "whitepaper_download");
        JsonNode contact = findBy(interactions, "interactionType", "contact_form");
        assertThat(contact.path("submitted").path("email").asText()).isEqualTo(email);
        assertThat(contact.path("attribution").path("utmCampaign").asText()).isEqualTo("herbst");
        assertThat(contact.path("customAnswers").path("interesse").get(0).asText()).isEqualTo("ERP");
        assertThat(contact.path("consent").path("textVersion").asText()).isEqualTo("contact-2026-01");
        JsonNode webinar = findBy(interactions, "interactionType", "webinar_registration");
        assertThat(webinar.path("channel").asText()).isEqualTo("zoom");
        assertThat(webinar.path("sourceIds").path("registrantId").asText()).isEqualTo("reg-" + tag);
        assertThat(findBy(interactions, "interactionType", "newsletter_signup").path("movedFrom").asText()).isEqualTo(merged);

        // consents: each interaction's consent as captured
        JsonNode consents = doc.path("consents");
        assertThat(consents).hasSize(5);
        assertThat(texts(consents, "record")).containsExactly("interaction");
        assertThat(findBy(consents, "interactionId", contact.path("interactionId").asText()).path("status").asText())
                .isEqualTo(contact.path("consent").path("status").asText());
        assertThat(findBy(consents, "interactionId", contact.path("interactionId").asText()).path("ipHash").asText())
                .isEqualTo("hmac-sha256:ab");

        // scores with reasons, the stage change, the decided proposal, the merge
        assertThat(doc.path("scores")).hasSize(1);
        assertThat(doc.path("scores").get(0).path("scoreReasons").get(0).path("rule").asText()).isEqualTo("job_title");
        assertThat(doc.path("scores").get(0).path("score").asInt()).isEqualTo(72);
        assertThat(doc.path("stageChanges")).hasSize(1);
        assertThat(doc.path("stageChanges").get(0).path("to").asText()).isEqualTo("SQL");
        assertThat(doc.path("stageChanges").get(0).path("why").asText()).isEqualTo("Budget bestätigt");
        assertThat(doc.path("profileChanges")).hasSize(1);
        assertThat(doc.path("profileChanges").get(0).path("dismissed").toString()).contains("\"first_name\"");
        assertThat(doc.path("merges")).hasSize(1);
        assertThat(doc.path("merges").get(0).path("from").asText()).isEqualTo(merged);

        // mails: what was sent, when, to whom, with which subject; the opt-in still being sent
        JsonNode mails = doc.path("mails");
        assertThat(mails).hasSize(2);
        JsonNode salesMail = findBy(mails, "kind", "sales");
        assertThat(salesMail.path("status").asText()).isEqualTo("sent");
        assertThat(salesMail.path("sentAt").asText()).isEqualTo("2026-11-02T09:06:01Z");
        assertThat(salesMail.path("recipients").get(0).asText()).isEqualTo(SALES_REP);
        assertThat(salesMail.path("subject").asText()).isEqualTo("Neuer MQL: Jörg Weiß, Müller & Söhne GmbH");
        assertThat(salesMail.path("messageId").asText()).isEqualTo("ses-message-1");
        assertThat(findBy(mails, "kind", "optIn").path("status").asText()).isEqualTo("sending");

        // identity claims naming this lead: its own, the merged lead's; not the duplicate's
        assertThat(doc.path("identities")).hasSize(4);
        assertThat(texts(doc.path("identities"), "value")).containsExactlyInAnyOrder(email, "+492211234567",
                email("jw.privat"), "+492217654321");
        assertThat(doc.path("optIns")).hasSize(1);
        assertThat(doc.path("duplicates")).hasSize(1);
        assertThat(doc.path("duplicates").get(0).path("otherLeadId").asText()).isEqualTo(other);
        // the engagement ledger: derived from the interactions, exported as stored
        assertThat(texts(doc.path("other"), "itemType")).containsExactlyInAnyOrder("mailCap", "optInCap", "engagement");

        JsonNode nurture = doc.path("nurture");
        assertThat(nurture).hasSize(1);
        assertThat(nurture.get(0).path("sequence").asText()).isEqualTo("newsletter-welcome");
        assertThat(nurture.get(0).path("stoppedReason").asText()).isEqualTo("mql");
        assertThat(nurture.get(0).has("nurtureDueAt")).as("index keys are not personal data").isFalse();
        assertThat(lead.path("nurturedAt").asText()).isEqualTo(T0.plusSeconds(120).toString());

        // nothing of the partition is left out
        int exported = 1;
        for (String section : List.of("interactions", "scores", "stageChanges", "profileChanges", "merges", "mails",
                "nurture", "optIns", "duplicates", "other")) {
            exported += doc.path(section).size();
        }
        assertThat(exported).isEqualTo(partition(leadId).size());
    }

    @Test
    void consentChangeItemsOfTheConsentHistoryAreExportedAsConsents() throws Exception {
        String leadId = post("contact", new FormFields().add("email", email("widerruf")).add("consent", "on"));
        // the person clicks the unsubscribe link of an automated mail
        assertThat(store.consents().withdrawConsent(leadId, "marketing", Instant.parse("2026-11-05T10:00:00Z"),
                "unsubscribe_link", "token key k1")).isEqualTo(ConsentChange.CHANGED);

        JsonNode consents = exportJson(leadId).path("consents");

        assertThat(consents).hasSize(2);
        assertThat(consents.get(0).path("record").asText()).as("the captured one first, by time").isEqualTo("interaction");
        JsonNode withdrawal = consents.get(1);
        assertThat(withdrawal.path("record").asText()).isEqualTo("consentChange");
        assertThat(withdrawal.path("status").asText()).isEqualTo("withdrawn");
        assertThat(withdrawal.path("previousStatus").asText()).as("a ticked box is pending until confirmed").isEqualTo("pending");
        assertThat(withdrawal.path("source").asText()).isEqualTo("unsubscribe_link");
        assertThat(withdrawal.path("evidence").asText()).isEqualTo("token key k1");
        assertThat(withdrawal.path("at").asText()).isEqualTo("2026-11-05T10:00:00Z");
    }

    @Test
    void anItemOfAKindTheExportDoesNotKnowIsInOtherWithAllItsAttributes() throws Exception {
        String leadId = post("contact", new FormFields().add("email", email("neu")));
        DDB.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId),
                "sk", AttributeValue.fromS("FUTURE#1"), "itemType", AttributeValue.fromS("futureThing"),
                "note", AttributeValue.fromS("Rückruf"), "count", AttributeValue.fromN("12345678901234567890"),
                "tags", AttributeValue.fromSs(List.of("b", "a")))));

        JsonNode exported = exportJson(leadId).path("other");
        // besides the unknown item, only the lead's engagement ledger (an item kind the export shows as stored)
        assertThat(exported).hasSize(2);
        List<JsonNode> others = new java.util.ArrayList<>();
        exported.forEach(n -> {
            if (!n.path("sk").asText().equals("ENGAGEMENT")) {
                others.add(n);
            }
        });
        JsonNode other = objectMapperArray(others);

        assertThat(other).hasSize(1);
        assertThat(other.get(0).path("sk").asText()).isEqualTo("FUTURE#1");
        assertThat(other.get(0).path("itemType").asText()).isEqualTo("futureThing");
        assertThat(other.get(0).path("note").asText()).isEqualTo("Rückruf");
        assertThat(other.get(0).path("count").toString()).isEqualTo("12345678901234567890");
        assertThat(other.get(0).path("tags").toString()).isEqualTo("[\"a\",\"b\"]");
    }

    @Test
    void aLongHistoryComesInPagesThatTogetherHoldEverything() throws Exception {
        String email = email("viele");
        String leadId = null;
        for (int i = 0; i < 30; i++) {
            leadId = post("contact", new FormFields().add("email", email)
                    .add("message", "Nachricht " + i + " " + "x".repeat(200)));
        }
        for (int i = 0; i < 5; i++) {
            Lead read = lead(leadId);
            store.scores().writeScore(read, new LeadScore(10 + i, 5, 5 + i, Temperature.COLD,
                    List.of(new ScoreReason("contact_form", "Nachricht", 5)), T0.plusSeconds(i)), Stage.LEAD);
        }
        int budget = 4_000;
        LeadExportHandler small = handler(budget);

        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            APIGatewayV2HTTPResponse r = export(small, leadId, cursor);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            assertThat(r.getBody().getBytes(StandardCharsets.UTF_8).length).as("page within budget")
                    .isLessThan(budget + 1_000);
            JsonNode page = Json.MAPPER.readTree(r.getBody());
            pages.add(page);
            cursor = page.path("nextCursor").isMissingNode() ? null : page.path("nextCursor").asText();
            assertThat(page.path("complete").asBoolean()).isEqualTo(cursor == null);
            assertThat(pages).as("pages").hasSizeLessThan(100);
        } while (cursor != null);

        assertThat(pages.size()).isGreaterThan(3);
        Set<String> interactionIds = new HashSet<>();
        int scores = 0;
        int identities = 0;
        for (JsonNode page : pages) {
            assertThat(page.path("lead").path("leadId").asText()).as("every page names the person").isEqualTo(leadId);
            page.path("interactions").forEach(i -> assertThat(interactionIds.add(i.path("interactionId").asText()))
                    .as("each interaction once").isTrue());
            scores += page.path("scores").size();
            identities += page.path("identities").size();
        }
        assertThat(interactionIds).hasSize(30)
                .containsExactlyInAnyOrderElementsOf(lead(leadId).interactions().stream().map(i -> i.interactionId()).toList());
        assertThat(scores).isEqualTo(5);
        assertThat(identities).as("the email claim, on the first page").isEqualTo(1);
        assertThat(pages.getLast().path("complete").asBoolean()).isTrue();
    }

    @Test
    void unknownOrMergedLeadIs404AndAForeignCursor400() throws Exception {
        APIGatewayV2HTTPResponse unknown = export(handler, UUID.randomUUID().toString(), null);
        assertThat(unknown.getStatusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.getBody()).path("error").asText()).isEqualTo("lead_not_found");
        assertThat(export(handler, "not-a-lead!", null).getStatusCode()).isEqualTo(404);

        String kept = post("contact", new FormFields().add("email", email("bleibt")));
        String merged = post("contact", new FormFields().add("email", email("geht")));
        UseCases.mergeLeads(store, Clock.fixed(T0, ZoneOffset.UTC)).merge(new MergeCommand(merged, kept, "local", null, null));
        APIGatewayV2HTTPResponse gone = export(handler, merged, null);
        assertThat(gone.getStatusCode()).as("as GET /leads/{leadId} answers a merged lead").isEqualTo(404);

        for (int i = 0; i < 3; i++) {
            post("contact", new FormFields().add("email", email("bleibt")).add("message", "x".repeat(300)));
        }
        String cursorOfKept = Json.MAPPER.readTree(export(handler(500), kept, null).getBody()).path("nextCursor").asText();
        assertThat(cursorOfKept).isNotBlank();
        String another = post("contact", new FormFields().add("email", email("anders")));
        APIGatewayV2HTTPResponse foreign = export(handler, another, cursorOfKept);
        assertThat(foreign.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(foreign.getBody()).path("error").asText()).isEqualTo("invalid_cursor");
        assertThat(export(handler, another, "%%%").getStatusCode()).isEqualTo(400);
    }

    static JsonNode findBy(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    private static JsonNode objectMapperArray(List<JsonNode> nodes) {
        com.fasterxml.jackson.databind.node.ArrayNode array = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        nodes.forEach(array::add);
        return array;
    }
}

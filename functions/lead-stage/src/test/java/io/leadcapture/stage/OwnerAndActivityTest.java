package io.leadcapture.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadExport;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.OwnerChangeRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code PATCH /leads/{leadId}} with an owner and {@code POST /leads/{leadId}/activities}, against
 * moto: the owner and its history, the refusals, activities with the caller as {@code by}, on the
 * lead newest first and in the export.
 */
class OwnerAndActivityTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-30T10:15:00Z");
    static final String TEAM_LEAD = "arn:aws:iam::123456789012:user/teamleitung.schulz";
    static final String REP = "arn:aws:iam::123456789012:user/vertrieb.mueller";
    static final String ROUTING = """
            version: 1
            territories:
              - name: dach
                countries: [ DE ]
                reps:
                  - dach-1@example.com
                  - { email: dach-2@example.com, active: false }
            default:
              reps: [ sales@example.com ]
            """;

    LeadStore store;
    String table;
    CaptureLead capture;
    LeadStageHandler patch;
    LeadActivityHandler activities;

    @BeforeEach
    void freshTable() throws Exception {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(T0, ZoneOffset.UTC));
        Clock now = Clock.fixed(NOW, ZoneOffset.UTC);
        patch = new LeadStageHandler(store, new StageRules(ScoringConfig.bundled()),
                new Router(RoutingConfig.load(new ByteArrayInputStream(ROUTING.getBytes(StandardCharsets.UTF_8)))), now);
        activities = new LeadActivityHandler(store, now);
    }

    String lead() {
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find("contact").orElseThrow(),
                new FormFields().add("email", "kunde." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel.de")
                        .add("first_name", "Jörg").add("message", "Bitte um Rückruf"),
                "hmac-sha256:test", null, null)).leadId();
    }

    static APIGatewayV2HTTPResponse call(com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayV2HTTPEvent,
            APIGatewayV2HTTPResponse> handler, String routeKey, String method, String path, String leadId, String caller,
                                         String body) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(routeKey, method, path, "",
                Map.of("content-type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8), "10.0.0.1",
                Map.of("leadId", leadId));
        e.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(caller).build()).build());
        return handler.handleRequest(e, new LocalContext("Function", 10));
    }

    APIGatewayV2HTTPResponse patch(String leadId, String body) {
        return call(patch, "PATCH /leads/{leadId}", "PATCH", "/leads/" + leadId, leadId, TEAM_LEAD, body);
    }

    APIGatewayV2HTTPResponse activity(String leadId, String body) {
        return call(activities, "POST /leads/{leadId}/activities", "POST", "/leads/" + leadId + "/activities", leadId,
                REP, body);
    }

    APIGatewayV2HTTPResponse activity(String leadId, String caller, String idempotencyKey, String body) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("POST /leads/{leadId}/activities", "POST",
                "/leads/" + leadId + "/activities", "", Map.of("content-type", List.of("application/json"),
                        "idempotency-key", List.of(idempotencyKey)), body.getBytes(StandardCharsets.UTF_8), "10.0.0.1",
                Map.of("leadId", leadId));
        e.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(caller).build()).build());
        return activities.handleRequest(e, new LocalContext("Function", 10));
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return DDB.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))).items();
    }

    @Test
    void patchHandsTheLeadToAnotherRepAndRecordsWhoWhenAndWhy() throws Exception {
        String leadId = lead();

        APIGatewayV2HTTPResponse r = patch(leadId, "{\"owner\":\"Dach-1@Example.com\",\"reason\":\"Kennt den Kunden\"}");

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("owner").asText()).isEqualTo("dach-1@example.com");
        assertThat(body.path("ownerSince").asText()).isEqualTo(NOW.toString());
        assertThat(body.path("ownerHistory")).hasSize(1);
        assertThat(body.path("ownerHistory").get(0).path("who").asText()).isEqualTo(TEAM_LEAD);
        assertThat(body.path("ownerHistory").get(0).path("why").asText()).isEqualTo("Kennt den Kunden");
        assertThat(body.path("ownerHistory").get(0).has("from")).isFalse();
        List<OwnerChangeRecord> history = store.followUps().ownerChanges(leadId);
        assertThat(history).containsExactly(new OwnerChangeRecord(null, "dach-1@example.com", TEAM_LEAD,
                "Kennt den Kunden", NOW));
        assertThat(partition(leadId)).anySatisfy(i -> {
            assertThat(i.get("sk").s()).startsWith("OWNER#2026-11-30T10:15:00.000000Z#");
            assertThat(i.get("itemType").s()).isEqualTo("ownerChange");
        });

        // the same owner again: nothing to record
        assertThat(patch(leadId, "{\"owner\":\"dach-1@example.com\"}").getStatusCode()).isEqualTo(200);
        assertThat(store.followUps().ownerChanges(leadId)).hasSize(1);

        // to the default territory's rep, with a stage change in the same request
        r = patch(leadId, "{\"owner\":\"sales@example.com\",\"stage\":\"MQL\",\"force\":true,\"reason\":\"Urlaub\"}");
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(store.followUps().ownerChanges(leadId)).hasSize(2).last()
                .isEqualTo(new OwnerChangeRecord("dach-1@example.com", "sales@example.com", TEAM_LEAD, "Urlaub", NOW));
        SalesFollowUp s = store.reads().findLead(leadId).orElseThrow().sales();
        assertThat(s.owner()).isEqualTo("sales@example.com");
        assertThat(s.stageChangedAt()).isEqualTo(NOW);
    }

    @Test
    void anOwnerMustBeAnActiveRepOfRoutingYaml() throws Exception {
        String leadId = lead();
        long version = store.reads().findLead(leadId).orElseThrow().version();

        APIGatewayV2HTTPResponse unknown = patch(leadId, "{\"owner\":\"someone@example.com\",\"stage\":\"MQL\",\"force\":true}");
        APIGatewayV2HTTPResponse inactive = patch(leadId, "{\"owner\":\"dach-2@example.com\"}");
        APIGatewayV2HTTPResponse malformed = patch(leadId, "{\"owner\":42}");

        assertThat(unknown.getStatusCode()).isEqualTo(422);
        assertThat(json(unknown).path("error").asText()).isEqualTo("unknown_owner");
        assertThat(json(unknown).path("fields").has("owner")).isTrue();
        assertThat(inactive.getStatusCode()).isEqualTo(422);
        assertThat(json(inactive).path("error").asText()).isEqualTo("inactive_owner");
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(json(malformed).path("fields").has("owner")).isTrue();
        Lead lead = store.reads().findLead(leadId).orElseThrow();
        assertThat(lead.version()).as("nothing written, the stage neither").isEqualTo(version);
        assertThat(lead.sales()).isNull();
        assertThat(store.followUps().ownerChanges(leadId)).isEmpty();
    }

    @Test
    void anActivityIsRecordedWithTheCallerAndListedNewestFirst() throws Exception {
        String leadId = lead();

        APIGatewayV2HTTPResponse call = activity(leadId,
                "{\"type\":\"call\",\"outcome\":\"erreicht\",\"note\":\"Demo am Donnerstag\\nmit Einkauf\",\"at\":\"2026-11-30T09:40:00+01:00\"}");
        APIGatewayV2HTTPResponse note = activity(leadId, "{\"type\":\"note\",\"note\":\"Budget Q1\"}");
        APIGatewayV2HTTPResponse meeting = activity(leadId, "{\"type\":\"meeting\",\"outcome\":\"held\",\"at\":\"2026-11-27T15:00:00Z\"}");

        assertThat(call.getStatusCode()).as(call.getBody()).isEqualTo(201);
        JsonNode c = json(call);
        assertThat(c.path("type").asText()).isEqualTo("call");
        assertThat(c.path("outcome").asText()).isEqualTo("erreicht");
        assertThat(c.path("note").asText()).isEqualTo("Demo am Donnerstag\nmit Einkauf");
        assertThat(c.path("at").asText()).isEqualTo("2026-11-30T08:40:00Z");
        assertThat(c.path("by").asText()).isEqualTo(REP);
        assertThat(c.path("activityId").asText()).isNotBlank();
        assertThat(json(note).path("at").asText()).as("now by default").isEqualTo(NOW.toString());
        assertThat(meeting.getStatusCode()).isEqualTo(201);

        Lead lead = store.reads().findLead(leadId).orElseThrow();
        assertThat(lead.sales().activities()).extracting(a -> a.type().wireName()).containsExactly("note", "call", "meeting");
        assertThat(lead.sales().firstActivityAt()).isEqualTo(Instant.parse("2026-11-27T15:00:00Z"));
        assertThat(lead.sales().lastActivityAt()).isEqualTo(NOW);
        JsonNode shown = Json.MAPPER.valueToTree(lead);
        assertThat(shown.path("activities")).hasSize(3);
        assertThat(shown.path("activities").get(1).path("by").asText()).isEqualTo(REP);
        assertThat(shown.path("lastActivityAt").asText()).isEqualTo(NOW.toString());
        assertThat(partition(leadId)).filteredOn(i -> i.get("sk").s().startsWith("ACTIVITY#")).hasSize(3)
                .allSatisfy(i -> assertThat(i.get("itemType").s()).isEqualTo("activity"));

        // the export gives activities and owner changes sections of their own
        patch(leadId, "{\"owner\":\"dach-1@example.com\",\"reason\":\"Übernahme\"}");
        LeadExport export = store.exports().export(leadId, null, 1_000_000, NOW).orElseThrow();
        assertThat(export.activities()).hasSize(3).allSatisfy(a -> assertThat(a.get("by")).isEqualTo(REP));
        assertThat(export.ownerChanges()).singleElement().satisfies(o -> assertThat(o.get("why")).isEqualTo("Übernahme"));
        // nothing else but the engagement ledger, which the export shows as stored
        assertThat(export.other()).extracting(o -> o.get("sk")).containsExactly("ENGAGEMENT");
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheFirst201AndRecordsNothingNew() throws Exception {
        String leadId = lead();
        String body = "{\"type\":\"call\",\"outcome\":\"Mailbox\"}";

        APIGatewayV2HTTPResponse first = activity(leadId, REP, "call-7f3a", body);
        long version = store.reads().findLead(leadId).orElseThrow().version();
        APIGatewayV2HTTPResponse retry = activity(leadId, REP, "call-7f3a", body);
        APIGatewayV2HTTPResponse otherBody = activity(leadId, REP, "call-7f3a", "{\"type\":\"note\"}");
        APIGatewayV2HTTPResponse otherRep = activity(leadId, TEAM_LEAD, "call-7f3a", body);
        APIGatewayV2HTTPResponse badKey = activity(leadId, REP, "x".repeat(256), body);

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
        assertThat(retry.getStatusCode()).as(retry.getBody()).isEqualTo(201);
        assertThat(json(retry)).as("the first answer, id and time included").isEqualTo(json(first));
        assertThat(retry.getHeaders()).containsEntry("Idempotent-Replayed", "true");
        assertThat(otherBody.getStatusCode()).isEqualTo(422);
        assertThat(json(otherBody).path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(badKey.getStatusCode()).isEqualTo(400);
        assertThat(otherRep.getStatusCode()).as("a key is the caller's own").isEqualTo(201);
        assertThat(json(otherRep).path("activityId").asText()).isNotEqualTo(json(first).path("activityId").asText());

        List<Map<String, AttributeValue>> items = partition(leadId);
        assertThat(items).filteredOn(i -> i.get("sk").s().startsWith("ACTIVITY#"))
                .extracting(i -> i.get("by").s()).containsExactlyInAnyOrder(REP, TEAM_LEAD);
        assertThat(store.reads().findLead(leadId).orElseThrow().version())
                .as("only the other rep's activity wrote after the first").isEqualTo(version + 1);
    }

    @Test
    void aBadActivityIsRefusedNamingTheFieldAndStoresNothing() throws Exception {
        String leadId = lead();
        long version = store.reads().findLead(leadId).orElseThrow().version();

        APIGatewayV2HTTPResponse noType = activity(leadId, "{\"note\":\"x\"}");
        APIGatewayV2HTTPResponse badType = activity(leadId, "{\"type\":\"fax\"}");
        APIGatewayV2HTTPResponse badAt = activity(leadId, "{\"type\":\"call\",\"at\":\"gestern\"}");
        APIGatewayV2HTTPResponse future = activity(leadId, "{\"type\":\"call\",\"at\":\"2026-12-01T10:00:00Z\"}");
        APIGatewayV2HTTPResponse longOutcome = activity(leadId, "{\"type\":\"call\",\"outcome\":\"" + "x".repeat(201) + "\"}");
        APIGatewayV2HTTPResponse notJson = activity(leadId, "type=call");
        APIGatewayV2HTTPResponse unknownLead = activity(UUID.randomUUID().toString(), "{\"type\":\"call\"}");

        assertThat(noType.getStatusCode()).isEqualTo(422);
        assertThat(json(noType).path("fields").has("type")).isTrue();
        assertThat(json(badType).path("fields").has("type")).isTrue();
        assertThat(json(badAt).path("fields").has("at")).isTrue();
        assertThat(json(future).path("fields").has("at")).isTrue();
        assertThat(json(longOutcome).path("fields").has("outcome")).isTrue();
        for (APIGatewayV2HTTPResponse r : List.of(badType, badAt, future, longOutcome)) {
            assertThat(r.getStatusCode()).isEqualTo(422);
        }
        assertThat(notJson.getStatusCode()).isEqualTo(400);
        assertThat(unknownLead.getStatusCode()).isEqualTo(404);
        assertThat(store.reads().findLead(leadId).orElseThrow().version()).isEqualTo(version);
        assertThat(partition(leadId)).noneMatch(i -> i.get("sk").s().startsWith("ACTIVITY#"));
    }
}

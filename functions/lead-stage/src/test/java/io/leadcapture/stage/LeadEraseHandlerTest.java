package io.leadcapture.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.ErasureRequest;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.MergeCommand;
import io.leadcapture.application.MergeOutcome;
import io.leadcapture.application.MergeRequest;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.notify.MailFeedback;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code DELETE /leads/{leadId}} and {@code DELETE /leads?email=|phone=} against moto: after an
 * erasure no item anywhere in the table holds the person's data, retries and redeliveries do not
 * bring them back, a fresh post does, and an erasure that stopped half-way completes with the same receipt.
 */
class LeadEraseHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final FormCatalog FORMS = FormCatalog.bundled();
    static final FormDefinition META = CaptureCommand.platformChannel("meta", InteractionType.AD_LEAD, "DE");
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Instant ERASED_AT = Instant.parse("2026-03-09T10:00:00Z");
    static final String DPO = "arn:aws:iam::123456789012:user/datenschutz";

    LeadStore store;
    String table;
    CaptureLead capture;
    LeadEraseHandler handler;

    /** One person, unique to the test: what must be gone from the table after the erasure. */
    record Person(String email, String phone, String e164, String firstName, String lastName, String company,
                  String ipHash) {

        static Person unique() {
            String n = Integer.toString(1_000_000 + (int) (Math.random() * 8_999_999));
            String tag = UUID.randomUUID().toString().substring(0, 8);
            return new Person("ilse.brandt." + tag + "@brandt-maschinen.de", "030 " + n, "+4930" + n,
                    "Ilse" + tag, "Brandt" + tag, "Brandt Maschinenbau " + tag + " GmbH", "iphash-" + tag);
        }

        List<String> traces() {
            return List.of(email, e164, firstName, lastName, company, ipHash);
        }
    }

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(T0, ZoneOffset.UTC));
        Clock clock = Clock.fixed(ERASED_AT, ZoneOffset.UTC);
        handler = new LeadEraseHandler(UseCases.eraseLead(store, clock), store.reads(), "DE", clock);
    }

    // ---- fixtures ----------------------------------------------------------------------------------

    static FormFields fields(String... nameValues) {
        FormFields fields = new FormFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(nameValues[i], nameValues[i + 1]);
        }
        return fields;
    }

    CaptureCommand formPost(Person p, String idempotencyKey, String requestHash) {
        return CaptureCommand.formPost(FORMS.find("newsletter").orElseThrow(),
                fields("email", p.email(), "phone", p.phone(), "first_name", p.firstName(), "last_name", p.lastName(),
                        "company", p.company(), "consent", "on"),
                p.ipHash(), "https://www.example.com/newsletter",
                idempotencyKey == null ? null : new IdempotencyKey("form:newsletter", idempotencyKey, requestHash));
    }

    CaptureCommand metaLead(Person p, String leadgenId) {
        return CaptureCommand.platformLead(META, fields("email", p.email(), "phone", p.phone(),
                        "first_name", p.firstName(), "last_name", p.lastName(), "company", p.company(),
                        "job_title", "Einkauf"),
                Map.of("leadgenId", leadgenId, "formId", "meta-form-1"), T0.plus(Duration.ofHours(1)), false, leadgenId);
    }

    /**
     * A lead that went through a form post (with an Idempotency-Key) and a Meta delivery, was scored,
     * moved by sales, and got a sales mail, an opt-in mail (marker, slot, pending opt-in) and an
     * auto-response slot; then SES reported a complaint: the address suppressed, the consent withdrawn.
     */
    String personWithHistory(Person p, String idempotencyKey, String leadgenId) {
        CaptureResult posted = capture.capture(formPost(p, idempotencyKey, "hash-" + idempotencyKey));
        String leadId = posted.leadId();
        assertThat(capture.capture(metaLead(p, leadgenId)).leadId()).isEqualTo(leadId);
        Lead lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(72, 30, 42, Temperature.HOT, List.of(),
                T0.plus(Duration.ofHours(2))), Stage.MQL)).isTrue();
        lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().changeStage(lead, Stage.SQL, "arn:aws:iam::123456789012:user/vertrieb",
                "Budget bestätigt", false, T0.plus(Duration.ofHours(3)))).isTrue();
        Instant at = T0.plus(Duration.ofHours(2));
        Notification sales = Notification.sales(leadId, 3);
        assertThat(store.markers().claim(sales, "became MQL", at, Duration.ofMinutes(2))).isEqualTo(NotificationClaim.CLAIMED);
        store.markers().markSent(sales, "ses-1", List.of("dach-sales-1@example.com"), at);
        Notification optIn = Notification.optIn(leadId, posted.interactionId());
        assertThat(store.markers().claim(optIn, null, at, Duration.ofMinutes(2))).isEqualTo(NotificationClaim.CLAIMED);
        assertThat(store.markers().takeOptInSlot(optIn, "marketing", at, Duration.ofHours(24))).isTrue();
        store.consents().recordPendingOptIn(leadId, posted.interactionId(), null, at.plus(Duration.ofDays(7)));
        store.markers().markSent(optIn, "ses-2", List.of(p.email()), at);
        Notification auto = Notification.autoResponse(leadId, posted.interactionId());
        assertThat(store.markers().takeMailSlot(auto, at, Duration.ofHours(24))).isTrue();
        // SES reports a complaint about the opt-in mail: the address is suppressed, the consent withdrawn (history item)
        String complaint = "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"fb-" + leadgenId
                + "\",\"complainedRecipients\":[{\"emailAddress\":\"" + p.email() + "\"}],\"timestamp\":\"" + at
                + "\"},\"mail\":{\"messageId\":\"ses-2\",\"timestamp\":\"" + at + "\",\"destination\":[\""
                + p.email() + "\"]}}";
        UseCases.recordMailFeedback(store, Clock.fixed(at, ZoneOffset.UTC))
                .record(MailFeedback.parse(complaint).orElseThrow());
        assertThat(store.suppressions().isSuppressed(p.email())).isTrue();
        assertThat(partition(leadId)).anySatisfy(i -> assertThat(i.get("itemType").s()).isEqualTo("consentChange"));
        assertThat(tableText()).contains(p.email(), p.e164(), p.firstName(), p.lastName(), p.company(), p.ipHash());
        return leadId;
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    // ---- requests and the table --------------------------------------------------------------------

    APIGatewayV2HTTPResponse delete(String leadId, String body) {
        return delete(leadId, body, 10);
    }

    APIGatewayV2HTTPResponse delete(String leadId, String body, int secondsLeft) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = body == null ? Map.of() : Map.of("content-type", List.of("application/json"));
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("DELETE /leads/{leadId}", "DELETE", "/leads/" + leadId, "",
                headers, bytes, "10.0.0.1", Map.of("leadId", leadId));
        return handler.handleRequest(iam(e), new LocalContext("LeadEraseFunction", secondsLeft));
    }

    APIGatewayV2HTTPResponse deleteBy(String rawQuery) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("DELETE /leads", "DELETE", "/leads", rawQuery, Map.of(),
                new byte[0], "10.0.0.1", Map.of());
        return handler.handleRequest(iam(e), new LocalContext("LeadEraseFunction", 10));
    }

    static APIGatewayV2HTTPEvent iam(APIGatewayV2HTTPEvent e) {
        e.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(DPO).build()).build());
        return e;
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    List<Map<String, AttributeValue>> allItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            var page = DDB.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** Every item of the table as text, keys and values (AttributeValue prints its value). */
    String tableText() {
        StringBuilder b = new StringBuilder();
        allItems().forEach(i -> b.append(i).append('\n'));
        return b.toString();
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return DDB.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("LEAD#" + leadId)))).items();
    }

    void assertNoTraceOf(Person p) {
        String text = tableText();
        for (String trace : p.traces()) {
            assertThat(text).as("the table after the erasure").doesNotContain(trace);
        }
    }

    // ---- tests -------------------------------------------------------------------------------------

    @Test
    void erasureLeavesNoItemWithThePersonsDataAndAnswersTheSameReceiptEveryTime() throws Exception {
        Person p = Person.unique();
        String leadId = personWithHistory(p, "key-" + UUID.randomUUID(), "lg-" + UUID.randomUUID());
        int held = partition(leadId).size();

        APIGatewayV2HTTPResponse r = delete(leadId, "{\"reason\":\"Auskunftsersuchen Art. 17\",\"requestedBy\":\"DSB Ticket 4711\"}");

        assertThat(r.getStatusCode()).isEqualTo(200);
        JsonNode receipt = json(r);
        assertThat(receipt.path("leadId").asText()).isEqualTo(leadId);
        assertThat(receipt.path("erasedAt").asText()).isEqualTo(ERASED_AT.toString());
        // the lead's items, the email and phone claims and the suppression entry
        assertThat(receipt.path("itemsDeleted").asLong()).isEqualTo(held + 3);
        assertNoTraceOf(p);
        List<Map<String, AttributeValue>> left = partition(leadId);
        assertThat(left).hasSize(1);
        assertThat(left.getFirst().get("sk").s()).isEqualTo("ERASED");
        assertThat(left.getFirst().get("requestedBy").s()).isEqualTo("DSB Ticket 4711");
        assertThat(left.getFirst().get("reason").s()).isEqualTo("Auskunftsersuchen Art. 17");
        assertThat(store.reads().findLead(leadId)).isEmpty();
        assertThat(store.reads().findLeadIdByEmail(p.email())).isEmpty();

        APIGatewayV2HTTPResponse again = delete(leadId, null);
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(receipt);
        // by address: nobody holds it any more
        assertThat(deleteBy("email=" + p.email()).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aReplayedKeyAndARedeliveredWebhookAreDuplicatesAndAFreshPostIsANewLead() {
        Person p = Person.unique();
        String key = "key-" + UUID.randomUUID();
        String leadgenId = "lg-" + UUID.randomUUID();
        String leadId = personWithHistory(p, key, leadgenId);
        assertThat(delete(leadId, null).getStatusCode()).isEqualTo(200);

        CaptureResult replayed = capture.capture(formPost(p, key, "hash-" + key));
        // the body's hash is gone with the person: the key alone answers, whatever the body
        CaptureResult replayedOtherBody = capture.capture(formPost(p, key, "another-hash"));
        CaptureResult redelivered = capture.capture(metaLead(p, leadgenId));

        assertThat(List.of(replayed, replayedOtherBody, redelivered)).allSatisfy(c -> {
            assertThat(c.replayed()).isTrue();
            assertThat(c.leadId()).isEqualTo(leadId);
        });
        assertThat(store.reads().findLead(leadId)).isEmpty();
        assertNoTraceOf(p);

        CaptureResult fresh = capture.capture(formPost(p, null, null));
        assertThat(fresh.replayed()).isFalse();
        assertThat(fresh.outcome()).isEqualTo(CaptureResult.Outcome.CREATED);
        assertThat(fresh.leadId()).isNotEqualTo(leadId);
        assertThat(store.reads().findLeadIdByEmail(p.email())).contains(fresh.leadId());
    }

    @Test
    void streamWritesForAnErasedLeadRecreateNothing() {
        Person p = Person.unique();
        String leadId = personWithHistory(p, "key-" + UUID.randomUUID(), "lg-" + UUID.randomUUID());
        assertThat(delete(leadId, null).getStatusCode()).isEqualTo(200);
        Instant later = ERASED_AT.plus(Duration.ofMinutes(1));

        // records of the lead still in the stream, handled after the erasure
        Notification optIn = Notification.optIn(leadId, "i-late");
        assertThat(store.markers().claim(optIn, null, later, Duration.ofMinutes(2))).isEqualTo(NotificationClaim.LEAD_GONE);
        assertThat(store.markers().takeOptInSlot(optIn, "marketing", later, Duration.ofHours(24))).isFalse();
        assertThat(store.markers().takeMailSlot(optIn, later, Duration.ofHours(24))).isFalse();
        store.markers().markSent(optIn, "ses-9", List.of(p.email()), later);
        store.consents().recordPendingOptIn(leadId, "i-late", null, later.plus(Duration.ofDays(7)));

        assertThat(partition(leadId)).extracting(i -> i.get("sk").s()).containsExactly("ERASED");
        assertNoTraceOf(p);
    }

    @Test
    void anErasureThatStoppedHalfWayCompletesOnTheNextRequestWithOneReceipt() throws Exception {
        Person p = Person.unique();
        String leadId = personWithHistory(p, "key-" + UUID.randomUUID(), "lg-" + UUID.randomUUID());
        // a long history: more items than one batch takes
        for (int i = 0; i < 55; i++) {
            capture.capture(CaptureCommand.formPost(FORMS.find("newsletter").orElseThrow(),
                    fields("email", p.email(), "consent", "on"), p.ipHash(), null, null));
        }
        int held = partition(leadId).size();

        // the function died after the mark, the claims and one batch
        Lead lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.erasures().markErasing(lead, new ErasureRequest(DPO, "Art. 17", ERASED_AT))).isTrue();
        store.erasures().eraseIdentities(leadId, lead);
        assertThat(store.erasures().eraseBatch(leadId)).isPositive();
        assertThat(store.reads().findLeadIdByEmail(p.email())).isEmpty();
        assertThat(partition(leadId).size()).isBetween(2, held - 1);

        // the next request runs out of time after one more batch
        APIGatewayV2HTTPResponse unfinished = delete(leadId, null, 3);
        assertThat(unfinished.getStatusCode()).isEqualTo(202);
        assertThat(unfinished.getHeaders()).containsEntry("retry-after", "1");
        assertThat(json(unfinished).path("status").asText()).isEqualTo("erasing");

        APIGatewayV2HTTPResponse done = delete(leadId, null);
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(json(done).path("itemsDeleted").asLong()).isEqualTo(held + 3);
        assertThat(json(delete(leadId, null))).isEqualTo(json(done));
        assertNoTraceOf(p);
        // the receipt keeps who asked first and why
        assertThat(partition(leadId).getFirst().get("reason").s()).isEqualTo("Art. 17");
    }

    @Test
    void byPhoneTheNumberIsReadAsTheFormsReadItAndTheOtherLeadsLinkGoes() throws Exception {
        Person p = Person.unique();
        String leadId = capture.capture(CaptureCommand.formPost(FORMS.find("callback").orElseThrow(),
                fields("phone", p.phone(), "first_name", p.firstName()), p.ipHash(), null, null)).leadId();
        // another person's newsletter signup with this phone: linked as a possible duplicate
        String other = capture.capture(CaptureCommand.formPost(FORMS.find("newsletter").orElseThrow(),
                fields("email", "other." + UUID.randomUUID() + "@example.org", "consent", "on"), null, null, null)).leadId();
        DDB.putItem(r -> r.tableName(table).item(Map.of("pk", s("LEAD#" + leadId), "sk", s("DUPLICATE#" + other),
                "itemType", s("duplicateLink"), "leadId", s(leadId), "otherLeadId", s(other))));
        DDB.putItem(r -> r.tableName(table).item(Map.of("pk", s("LEAD#" + other), "sk", s("DUPLICATE#" + leadId),
                "itemType", s("duplicateLink"), "leadId", s(other), "otherLeadId", s(leadId))));

        APIGatewayV2HTTPResponse r = deleteBy("phone=%2B4930" + p.e164().substring(5));

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(json(r).path("leadId").asText()).isEqualTo(leadId);
        assertThat(store.reads().findLead(other).orElseThrow().possibleDuplicateOf()).isEmpty();
        assertThat(tableText()).doesNotContain(p.e164()).doesNotContain(p.firstName());
        assertThat(deleteBy("phone=" + p.phone().replace(" ", "%20")).getStatusCode()).isEqualTo(404);
    }

    @Test
    void neitherLeadOfAnUnfinishedMergeIsErasedUntilItCompletes() throws Exception {
        Person p = Person.unique();
        Person q = Person.unique();
        String source = capture.capture(formPost(p, null, null)).leadId();
        String target = capture.capture(formPost(q, null, null)).leadId();
        // the merge's first step ran, then its function stopped
        assertThat(store.merges().mark(store.captures().profile(source).orElseThrow(),
                store.captures().profile(target).orElseThrow(), null,
                new MergeRequest("arn:aws:iam::123456789012:user/vertrieb", null, T0))).isTrue();
        assertThat(store.merges().mergesInto(target)).containsExactly(source);
        assertThat(store.erasures().markErasing(store.captures().profile(source).orElseThrow(),
                new ErasureRequest(DPO, null, ERASED_AT))).as("the mark's own check on the merging lead").isFalse();
        String before = tableText();

        APIGatewayV2HTTPResponse fromSource = delete(source, null);
        assertThat(fromSource.getStatusCode()).as(fromSource.getBody()).isEqualTo(409);
        assertThat(json(fromSource).path("error").asText()).isEqualTo("merge_in_progress");
        assertThat(json(fromSource).path("fields").path("mergingInto").asText()).isEqualTo(target);
        APIGatewayV2HTTPResponse intoTarget = delete(target, null);
        assertThat(intoTarget.getStatusCode()).as(intoTarget.getBody()).isEqualTo(409);
        assertThat(json(intoTarget).path("fields").path("mergingFrom").asText()).isEqualTo(source);
        assertThat(tableText()).as("refused erasures write nothing").isEqualTo(before);

        // the merge completes; then the lead it went into is erased with everything it brought
        Clock clock = Clock.fixed(ERASED_AT, ZoneOffset.UTC);
        assertThat(UseCases.mergeLeads(store, clock).merge(new MergeCommand(source, target,
                "arn:aws:iam::123456789012:user/vertrieb", null, null))).isInstanceOf(MergeOutcome.Completed.class);
        assertThat(store.merges().mergesInto(target)).isEmpty();
        APIGatewayV2HTTPResponse erased = delete(target, null);
        assertThat(erased.getStatusCode()).as(erased.getBody()).isEqualTo(200);
        assertNoTraceOf(p);
        assertNoTraceOf(q);
    }

    @Test
    void unknownLeadsAndBadRequestsAreRefusedAndStoreNothing() throws Exception {
        String unknown = UUID.randomUUID().toString();

        APIGatewayV2HTTPResponse r = delete(unknown, null);
        assertThat(r.getStatusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).isEqualTo("lead_not_found");
        assertThat(deleteBy("email=nobody." + UUID.randomUUID() + "@example.org").getStatusCode()).isEqualTo(404);
        assertThat(deleteBy("").getStatusCode()).isEqualTo(400);
        assertThat(deleteBy("email=a%40b.de&phone=0301234567").getStatusCode()).isEqualTo(400);
        assertThat(delete(unknown, "{\"reason\":42}").getStatusCode()).isEqualTo(400);
        assertThat(delete(unknown, "[1]").getStatusCode()).isEqualTo(400);
        assertThat(allItems()).isEmpty();
    }
}

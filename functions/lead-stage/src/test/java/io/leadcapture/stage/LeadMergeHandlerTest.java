package io.leadcapture.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.ErasureOutcome;
import io.leadcapture.application.ErasureRequest;
import io.leadcapture.application.MergeRequest;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ProposedChange;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import io.leadcapture.runtime.store.StageChangeRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code POST /leads/{leadId}/merge} against moto: what the table holds after a merge, a repeated
 * merge, a merge that stopped half-way, and every refusal (which stores nothing).
 */
class LeadMergeHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final FormCatalog FORMS = FormCatalog.bundled();
    static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    static final Instant MERGED_AT = Instant.parse("2026-03-05T14:30:00Z");
    static final String SALES = "arn:aws:iam::123456789012:user/vertrieb.mueller";
    static final String WHY = "Rückruf und Newsletter: dieselbe Person";

    LeadStore store;
    String table;
    CaptureLead capture;
    LeadMergeHandler handler;

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(T0, ZoneOffset.UTC));
        Clock mergeClock = Clock.fixed(MERGED_AT, ZoneOffset.UTC);
        handler = new LeadMergeHandler(UseCases.mergeLeads(store, mergeClock), mergeClock);
    }

    // ---- fixtures: leads made the way the forms make them --------------------------------------

    CaptureResult post(String form, Instant at, String... nameValues) {
        FormFields fields = new FormFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(nameValues[i], nameValues[i + 1]);
        }
        return capture.capture(new CaptureCommand(FORMS.find(form).orElseThrow(), fields, at, "hmac-sha256:test", null,
                Map.of(), false, null, false, false));
    }

    static String uniquePhone() {
        return "030 " + (1_000_000 + (int) (Math.random() * 8_999_999));
    }

    static String e164(String phone) {
        return "+4930" + phone.substring(4);
    }

    /** A phone-only lead (two callback requests), with a score, a stage change by sales, a sales-mail marker and a mail slot. */
    String phoneOnlyLeadWithHistory(String phone) {
        String leadId = post("callback", T0, "phone", phone, "first_name", "Paula").leadId();
        post("callback", T0.plus(Duration.ofHours(1)), "phone", phone, "message", "Bitte nach 16 Uhr");
        Lead lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(72, 30, 42, Temperature.HOT, List.of(),
                T0.plus(Duration.ofHours(2))), Stage.MQL)).isTrue();
        lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().changeStage(lead, Stage.SQL, SALES, "Budget bestätigt", false,
                T0.plus(Duration.ofHours(3)))).isTrue();
        Notification salesMail = Notification.sales(leadId, 3);
        store.markers().claim(salesMail, "became MQL", T0.plus(Duration.ofHours(2)), Duration.ofMinutes(2));
        store.markers().markSent(salesMail, "ses-1", List.of("dach-sales-1@example.com"), T0.plus(Duration.ofHours(2)));
        assertThat(store.markers().takeMailSlot(salesMail, T0.plus(Duration.ofHours(2)), Duration.ofHours(24))).isTrue();
        return leadId;
    }

    /** A newsletter signup with a new email and the phone of another lead: a lead of its own, linked to that one. */
    String emailLeadWithPhoneOf(String email, String phone, String otherLeadId) {
        CaptureResult r = post("newsletter", T0.plus(Duration.ofDays(1)), "email", email, "phone", phone,
                "first_name", "Eva", "consent", "on");
        assertThat(r.leadId()).isNotEqualTo(otherLeadId);
        assertThat(store.reads().findLead(r.leadId()).orElseThrow().possibleDuplicateOf()).containsExactly(otherLeadId);
        assertThat(store.reads().findLead(otherLeadId).orElseThrow().possibleDuplicateOf()).containsExactly(r.leadId());
        return r.leadId();
    }

    // ---- requests and the table ------------------------------------------------------------------

    APIGatewayV2HTTPResponse merge(String leadId, String body) {
        return merge(leadId, body, "application/json", 10);
    }

    APIGatewayV2HTTPResponse merge(String leadId, String body, String contentType, int secondsLeft) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("POST /leads/{leadId}/merge", "POST", "/leads/" + leadId + "/merge",
                "", Map.of("content-type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8), "10.0.0.1",
                Map.of("leadId", leadId));
        e.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withIam(APIGatewayV2HTTPEvent.RequestContext.IAM.builder().withUserArn(SALES).build()).build());
        return handler.handleRequest(e, new LocalContext("LeadMergeFunction", secondsLeft));
    }

    static String into(String target) {
        return "{\"into\":\"" + target + "\",\"reason\":\"" + WHY + "\"}";
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    /** Every item of the table, ordered by key. */
    List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(items::add);
        items.sort(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s()).thenComparing(i -> i.get("sk").s()));
        return items;
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return scan().stream().filter(i -> i.get("pk").s().equals("LEAD#" + leadId)).toList();
    }

    static List<String> sortKeys(List<Map<String, AttributeValue>> items) {
        return items.stream().map(i -> i.get("sk").s()).toList();
    }

    String claimOwner(String key) {
        return scan().stream().filter(i -> i.get("pk").s().equals(key) && i.get("sk").s().equals("IDENTITY"))
                .map(i -> i.get("leadId").s()).findFirst().orElse(null);
    }

    // ---- the merge -----------------------------------------------------------------------------

    @Test
    void mergeMovesInteractionsHistoryConsentAndIdentitiesAndRecordsWhoWhenWhy() throws Exception {
        String phone = uniquePhone();
        String email = "eva." + UUID.randomUUID().toString().substring(0, 8) + "@example-werke.de";
        String source = phoneOnlyLeadWithHistory(phone);
        String target = emailLeadWithPhoneOf(email, phone, source);
        List<Map<String, AttributeValue>> sourceBefore = partition(source);
        List<Map<String, AttributeValue>> targetBefore = partition(target);
        Set<String> sourceInteractions = sourceBefore.stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))
                .map(i -> i.get("interactionId").s()).collect(Collectors.toSet());
        assertThat(sourceInteractions).hasSize(2);
        // everything but the profile, the link to the target and the engagement ledger moves (the
        // target's ledger is rebuilt from the interactions it then holds)
        List<String> moving = sortKeys(sourceBefore).stream()
                .filter(sk -> !sk.equals("PROFILE") && !sk.equals("DUPLICATE#" + target) && !sk.equals("ENGAGEMENT")).toList();
        assertThat(moving).anyMatch(sk -> sk.startsWith("SCORE#")).anyMatch(sk -> sk.startsWith("STAGE#"))
                .contains("NOTIFICATION#SALES#3", "MAILCAP");

        APIGatewayV2HTTPResponse r = merge(source, into(target));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        JsonNode receipt = json(r);
        assertThat(receipt.path("leadId").asText()).isEqualTo(target);
        assertThat(receipt.path("mergedFrom").asText()).isEqualTo(source);
        assertThat(receipt.path("itemsMoved").asLong()).isEqualTo(moving.size());
        assertThat(receipt.path("mergedAt").asText()).isEqualTo(MERGED_AT.toString());

        // the source: only a tombstone without personal data
        List<Map<String, AttributeValue>> sourceAfter = partition(source);
        assertThat(sortKeys(sourceAfter)).containsExactly("MERGED");
        assertThat(sourceAfter.get(0).keySet()).containsExactlyInAnyOrder("pk", "sk", "itemType", "leadId",
                "mergedInto", "mergedAt", "itemsMoved");
        assertThat(sourceAfter.get(0).get("mergedInto").s()).isEqualTo(target);
        assertThat(store.reads().findLead(source)).as("GET /leads/{source} answers 404").isEmpty();

        // the target: its own items and every item of the source
        List<Map<String, AttributeValue>> targetAfter = partition(target);
        List<String> targetKeys = sortKeys(targetAfter);
        for (String sk : moving) {
            String expected = sk.equals("NOTIFICATION#SALES#3") ? "NOTIFICATION#SALES#MERGED#" + source + "#3" : sk;
            assertThat(targetKeys).as("moved " + sk).contains(expected);
        }
        assertThat(targetKeys).as("no duplicate links left").noneMatch(sk -> sk.startsWith("DUPLICATE#"));
        assertThat(targetKeys).containsAll(sortKeys(targetBefore).stream()
                .filter(sk -> !sk.startsWith("DUPLICATE#")).toList());
        for (Map<String, AttributeValue> item : targetAfter) {
            if (moving.contains(item.get("sk").s()) && item.containsKey("leadId")) {
                assertThat(item.get("leadId").s()).as(item.get("sk").s()).isEqualTo(target);
                assertThat(item.get("movedFrom").s()).as(item.get("sk").s()).isEqualTo(source);
            }
        }

        // the target's engagement ledger: marked incomplete, rebuilt from both histories by the next
        // rescore and written back (the merge moved the source's interactions, not its ledger)
        LeadReads.ScoringView scoring = store.reads().findForScoring(target).orElseThrow();
        assertThat(scoring.rebuilt()).isTrue();
        assertThat(scoring.ledger().entries()).extracting(e -> e.interactionId())
                .containsAll(sourceInteractions).hasSize((int) targetAfter.stream()
                        .filter(i -> i.get("sk").s().startsWith("INTERACTION#")).count());
        assertThat(store.reads().saveLedger(scoring, scoring.ledger())).isTrue();
        assertThat(store.reads().findForScoring(target).orElseThrow().rebuilt()).isFalse();

        // identities: the source's phone and the target's email point at the target
        assertThat(claimOwner("PHONE#" + e164(phone))).isEqualTo(target);
        assertThat(claimOwner("EMAIL#" + email)).isEqualTo(target);

        // the merge record: who, when, why and what moved
        Map<String, AttributeValue> record = targetAfter.stream().filter(i -> i.get("sk").s().startsWith("MERGE#"))
                .findFirst().orElseThrow();
        assertThat(record.get("itemType").s()).isEqualTo("merge");
        assertThat(record.get("from").s()).isEqualTo(source);
        assertThat(record.get("who").s()).isEqualTo(SALES);
        assertThat(record.get("why").s()).isEqualTo(WHY);
        assertThat(record.get("at").s()).isEqualTo(MERGED_AT.toString());
        assertThat(record.get("itemsMoved").n()).isEqualTo(Integer.toString(moving.size()));
        assertThat(record.get("interactionsMoved").n()).isEqualTo("2");
        assertThat(record.get("phones").ss()).containsExactly(e164(phone));

        // the lead as sales reads it: both histories, combined profile, the source's stage and score
        Lead merged = store.reads().findLead(target).orElseThrow();
        assertThat(merged.interactions()).hasSize(3);
        assertThat(merged.interactions().stream().map(i -> i.interactionId()).toList()).containsAll(sourceInteractions);
        assertThat(merged.interactionCount()).isEqualTo(3);
        assertThat(merged.firstTouch().occurredAt()).isEqualTo(T0);
        assertThat(merged.lastTouch().occurredAt()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(merged.profile().email()).isEqualTo(email);
        assertThat(merged.profile().phone()).isEqualTo(e164(phone));
        assertThat(merged.profile().firstName()).as("the target keeps its values").isEqualTo("Eva");
        assertThat(merged.proposedChanges()).extracting(ProposedChange::field, ProposedChange::value)
                .contains(org.assertj.core.groups.Tuple.tuple("first_name", "Paula"));
        assertThat(merged.consent().status().wireName()).isEqualTo("pending");
        assertThat(merged.stage()).isEqualTo(Stage.SQL);
        assertThat(merged.scoring().temperature()).isEqualTo(Temperature.HOT);
        assertThat(merged.possibleDuplicateOf()).isEmpty();
        List<StageChangeRecord> stages = store.reads().stageChanges(target);
        assertThat(stages).singleElement().satisfies(s -> {
            assertThat(s.to()).isEqualTo(Stage.SQL);
            assertThat(s.who()).isEqualTo(SALES);
        });

        // a repeat answers the same receipt and changes nothing
        List<Map<String, AttributeValue>> settled = scan();
        APIGatewayV2HTTPResponse again = merge(source, into(target));
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(again.getBody()).isEqualTo(r.getBody());
        assertThat(scan()).isEqualTo(settled);

        // a later callback from the phone lands on the target
        CaptureResult later = post("callback", T0.plus(Duration.ofDays(2)), "phone", phone);
        assertThat(later.leadId()).isEqualTo(target);
    }

    @Test
    void aMergeStoppedHalfWayIsCompletedByTheNextRequest() throws Exception {
        String phone = uniquePhone();
        String source = post("callback", T0, "phone", phone, "first_name", "Paula").leadId();
        // more interactions than one transaction can move
        for (int i = 1; i < 60; i++) {
            post("callback", T0.plusSeconds(60L * i), "phone", phone);
        }
        String email = "eva." + UUID.randomUUID().toString().substring(0, 8) + "@example-werke.de";
        String target = emailLeadWithPhoneOf(email, phone, source);

        // the first steps of a merge, then the function died: marked, one batch moved
        Lead sourceLead = store.captures().profile(source).orElseThrow();
        Lead targetLead = store.captures().profile(target).orElseThrow();
        assertThat(store.merges().mark(sourceLead, targetLead, null,
                new MergeRequest(SALES, WHY, MERGED_AT.minusSeconds(60)))).isTrue();
        // meanwhile another callback lands on the source (its phone claim still names it)
        post("callback", T0.plus(Duration.ofDays(3)), "phone", phone);
        assertThat(store.reads().findLead(source).orElseThrow().interactionCount()).isEqualTo(61);
        int firstBatch = store.merges().moveBatch(source, target);
        assertThat(firstBatch).isBetween(1, 50);
        assertThat(partition(source).stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))).isNotEmpty();

        // a request with little time left moves one more batch and says so
        APIGatewayV2HTTPResponse partial = merge(source, into(target), "application/json", 1);
        assertThat(partial.getStatusCode()).as(partial.getBody()).isEqualTo(202);
        assertThat(partial.getHeaders()).containsEntry("retry-after", "1");
        assertThat(json(partial).path("status").asText()).isEqualTo("merging");
        assertThat(json(partial).path("itemsMoved").asLong()).isGreaterThan(firstBatch);
        assertThat(store.reads().findLead(source)).isPresent();

        APIGatewayV2HTTPResponse done = merge(source, into(target));

        assertThat(done.getStatusCode()).as(done.getBody()).isEqualTo(200);
        assertThat(json(done).path("itemsMoved").asLong()).isEqualTo(61);
        assertThat(sortKeys(partition(source))).containsExactly("MERGED");
        Lead merged = store.reads().findLead(target).orElseThrow();
        // a lead is read with its newest interactions; the pages after them hold the rest
        List<Interaction> all = new ArrayList<>();
        String cursor = null;
        do {
            LeadReads.InteractionPage page = store.reads().interactions(target, cursor, 100).orElseThrow();
            all.addAll(page.items());
            cursor = page.next();
        } while (cursor != null);
        assertThat(all).hasSize(62);
        assertThat(merged.interactionCount()).isEqualTo(62);
        assertThat(claimOwner("PHONE#" + e164(phone))).isEqualTo(target);
        Map<String, AttributeValue> record = partition(target).stream()
                .filter(i -> i.get("sk").s().startsWith("MERGE#")).findFirst().orElseThrow();
        assertThat(record.get("who").s()).as("the request that started the merge").isEqualTo(SALES);
        assertThat(record.get("requestedAt").s()).isEqualTo(MERGED_AT.minusSeconds(60).toString());
        assertThat(record.get("interactionsMoved").n()).isEqualTo("61");
    }

    @Test
    void refusedRequestsStoreNothing() throws Exception {
        String phone = uniquePhone();
        String source = post("callback", T0, "phone", phone).leadId();
        String target = emailLeadWithPhoneOf("eva." + UUID.randomUUID().toString().substring(0, 8) + "@example-werke.de",
                phone, source);
        String unknown = UUID.randomUUID().toString();
        List<Map<String, AttributeValue>> before = scan();

        assertRefused(merge(source, "not json"), 400, "malformed_body");
        assertRefused(merge(source, "[]"), 400, "malformed_body");
        assertRefused(merge(source, "{\"reason\":\"x\"}"), 400, "malformed_body");
        assertRefused(merge(source, "{\"into\":\"LEAD#x\"}"), 400, "malformed_body");
        assertRefused(merge(source, "{\"into\":\"" + target + "\",\"reason\":7}"), 400, "malformed_body");
        assertRefused(merge(source, "{\"into\":\"" + target + "\",\"reason\":\"" + "x".repeat(501) + "\"}"), 400,
                "malformed_body");
        assertRefused(merge(source, "into=" + target, "application/x-www-form-urlencoded", 10), 415,
                "unsupported_media_type");
        assertRefused(merge(source, into(source)), 422, "same_lead");
        assertRefused(merge(unknown, into(target)), 404, "lead_not_found");
        assertRefused(merge("not-a-lead!", into(target)), 404, "lead_not_found");
        JsonNode noTarget = assertRefused(merge(source, into(unknown)), 404, "lead_not_found");
        assertThat(noTarget.path("fields").path("into").asText()).isEqualTo("no such lead");

        assertThat(scan()).isEqualTo(before);

        // once merged: into another lead is refused, into the lead it went into is the receipt
        assertThat(merge(source, into(target)).getStatusCode()).isEqualTo(200);
        String third = post("callback", T0, "phone", uniquePhone()).leadId();
        List<Map<String, AttributeValue>> merged = scan();
        JsonNode elsewhere = assertRefused(merge(source, into(third)), 409, "already_merged");
        assertThat(elsewhere.path("fields").path("into").asText()).isEqualTo(target);
        assertRefused(merge(target, into(source)), 422, "same_lead");
        assertThat(scan()).isEqualTo(merged);
    }

    @Test
    void aLeadBeingMergedElsewhereIsNeitherMergedAgainNorMergedInto() throws Exception {
        String a = post("callback", T0, "phone", uniquePhone()).leadId();
        String b = post("callback", T0, "phone", uniquePhone()).leadId();
        String c = post("callback", T0, "phone", uniquePhone()).leadId();
        Lead leadA = store.captures().profile(a).orElseThrow();
        Lead leadB = store.captures().profile(b).orElseThrow();
        assertThat(store.merges().mark(leadA, leadB, null, new MergeRequest(SALES, null, T0))).isTrue();
        List<Map<String, AttributeValue>> before = scan();

        JsonNode other = assertRefused(merge(a, into(c)), 409, "merge_in_progress");
        assertThat(other.path("fields").path("into").asText()).isEqualTo(b);
        JsonNode busy = assertRefused(merge(c, into(a)), 409, "target_merging");
        assertThat(busy.path("fields").path("into").asText()).isEqualTo(b);
        assertRefused(merge(b, into(a)), 409, "target_merging");
        assertThat(scan()).isEqualTo(before);

        // the started merge completes; a merge into the merged lead then goes on to where it went
        assertThat(merge(a, into(b)).getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse followed = merge(c, into(a));
        assertThat(followed.getStatusCode()).as(followed.getBody()).isEqualTo(200);
        assertThat(json(followed).path("leadId").asText()).isEqualTo(b);
        assertThat(store.reads().findLead(b).orElseThrow().interactions()).hasSize(3);
        assertThat(merge(c, into(a)).getBody()).as("repeat of the followed merge").isEqualTo(followed.getBody());
    }

    @Test
    void aLeadBeingErasedIsNeitherMergedNorMergedInto() throws Exception {
        String a = post("callback", T0, "phone", uniquePhone()).leadId();
        String b = post("callback", T0, "phone", uniquePhone()).leadId();
        assertThat(store.erasures().markErasing(store.captures().profile(a).orElseThrow(),
                new ErasureRequest("arn:aws:iam::123456789012:user/datenschutz", null, T0))).isTrue();
        List<Map<String, AttributeValue>> before = scan();
        Lead leadA = store.captures().profile(a).orElseThrow();
        Lead leadB = store.captures().profile(b).orElseThrow();
        MergeRequest request = new MergeRequest(SALES, WHY, T0);
        assertThat(store.merges().mark(leadA, leadB, null, request)).as("the mark's own check, source").isFalse();
        assertThat(store.merges().mark(leadB, leadA, null, request)).as("the mark's own check, target").isFalse();

        assertRefused(merge(a, into(b)), 409, "lead_being_erased");
        JsonNode busy = assertRefused(merge(b, into(a)), 409, "target_being_erased");
        assertThat(busy.path("fields").path("into").asText()).isEqualTo(a);
        assertThat(scan()).isEqualTo(before);
    }

    @Test
    void anUnfinishedMergeFollowsItsTargetOnAndIsCountedThere() throws Exception {
        String a = post("callback", T0, "phone", uniquePhone()).leadId();
        String b = post("callback", T0, "phone", uniquePhone()).leadId();
        String c = post("callback", T0, "phone", uniquePhone()).leadId();
        assertThat(store.merges().mark(store.captures().profile(a).orElseThrow(), store.captures().profile(b).orElseThrow(),
                null, new MergeRequest(SALES, WHY, T0))).isTrue();
        assertThat(sortKeys(partition(b))).contains("INCOMING#" + a);

        // b goes on into c before a's merge has moved anything: c now waits for a's merge too
        assertThat(merge(b, into(c)).getStatusCode()).isEqualTo(200);
        assertThat(store.merges().mergesInto(b)).isEmpty();
        assertThat(store.merges().mergesInto(c)).containsExactly(a);
        assertThat(UseCases.eraseLead(store, Clock.fixed(MERGED_AT, ZoneOffset.UTC))
                .erase(new EraseCommand(c, "arn:aws:iam::123456789012:user/datenschutz", null, null)))
                .as("c is not erased while a's merge is on its way there")
                .isEqualTo(new ErasureOutcome.MergeInProgress(c, a, true));

        APIGatewayV2HTTPResponse followed = merge(a, into(b));
        assertThat(followed.getStatusCode()).as(followed.getBody()).isEqualTo(200);
        assertThat(json(followed).path("leadId").asText()).isEqualTo(c);
        assertThat(store.merges().mergesInto(b)).isEmpty();
        assertThat(store.merges().mergesInto(c)).isEmpty();
        assertThat(sortKeys(partition(a))).containsExactly("MERGED");
        assertThat(sortKeys(partition(b))).containsExactly("MERGED");
        assertThat(store.reads().findLead(c).orElseThrow().interactions()).hasSize(3);
    }

    @Test
    void aMergedLeadsOptInLinkConfirmsOnTheLeadItWentInto() {
        String phone = uniquePhone();
        String email = "eva." + UUID.randomUUID().toString().substring(0, 8) + "@example-werke.de";
        String target = post("callback", T0, "phone", phone).leadId();
        String source = emailLeadWithPhoneOf(email, phone, target);
        Lead signup = store.reads().findLead(source).orElseThrow();
        String interactionId = signup.interactions().get(0).interactionId();
        String interactionSk = partition(source).stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))
                .findFirst().orElseThrow().get("sk").s();
        store.consents().recordPendingOptIn(source, interactionId, interactionSk, T0.plus(Duration.ofDays(4)));

        assertThat(merge(source, into(target)).getStatusCode()).isEqualTo(200);
        assertThat(partition(target).stream().map(i -> i.get("sk").s())).contains("OPTIN#" + interactionId);

        // the link in the mail names the merged lead
        store.consents().confirmConsent(source, interactionId, T0.plus(Duration.ofDays(2)));
        Lead confirmed = store.reads().findLead(target).orElseThrow();
        assertThat(confirmed.consent().status().wireName()).isEqualTo("confirmed");
        assertThat(confirmed.profile().email()).isEqualTo(email);
        assertThat(partition(target).stream().map(i -> i.get("sk").s())).doesNotContain("OPTIN#" + interactionId);
    }

    @Test
    void unreachableStoreGives503() {
        LeadStore broken = new LeadStore(LocalAws.dynamoDb(URI.create("http://127.0.0.1:" + MotoServer.freePort())), "leads");
        handler = new LeadMergeHandler(UseCases.mergeLeads(broken, Clock.systemUTC()), Clock.systemUTC());
        APIGatewayV2HTTPResponse r = merge(UUID.randomUUID().toString(), into(UUID.randomUUID().toString()));
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
    }

    static JsonNode assertRefused(APIGatewayV2HTTPResponse r, int status, String error) throws Exception {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("error").asText()).isEqualTo(error);
        return body;
    }
}

package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.notify.SalesMailRenderer;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.read.LeadInteractionsHandler;
import io.leadcapture.read.LeadReadHandler;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.scoring.LeadRescorer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * One address, 40 posts of 250 KB each (issue 11): every read answers within Lambda's 6 MB and pages
 * through all 40, a rescore reads two items however long the history, the notification's read is
 * bounded, and the ledger scores exactly as the whole history does. The figures it prints are in
 * docs/benchmarks.md ("Large partitions"); what it asserts is structural (items and bytes read).
 */
class LargeLeadTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final int POSTS = 40;
    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    static final ScoringConfig CONFIG = ScoringConfig.bundled();
    static final LeadScorer SCORER = new LeadScorer(CONFIG, FreeMailDomains.bundled());
    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A contact form post with 25 custom answers of 5 × 2,000 characters: 250,000 characters of free text. */
    static CaptureCommand largePost(String email, int n) {
        FormFields fields = new FormFields();
        fields.add("email", email);
        fields.add("first_name", "Jörg");
        fields.add("company", "Müller Maschinenbau GmbH");
        fields.add("job_title", "Geschäftsführer");
        fields.add("company_size", "51-250");
        for (int f = 0; f < 25; f++) {
            for (int v = 0; v < 5; v++) {
                fields.add(String.format("frage_%02d", f), ("Antwort " + n + "/" + f + "/" + v + " ").repeat(200)
                        .substring(0, 2000));
            }
        }
        return new CaptureCommand(CaptureCommand.platformChannel("web_form", InteractionType.CONTACT_FORM, "DE"),
                fields, T0.plusSeconds(3600L * n), "hmac-sha256:ab", null, Map.of(), false, null, false, false);
    }

    record Measured<T>(T value, long allocatedBytes, long millis) {
    }

    static <T> Measured<T> measure(Supplier<T> call) {
        long id = Thread.currentThread().threadId();
        long allocated = THREADS.getThreadAllocatedBytes(id);
        long start = System.nanoTime();
        T value = call.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Measured<>(value, THREADS.getThreadAllocatedBytes(id) - allocated, millis);
    }

    static APIGatewayV2HTTPResponse get(Object handler, String route, String path, String query, String leadId) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(route, "GET", path, query,
                Map.of("accept", List.of("application/json")), null, "10.0.0.1",
                leadId == null ? Map.of() : Map.of("leadId", leadId));
        LocalContext context = new LocalContext("LeadReadFunction", 10);
        return handler instanceof LeadReadHandler r ? r.handleRequest(e, context)
                : ((LeadInteractionsHandler) handler).handleRequest(e, context);
    }

    /** The whole partition as the reads before the ledger loaded it: every item, all attributes. */
    static List<Map<String, AttributeValue>> wholePartition(String table, String leadId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            final Map<String, AttributeValue> from = start;
            QueryResponse page = DDB.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    @Test
    void fortyLargePostsForOneAddressReadScoreAndNotifyBounded() throws Exception {
        String table = LocalAws.freshLeadsTable(DDB);
        // without the daily free-text cap: every post stored whole, the partition as large as it gets
        LeadStore store = new LeadStore(DDB, table, Long.MAX_VALUE);
        CaptureLead capture = UseCases.captureLead(store);
        String email = "joerg." + UUID.randomUUID().toString().substring(0, 8) + "@mueller-maschinenbau.de";
        String leadId = null;
        for (int n = 0; n < POSTS; n++) {
            leadId = capture.capture(largePost(email, n)).leadId();
        }
        String id = leadId;
        long stored = wholePartition(table, id).stream().mapToLong(i -> i.toString().length()).sum();
        assertThat(stored).as("bytes the partition holds").isGreaterThan(POSTS * 250_000L);

        // GET /leads/{id}: the newest interactions up to 1 MB, far below 6 MB, and a cursor
        LeadReadHandler read = new LeadReadHandler(store, "DE");
        Measured<APIGatewayV2HTTPResponse> byId = measure(() -> get(read, "GET /leads/{leadId}", "/leads/" + id, "", id));
        assertThat(byId.value().getStatusCode()).isEqualTo(200);
        int bodyBytes = byId.value().getBody().getBytes(StandardCharsets.UTF_8).length;
        assertThat(bodyBytes).isLessThan(2_000_000);
        JsonNode lead = Json.MAPPER.readTree(byId.value().getBody());
        assertThat(lead.path("interactionCount").asLong()).isEqualTo(POSTS);
        int shown = lead.path("interactions").size();
        assertThat(shown).isBetween(1, 5);
        assertThat(lead.path("interactionsCursor").isTextual()).isTrue();

        // … and GET /leads/{id}/interactions pages through the rest, newest first, each page bounded
        Set<String> seen = new LinkedHashSet<>();
        List<String> newestFirst = new ArrayList<>();
        List<JsonNode> shownOldestFirst = new ArrayList<>();
        lead.path("interactions").forEach(shownOldestFirst::add);
        for (int i = shownOldestFirst.size() - 1; i >= 0; i--) {
            newestFirst.add(shownOldestFirst.get(i).path("occurredAt").asText());
            seen.add(shownOldestFirst.get(i).path("interactionId").asText());
        }
        LeadInteractionsHandler pages = new LeadInteractionsHandler(store.reads());
        String cursor = lead.path("interactionsCursor").asText();
        int requests = 0;
        int largestPage = 0;
        while (cursor != null) {
            APIGatewayV2HTTPResponse r = get(pages, "GET /leads/{leadId}/interactions", "/leads/" + id + "/interactions",
                    "cursor=" + cursor, id);
            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
            largestPage = Math.max(largestPage, r.getBody().length());
            JsonNode page = Json.MAPPER.readTree(r.getBody());
            page.path("items").forEach(i -> {
                assertThat(seen.add(i.path("interactionId").asText())).isTrue();
                newestFirst.add(i.path("occurredAt").asText());
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            requests++;
        }
        assertThat(seen).hasSize(POSTS);
        assertThat(newestFirst).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
        assertThat(largestPage).isLessThan(2_000_000);

        // GET /leads?email= answers the same bounded view
        APIGatewayV2HTTPResponse byEmail = get(read, "GET /leads", "/leads", "email=" + email, null);
        assertThat(byEmail.getStatusCode()).isEqualTo(200);
        assertThat(byEmail.getBody().length()).isLessThan(2_000_000);
        assertThat(Json.MAPPER.readTree(byEmail.getBody()).path("items").get(0).path("interactionsCursor").isTextual()).isTrue();

        // A rescore reads the profile and the ledger: two items, whatever the history holds
        MovableClock clock = new MovableClock(T0.plusSeconds(3600L * POSTS));
        LeadRescorer rescorer = new LeadRescorer(store.reads(), store.scores(), SCORER, new StageRules(CONFIG), clock);
        LeadReads.ScoringView view = store.reads().findForScoring(id).orElseThrow();
        assertThat(view.rebuilt()).isFalse();
        assertThat(view.itemsRead()).isEqualTo(2);
        Measured<LeadRescorer.Outcome> rescore = measure(() -> rescorer.rescore(id));
        assertThat(rescore.value()).isNotEqualTo(LeadRescorer.Outcome.UNKNOWN_LEAD);

        // … and scores exactly as the whole history did before
        Measured<List<Map<String, AttributeValue>>> whole = measure(() -> wholePartition(table, id));
        List<Interaction> history = whole.value().stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))
                .map(LargeLeadTest::scoringFields).toList();
        assertThat(history).hasSize(POSTS);
        Lead profile = store.captures().profile(id).orElseThrow();
        LeadScore before = SCORER.score(profile, history, clock.instant());
        assertThat(SCORER.scoreFromLedger(profile, view.ledger(), clock.instant())).isEqualTo(before);
        assertThat(profile.scoring().score()).isEqualTo(before.score());

        // A lead from before the ledger: rebuilt once from the interactions' ids, types and times, then two items again
        DDB.deleteItem(d -> d.tableName(table).key(Map.of("pk", AttributeValue.fromS("LEAD#" + id),
                "sk", AttributeValue.fromS("ENGAGEMENT"))));
        LeadReads.ScoringView rebuilt = store.reads().findForScoring(id).orElseThrow();
        assertThat(rebuilt.rebuilt()).isTrue();
        assertThat(rebuilt.itemsRead()).isEqualTo(2 + POSTS);
        assertThat(SCORER.scoreFromLedger(profile, rebuilt.ledger(), clock.instant())).isEqualTo(before);
        clock.advance(java.time.Duration.ofDays(1));
        Measured<LeadRescorer.Outcome> rebuildRescore = measure(() -> rescorer.rescore(id));
        assertThat(rebuildRescore.value()).isNotEqualTo(LeadRescorer.Outcome.UNKNOWN_LEAD);
        assertThat(store.reads().findForScoring(id).orElseThrow().itemsRead()).isEqualTo(2);

        // The notification's read: the profile and the newest interactions up to 1 MB, and the mail from them
        SalesMailRenderer mails = new SalesMailRenderer();
        Measured<Integer> notify = measure(() -> {
            Lead l = store.reads().findLead(id).orElseThrow();
            return mails.render(l, l.interactions(), List.of("rep@example.com"), "became MQL").html().length();
        });
        Lead notified = store.reads().findLead(id).orElseThrow();
        assertThat(notified.interactions()).hasSize(shown);
        // Before the ledger, a notification read every interaction and rendered the mail from all of them
        Measured<Integer> notifyBefore = measure(() -> {
            Lead l = store.reads().findLead(id).orElseThrow();
            List<Interaction> all = new ArrayList<>();
            String next = null;
            do {
                LeadReads.InteractionPage page = store.reads().interactions(id, next, 100).orElseThrow();
                all.addAll(page.items());
                next = page.next();
            } while (next != null);
            return mails.render(l, all, List.of("rep@example.com"), "became MQL").html().length();
        });
        // … and a rescore read the whole partition and scored every interaction
        Measured<LeadScore> rescoreBefore = measure(() -> SCORER.score(profile,
                wholePartition(table, id).stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))
                        .map(LargeLeadTest::scoringFields).toList(), clock.instant()));

        Map<String, Object> figures = new HashMap<>();
        figures.put("partitionBytes", stored);
        figures.put("getLeadBodyBytes", bodyBytes);
        figures.put("getLeadAllocatedMB", byId.allocatedBytes() / 1e6);
        figures.put("getLeadMillis", byId.millis());
        figures.put("interactionsShown", shown);
        figures.put("pageRequests", requests);
        figures.put("largestPageBytes", largestPage);
        figures.put("rescoreAllocatedMB", rescore.allocatedBytes() / 1e6);
        figures.put("rescoreMillis", rescore.millis());
        figures.put("rebuildRescoreAllocatedMB", rebuildRescore.allocatedBytes() / 1e6);
        figures.put("rebuildRescoreMillis", rebuildRescore.millis());
        figures.put("notificationReadAllocatedMB", notify.allocatedBytes() / 1e6);
        figures.put("notificationReadMillis", notify.millis());
        figures.put("wholePartitionReadAllocatedMB", whole.allocatedBytes() / 1e6);
        figures.put("wholePartitionReadMillis", whole.millis());
        figures.put("notificationWholeHistoryAllocatedMB", notifyBefore.allocatedBytes() / 1e6);
        figures.put("notificationWholeHistoryMillis", notifyBefore.millis());
        figures.put("notificationMailChars", notify.value());
        figures.put("notificationWholeHistoryMailChars", notifyBefore.value());
        figures.put("rescoreWholePartitionAllocatedMB", rescoreBefore.allocatedBytes() / 1e6);
        figures.put("rescoreWholePartitionMillis", rescoreBefore.millis());
        System.out.println("LARGE-LEAD " + Json.write(new java.util.TreeMap<>(figures)));
    }

    @Test
    void pastTheDailyFreeTextCapAPostIsRecordedWithoutItsFreeTextAndSaysSo() throws Exception {
        String table = LocalAws.freshLeadsTable(DDB);
        LeadStore store = new LeadStore(DDB, table);
        CaptureLead capture = UseCases.captureLead(store);
        String email = "jana." + UUID.randomUUID().toString().substring(0, 8) + "@mueller-maschinenbau.de";
        String leadId = null;
        for (int n = 0; n < 6; n++) {
            // six posts within one UTC day (T0 is 08:00)
            leadId = capture.capture(largePost(email, n)).leadId();
        }
        String id = leadId;
        long perPost = 25 * "frage_00".length() + 25 * 5 * 2000L;
        int full = (int) (CaptureStoreCap.DEFAULT / perPost);
        assertThat(full).isEqualTo(3);

        List<Interaction> oldestFirst = store.reads().findLead(id).orElseThrow().interactions();
        assertThat(oldestFirst).hasSize(6);
        for (int n = 0; n < 6; n++) {
            Interaction i = oldestFirst.get(n);
            if (n < full) {
                assertThat(i.customAnswers()).hasSize(25);
                assertThat(i.truncated()).isEmpty();
            } else {
                assertThat(i.customAnswers()).isEmpty();
                assertThat(i.truncated()).containsExactly("customAnswers");
                // the touchpoint and its evidence are kept
                assertThat(i.submitted().email()).isEqualTo(email);
                assertThat(i.consent()).isNotNull();
            }
        }
        assertThat(store.reads().findLead(id).orElseThrow().interactionCount()).isEqualTo(6);
        APIGatewayV2HTTPResponse r = get(new LeadReadHandler(store, "DE"), "GET /leads/{leadId}", "/leads/" + id, "", id);
        assertThat(Json.MAPPER.readTree(r.getBody()).path("interactions").get(5).path("truncated").get(0).asText())
                .isEqualTo("customAnswers");

        // the next day stores free text again
        CaptureCommand nextDay = largePost(email, 30);
        assertThat(nextDay.occurredAt()).isAfter(Instant.parse("2026-11-03T00:00:00Z"));
        capture.capture(nextDay);
        List<Interaction> after = store.reads().findLead(id).orElseThrow().interactions();
        assertThat(after.get(after.size() - 1).customAnswers()).hasSize(25);
    }

    /** The default cap, as the functions run with it unless MAX_FREE_TEXT_BYTES_PER_LEAD_DAY says otherwise. */
    static final class CaptureStoreCap {
        static final long DEFAULT = io.leadcapture.runtime.store.CaptureStore.DEFAULT_FREE_TEXT_BYTES_PER_DAY;
    }

    /** What scoring needs of a stored interaction (the whole-history scorer reads nothing else). */
    static Interaction scoringFields(Map<String, AttributeValue> item) {
        return new Interaction(item.get("interactionId").s(),
                InteractionType.fromWireName(item.get("interactionType").s()), "web_form",
                io.leadcapture.core.Direction.INBOUND, Instant.parse(item.get("occurredAt").s()), null, Map.of(), null,
                new io.leadcapture.core.Consent("marketing", io.leadcapture.core.ConsentStatus.NONE, null, null, null, null),
                null, Map.of(), null);
    }
}

package io.leadcapture.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.ReportFunnel;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.StreamImages;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The funnel against moto over the wire: leads captured through the capture use case, stages
 * changed through the store's scoring and sales writes, and every profile write handed to the
 * function as the stream delivers it (old and new image). First activity and SLA breaches, written
 * by other functions, are arranged with a direct update of the profile.
 */
class FunnelHandlerTest {
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");
    static URI endpoint;
    static DynamoDbClient ddb;

    String table;
    LeadStore store;
    MovableClock clock;
    CaptureLead capture;
    FunnelHandler handler;
    FunnelReportHandler reports;
    /** Every record delivered, to replay them. */
    final List<DynamodbEvent.DynamodbStreamRecord> delivered = new ArrayList<>();

    @BeforeAll
    static void emulator() {
        endpoint = MotoServer.endpoint();
        ddb = LocalAws.dynamoDb(endpoint);
    }

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
        clock = new MovableClock(T0);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        handler = new FunnelHandler(store.funnel(), clock);
        reports = new FunnelReportHandler(new ReportFunnel(store.funnel()), clock);
    }

    @Test
    void countsAScriptedJourneyOfTwentyLeadsAcrossThreeSourcesOnceEvenWhenReplayed() {
        // 8 from google (campaign winter), 7 from linkedin (campaign webinar), 5 without UTM (source = channel)
        List<String> google = new ArrayList<>();
        List<String> linkedin = new ArrayList<>();
        List<String> direct = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clock.set(T0.plus(Duration.ofMinutes(i)));
            String source = i < 8 ? "google" : i < 15 ? "linkedin" : null;
            String campaign = i < 8 ? "winter" : i < 15 ? "webinar" : null;
            String leadId = captured(i % 2 == 0 ? "demo" : "contact", source, campaign);
            (i < 8 ? google : i < 15 ? linkedin : direct).add(leadId);
        }
        // MQL (scoring) 3.5 h after capture: 5 google, 3 linkedin, 2 direct
        List<String> mqls = new ArrayList<>();
        mqls.addAll(google.subList(0, 5));
        mqls.addAll(linkedin.subList(0, 3));
        mqls.addAll(direct.subList(0, 2));
        for (String id : mqls) {
            Lead lead = store.reads().findLead(id).orElseThrow();
            Instant at = lead.createdAt().plus(Duration.ofMinutes(210));
            clock.set(at);
            modify(id, () -> assertThat(store.scores().writeScore(lead,
                    new LeadScore(72, 27, 45, Temperature.HOT, List.of(), at), Stage.MQL)).isTrue());
        }
        // sales: SQL for 3 google, 1 linkedin, 1 direct; two google leads won
        List<String> sqls = List.of(google.get(0), google.get(1), google.get(2), linkedin.get(0), direct.get(0));
        clock.set(T0.plus(Duration.ofHours(30)));
        for (String id : sqls) {
            stage(id, Stage.SQL);
        }
        for (String id : List.of(google.get(0), google.get(1))) {
            stage(id, Stage.OPPORTUNITY);
            stage(id, Stage.CUSTOMER);
        }
        // first activity 2 h after MQL on four leads; an SLA breach on two others
        for (String id : List.of(google.get(0), google.get(1), google.get(3), linkedin.get(0))) {
            Instant mqlAt = store.reads().findLead(id).orElseThrow().createdAt().plus(Duration.ofMinutes(210));
            modify(id, () -> fixture(id, "SET mqlAt = :m, firstActivityAt = :f", Map.of(
                    ":m", AttributeValue.fromS(mqlAt.toString()),
                    ":f", AttributeValue.fromS(mqlAt.plus(Duration.ofHours(2)).toString()))));
        }
        for (String id : List.of(google.get(4), linkedin.get(1))) {
            modify(id, () -> fixture(id, "SET followUp = :f", Map.of(":f", AttributeValue.fromM(Map.of(
                    "dueAt", AttributeValue.fromS("2026-11-02T17:00:00Z"),
                    "breachedAt", AttributeValue.fromS("2026-11-02T17:00:00Z"))))));
        }
        // a later write on an MQL lead changes nothing
        modify(google.get(0), () -> fixture(google.get(0), "SET lastActivityAt = :a",
                Map.of(":a", AttributeValue.fromS("2026-11-03T10:00:00Z"))));

        clock.set(Instant.parse("2026-11-10T12:00:00Z"));
        JsonNode bySource = report("from=2026-11-01&to=2026-11-10&by=source");
        assertGroup(bySource, "google", 8, 5, 3, 2, 1);
        assertGroup(bySource, "linkedin", 7, 3, 1, 0, 1);
        assertGroup(bySource, "web_form", 5, 2, 1, 0, 0);
        assertThat(group(bySource, "google").path("medianHoursLeadToMql").asDouble()).isEqualTo(3.5);
        assertThat(group(bySource, "google").path("medianHoursMqlToFirstActivity").asDouble()).isEqualTo(2.5);
        assertThat(group(bySource, "web_form").path("medianHoursMqlToFirstActivity").isNull()).isTrue();
        assertThat(group(bySource, "google").path("conversion").path("mqlRate").asDouble()).isEqualTo(0.625);
        assertThat(group(bySource, "google").path("conversion").path("sqlRate").asDouble()).isEqualTo(0.6);
        assertThat(bySource.path("total").path("captured").asLong()).isEqualTo(20);
        assertThat(bySource.path("total").path("mql").asLong()).isEqualTo(10);
        assertThat(bySource.path("total").path("firstActivity").asLong()).isEqualTo(4);
        assertThat(bySource.path("total").path("slaBreaches").asLong()).isEqualTo(2);

        // every record again, one by one and as one batch: nothing counts twice
        List<DynamodbEvent.DynamodbStreamRecord> all = List.copyOf(delivered);
        all.forEach(this::deliver);
        DynamodbEvent batch = new DynamodbEvent();
        batch.setRecords(all);
        assertThat(handler.handleRequest(batch, new LocalContext("FunnelFunction", 60)).getBatchItemFailures()).isEmpty();
        assertThat(report("from=2026-11-01&to=2026-11-10&by=source")).isEqualTo(bySource);

        JsonNode byCampaign = report("from=2026-11-01&to=2026-11-10&by=campaign");
        assertGroup(byCampaign, "winter", 8, 5, 3, 2, 1);
        assertGroup(byCampaign, "webinar", 7, 3, 1, 0, 1);
        assertGroup(byCampaign, "(none)", 5, 2, 1, 0, 0);
        JsonNode byForm = report("from=2026-11-01&to=2026-11-10&by=form");
        assertGroup(byForm, "demo", 10, group(byForm, "demo").path("mql").asLong(), 3, 1, 1);
        assertThat(group(byForm, "demo").path("captured").asLong() + group(byForm, "contact").path("captured").asLong())
                .isEqualTo(20);
        JsonNode byChannel = report("from=2026-11-01&to=2026-11-10&by=channel");
        assertGroup(byChannel, "web_form", 20, 10, 5, 2, 2);

        // days outside the range count nothing; captures on 2 Nov, SQL and won on 3 Nov
        assertThat(report("from=2026-11-04&to=2026-11-10&by=source").path("groups")).isEmpty();
        JsonNode thirdOnly = report("from=2026-11-03&to=2026-11-03&by=source");
        assertThat(group(thirdOnly, "google").path("captured").asLong()).isZero();
        assertThat(group(thirdOnly, "google").path("sql").asLong()).isEqualTo(3);
        assertThat(group(thirdOnly, "google").path("won").asLong()).isEqualTo(2);
    }

    @Test
    void aLeadSentBackAndPromotedAgainCountsOnceAndTestLeadsCountNowhere() {
        clock.set(T0);
        String id = captured("contact", "google", "winter");
        Lead lead = store.reads().findLead(id).orElseThrow();
        modify(id, () -> store.scores().writeScore(lead, new LeadScore(70, 25, 45, Temperature.HOT, List.of(), T0), Stage.MQL));
        stage(id, Stage.LEAD);
        Lead back = store.reads().findLead(id).orElseThrow();
        modify(id, () -> store.scores().writeScore(back, new LeadScore(71, 25, 46, Temperature.HOT, List.of(), T0), Stage.MQL));
        JsonNode report = report("from=2026-11-02&to=2026-11-02");
        assertThat(report.path("by").asText()).isEqualTo("source");
        assertGroup(report, "google", 1, 1, 0, 0, 0);
    }

    @Test
    void aLeadEnrolledInANurtureSequenceBeforeItBecameMqlCountsAsMqlAfterNurtureOnce() {
        clock.set(T0);
        String nurtured = captured("contact", "google", "winter");
        String plain = captured("contact", "google", "winter");
        String enrolledLater = captured("contact", "google", "winter");
        // enrolment (the nurture sender sets nurturedAt once), a day after capture
        Instant enrolled = T0.plus(Duration.ofDays(1));
        modify(nurtured, () -> fixture(nurtured, "SET nurturedAt = :n",
                Map.of(":n", AttributeValue.fromS(enrolled.toString()))));
        Instant mql = T0.plus(Duration.ofDays(3));
        clock.set(mql);
        for (String id : List.of(nurtured, plain, enrolledLater)) {
            if (id.equals(enrolledLater)) {
                // a nurturedAt after the MQL (clock skew, a late write) is no MQL after nurture
                modify(id, () -> fixture(id, "SET nurturedAt = :n",
                        Map.of(":n", AttributeValue.fromS(mql.plus(Duration.ofHours(1)).toString()))));
            }
            Lead read = store.reads().findLead(id).orElseThrow();
            modify(id, () -> assertThat(store.scores().writeScore(read,
                    new LeadScore(70, 25, 45, Temperature.HOT, List.of(), mql), Stage.MQL)).isTrue());
        }
        assertThat(item(nurtured).get("nurturedAt").s()).as("the score write keeps nurturedAt").isEqualTo(enrolled.toString());
        // sent back and promoted again: still one
        stage(nurtured, Stage.LEAD);
        Lead back = store.reads().findLead(nurtured).orElseThrow();
        modify(nurtured, () -> store.scores().writeScore(back, new LeadScore(71, 25, 46, Temperature.HOT, List.of(), mql),
                Stage.MQL));

        JsonNode report = report("from=2026-11-01&to=2026-11-10");
        assertGroup(report, "google", 3, 3, 0, 0, 0);
        assertThat(group(report, "google").path("mqlAfterNurture").asLong()).isEqualTo(1);
        assertThat(report.path("total").path("mqlAfterNurture").asLong()).isEqualTo(1);
        // counted on the day it became an MQL
        assertThat(report("from=2026-11-05&to=2026-11-05").path("total").path("mqlAfterNurture").asLong()).isEqualTo(1);
        assertThat(report("from=2026-11-03&to=2026-11-04").path("total").path("mqlAfterNurture").asLong()).isZero();

        List<DynamodbEvent.DynamodbStreamRecord> all = List.copyOf(delivered);
        all.forEach(this::deliver);
        assertThat(report("from=2026-11-01&to=2026-11-10")).isEqualTo(report);
    }

    @Test
    void countersSpreadOverShardsAndCountersFromBeforeTheShardingAddUp() {
        clock.set(T0);
        for (int i = 0; i < 12; i++) {
            captured("contact", "xing", null);
        }
        // a counter as it was kept before the sharding: one partition per grouping
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("FUNNEL#source"),
                "sk", AttributeValue.fromS("DAY#2026-11-02#xing"), "itemType", AttributeValue.fromS("funnelCounter"),
                "groupBy", AttributeValue.fromS("source"), "group", AttributeValue.fromS("xing"),
                "day", AttributeValue.fromS("2026-11-02"), "captured", AttributeValue.fromN("3"))));

        assertGroup(report("from=2026-11-02&to=2026-11-02&by=source"), "xing", 15, 0, 0, 0, 0);
        List<Map<String, AttributeValue>> counters = ddb.scanPaginator(r -> r.tableName(table)).items().stream()
                .filter(i -> "funnelCounter".equals(i.get("itemType").s()) && "source".equals(i.get("groupBy").s()))
                .toList();
        assertThat(counters).extracting(i -> i.get("pk").s()).as("twelve leads land on several shards")
                .filteredOn(pk -> pk.startsWith("FUNNEL#source#")).hasSizeGreaterThan(1);
    }

    @Test
    void anErasedLeadsRecordCountsNothingAndLeavesNothingBehind() {
        clock.set(T0);
        String id = capturedWithoutRecord("contact", "google", "winter");
        Map<String, AttributeValue> profile = item(id);
        ddb.deleteItem(r -> r.tableName(table).key(Map.of("pk", profile.get("pk"), "sk", profile.get("sk"))));
        deliver(StreamImages.insert(profile));
        assertThat(report("from=2026-11-02&to=2026-11-02").path("groups")).isEmpty();
        assertThat(ddb.getItem(r -> r.tableName(table).key(Map.of("pk", profile.get("pk"),
                "sk", AttributeValue.fromS("FUNNEL#captured")))).hasItem()).isFalse();
    }

    @Test
    void theReportAnswersItsDocumentedShapeAndNamesABadParameter() {
        clock.set(Instant.parse("2026-11-30T12:00:00Z"));
        JsonNode empty = report("");
        assertThat(empty.path("from").asText()).isEqualTo("2026-11-01");
        assertThat(empty.path("to").asText()).isEqualTo("2026-11-30");
        assertThat(empty.path("by").asText()).isEqualTo("source");
        assertThat(empty.path("groups").isArray()).isTrue();
        for (String field : List.of("group", "captured", "mql", "sql", "won", "conversion", "medianHoursLeadToMql",
                "medianHoursMqlToFirstActivity", "slaBreaches", "mqlAfterNurture")) {
            assertThat(empty.path("total").has(field)).as(field).isTrue();
        }
        for (String[] bad : new String[][] {{"by=country", "by"}, {"from=yesterday", "from"}, {"to=2026-13-01", "to"},
                {"from=2026-11-10&to=2026-11-01", "from"}, {"from=2024-01-01&to=2026-11-01", "from"}}) {
            APIGatewayV2HTTPResponse answer = get(bad[0]);
            assertThat(answer.getStatusCode()).as(bad[0]).isEqualTo(400);
            assertThat(json(answer.getBody()).path("fields").has(bad[1])).as(bad[0]).isTrue();
        }
    }

    // --- the journey's steps

    String captured(String form, String source, String campaign) {
        String leadId = capturedWithoutRecord(form, source, campaign);
        deliver(StreamImages.insert(item(leadId)));
        return leadId;
    }

    String capturedWithoutRecord(String form, String source, String campaign) {
        FormFields fields = new FormFields().add("email", "lead." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de")
                .add("company", "Beispiel Werke GmbH");
        if (source != null) {
            fields.add("utm_source", source);
        }
        if (campaign != null) {
            fields.add("utm_campaign", campaign);
        }
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(), fields,
                "hmac-sha256:test", null, null)).leadId();
    }

    void stage(String id, Stage to) {
        Lead lead = store.reads().findLead(id).orElseThrow();
        modify(id, () -> assertThat(store.scores().changeStage(lead, to, "sales@example.com", "journey", false,
                clock.instant())).isTrue());
    }

    /** A write of the lead's profile, and its MODIFY record delivered with the images before and after. */
    void modify(String id, Runnable write) {
        Map<String, AttributeValue> before = item(id);
        write.run();
        deliver(StreamImages.modify(before, item(id)));
    }

    void fixture(String id, String update, Map<String, AttributeValue> values) {
        ddb.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("LEAD#" + id),
                "sk", AttributeValue.fromS("PROFILE"))).updateExpression(update).expressionAttributeValues(values));
    }

    Map<String, AttributeValue> item(String id) {
        return ddb.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("pk", AttributeValue.fromS("LEAD#" + id),
                "sk", AttributeValue.fromS("PROFILE")))).item();
    }

    // --- stream records and the report

    void deliver(DynamodbEvent.DynamodbStreamRecord record) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(record));
        StreamsEventResponse answer = handler.handleRequest(event, new LocalContext("FunnelFunction", 60));
        assertThat(answer.getBatchItemFailures()).isEmpty();
        if (!delivered.contains(record)) {
            delivered.add(record);
        }
    }

    APIGatewayV2HTTPResponse get(String query) {
        return reports.handleRequest(HttpApiEvents.event("GET /reports/funnel", "GET", "/reports/funnel",
                query.isEmpty() ? null : query, Map.of(), new byte[0], "127.0.0.1", Map.of()),
                new LocalContext("FunnelReportFunction", 10));
    }

    JsonNode report(String query) {
        APIGatewayV2HTTPResponse answer = get(query);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        return json(answer.getBody());
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode group(JsonNode report, String name) {
        for (JsonNode g : report.path("groups")) {
            if (name.equals(g.path("group").asText())) {
                return g;
            }
        }
        throw new AssertionError("no group " + name + " in " + report);
    }

    static void assertGroup(JsonNode report, String name, long captured, long mql, long sql, long won, long slaBreaches) {
        JsonNode g = group(report, name);
        assertThat(List.of(g.path("captured").asLong(), g.path("mql").asLong(), g.path("sql").asLong(),
                g.path("won").asLong(), g.path("slaBreaches").asLong())).as(name + " in " + report)
                .containsExactly(captured, mql, sql, won, slaBreaches);
    }
}

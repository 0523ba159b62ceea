package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.DDB;
import static io.leadcapture.notifications.MailEmulator.ENDPOINT;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static io.leadcapture.notifications.MailEmulator.SES;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.Activity;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.OwnerChangeRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Ownership by routing and the follow-up SLA check, against moto (DynamoDB and SES) over the wire.
 * The reps are unique per test (SES's sent mails are shared by every test of the emulator); the lead
 * gives no country, so the default territory routes it: reps {@code inactive} (marked
 * {@code active: false}), {@code first} and {@code second}; first contact within 4 business hours,
 * Mon–Fri 08:00–18:00 Europe/Berlin.
 */
class OwnershipAndFollowUpTest {
    /** Friday 16:00 in Berlin: two business hours left this week. */
    static final Instant FRIDAY_4PM = Instant.parse("2026-11-27T15:00:00Z");
    /** Monday 10:00 in Berlin: four business hours after {@link #FRIDAY_4PM}. */
    static final Instant DUE = Instant.parse("2026-11-30T09:00:00Z");

    String table;
    LeadStore store;
    MovableClock clock;
    CaptureLead capture;
    String inactive;
    String first;
    String second;
    String escalateTo;
    /** The profile images of the last MODIFY {@link #hotLead} delivered. */
    Map<String, AttributeValue> lastBefore;
    Map<String, AttributeValue> lastAfter;

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        clock = new MovableClock(FRIDAY_4PM);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        String run = UUID.randomUUID().toString().substring(0, 8);
        inactive = "inactive-" + run + "@example.com";
        first = "first-" + run + "@example.com";
        second = "second-" + run + "@example.com";
        escalateTo = "teamlead-" + run + "@example.com";
    }

    Router router(boolean reassign) throws Exception {
        String yaml = """
                version: 1
                default:
                  reps:
                    - { email: %s, active: false }
                    - %s
                    - %s
                  followUp:
                    firstContactWithinHours: 4
                    businessHours: { days: [ MON, TUE, WED, THU, FRI ], from: "08:00", to: "18:00", timeZone: Europe/Berlin }
                    escalateTo: %s
                    reassignOnBreach: %s
                """.formatted(inactive, first, second, escalateTo, reassign);
        return new Router(RoutingConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    NotificationHandler notifications(Router router) {
        return MailEmulator.notifications(store, new MailSender(SES, SENDER), router, clock);
    }

    FollowUpCheckHandler check(Router router) {
        return new FollowUpCheckHandler(store, new MailSender(SES, SENDER), router, MailEmulator.PUBLIC_API_URL, clock);
    }

    /** Runs the scheduled check as EventBridge invokes it at {@code at}; its counts. */
    static Map<String, Integer> runAt(FollowUpCheckHandler check, Instant at) {
        ScheduledEvent event = new ScheduledEvent();
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        event.setTime(new org.joda.time.DateTime(at.toEpochMilli()));
        return check.handleRequest(event, new LocalContext("FollowUpCheckFunction", 900));
    }

    /** A demo request that scoring made a hot MQL now; the stream's MODIFY of that change is delivered. */
    String hotLead(NotificationHandler handler) {
        String email = "kunde." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
        String leadId = capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find("demo").orElseThrow(),
                new FormFields().add("email", email).add("company", "Beispiel Werke GmbH"), "hmac-sha256:test",
                null, null)).leadId();
        Map<String, AttributeValue> before = profileItem(leadId);
        Lead lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(80, 40, 40, Temperature.HOT, List.of(), clock.instant()),
                Stage.MQL)).isTrue();
        lastBefore = before;
        lastAfter = profileItem(leadId);
        deliverModify(handler, lastBefore, lastAfter);
        return leadId;
    }

    Map<String, AttributeValue> profileItem(String leadId) {
        return DDB.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId),
                "sk", AttributeValue.fromS("PROFILE")))).item();
    }

    static void deliverModify(NotificationHandler handler, Map<String, AttributeValue> before,
                              Map<String, AttributeValue> after) {
        DynamodbEvent event = StreamFixtures.modifyOf(before, after);
        assertThat(handler.handleRequest(event, new LocalContext("NotificationFunction", 60)).getBatchItemFailures())
                .isEmpty();
    }

    SalesFollowUp sales(String leadId) {
        return SalesFollowUp.orNone(store.reads().findLead(leadId).orElseThrow().sales());
    }

    @Test
    void theRepALeadIsRoutedToOwnsItAndInactiveRepsAreSkipped() throws Exception {
        NotificationHandler handler = notifications(router(false));
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String leadId = hotLead(handler);
            SalesFollowUp s = sales(leadId);
            owners.add(s.owner());
            assertThat(s.ownerSince()).isEqualTo(FRIDAY_4PM);
            assertThat(s.mqlAt()).isEqualTo(FRIDAY_4PM);
            assertThat(s.stageChangedAt()).isEqualTo(FRIDAY_4PM);
            List<OwnerChangeRecord> history = store.followUps().ownerChanges(leadId);
            assertThat(history).singleElement().satisfies(c -> {
                assertThat(c.from()).isNull();
                assertThat(c.to()).isEqualTo(s.owner());
                assertThat(c.who()).isEqualTo("routing");
                assertThat(c.why()).isEqualTo("became MQL and turned hot");
                assertThat(c.at()).isEqualTo(FRIDAY_4PM);
            });
        }
        assertThat(owners).doesNotContain(inactive).containsOnly(first, second);
        assertThat(owners.get(0)).isNotEqualTo(owners.get(1));
        assertThat(StreamFixtures.mailsTo(inactive)).isEmpty();
        assertThat(StreamFixtures.mailsTo(first)).hasSize(2);
        assertThat(StreamFixtures.mailsTo(second)).hasSize(2);
    }

    @Test
    void aReplayRoutesNothingAgainAndALaterTransitionGoesToTheOwner() throws Exception {
        NotificationHandler handler = notifications(router(false));
        String leadId = hotLead(handler);
        String owner = sales(leadId).owner();
        int mails = StreamFixtures.mailsTo(owner).size();
        assertThat(mails).isEqualTo(1);

        // the same MODIFY again (a retry, a replay of the stream): no mail, no new owner
        clock.advance(Duration.ofMinutes(5));
        deliverModify(handler, lastBefore, lastAfter);
        assertThat(StreamFixtures.mailsTo(owner)).hasSize(1);
        assertThat(store.followUps().ownerChanges(leadId)).hasSize(1);
        assertThat(sales(leadId).ownerSince()).isEqualTo(FRIDAY_4PM);

        // cooled down, then hot again: the owner hears of it, nobody else is routed the lead
        Lead lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(50, 40, 10, Temperature.WARM, List.of(), clock.instant()),
                Stage.MQL)).isTrue();
        Map<String, AttributeValue> warm = profileItem(leadId);
        lead = store.captures().profile(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(85, 40, 45, Temperature.HOT, List.of(), clock.instant()),
                Stage.MQL)).isTrue();
        deliverModify(handler, warm, profileItem(leadId));
        assertThat(StreamFixtures.mailsTo(owner)).hasSize(mails + 1);
        assertThat(store.followUps().ownerChanges(leadId)).hasSize(1);
        assertThat(sales(leadId).mqlAt()).as("the clock started the first time").isEqualTo(FRIDAY_4PM);
    }

    @Test
    void anUntouchedHotLeadIsEscalatedOnceAfterTheBusinessHoursWindow() throws Exception {
        Router router = router(false);
        String leadId = hotLead(notifications(router));
        String owner = sales(leadId).owner();
        FollowUpCheckHandler check = check(router);

        // Friday evening and the whole weekend: 2 business hours passed, over 60 hours in all
        for (String at : List.of("2026-11-27T17:30:00Z", "2026-11-28T12:00:00Z", "2026-11-29T22:00:00Z",
                "2026-11-30T08:59:00Z")) {
            assertThat(runAt(check, Instant.parse(at))).containsEntry("pending", 1).containsEntry("escalated", 0);
        }
        assertThat(sales(leadId).followUp()).isEqualTo(new SalesFollowUp.FollowUp(DUE, null, null));
        assertThat(StreamFixtures.mailsTo(escalateTo)).isEmpty();

        // Monday 10:00 in Berlin: due
        assertThat(runAt(check, DUE)).containsEntry("escalated", 1);
        List<JsonNode> mails = StreamFixtures.mailsTo(escalateTo);
        assertThat(mails).singleElement().satisfies(m -> {
            assertThat(m.path("subject").asText()).startsWith("Follow-up overdue - ");
            assertThat(m.toString()).contains(owner).contains("https://api.example.de/leads/" + leadId)
                    .contains("waited 4 business hours");
        });
        assertThat(sales(leadId).followUp()).isEqualTo(new SalesFollowUp.FollowUp(DUE, DUE, escalateTo));
        assertThat(sales(leadId).owner()).as("no reassignment configured").isEqualTo(owner);

        // later runs, and a run replayed for the same moment, send nothing more
        assertThat(runAt(check, DUE)).containsEntry("escalated", 0).containsEntry("escalatedBefore", 1);
        runAt(check, DUE.plus(Duration.ofHours(5)));
        assertThat(StreamFixtures.mailsTo(escalateTo)).hasSize(1);

        // the marker names the breach's window; the escalation is in the lead's mail log
        Map<String, AttributeValue> marker = DDB.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("LEAD#" + leadId),
                "sk", AttributeValue.fromS("NOTIFICATION#ESCALATION#2026-11-27T15:00:00.000000Z")))).item();
        assertThat(marker.get("status").s()).isEqualTo("sent");
        assertThat(marker.get("kind").s()).isEqualTo("escalation");
    }

    @Test
    void anActivityBeforeTheDeadlineStopsTheClock() throws Exception {
        Router router = router(false);
        String leadId = hotLead(notifications(router));
        FollowUpCheckHandler check = check(router);
        runAt(check, Instant.parse("2026-11-27T17:00:00Z"));

        Lead lead = store.reads().findLead(leadId).orElseThrow();
        assertThat(store.followUps().recordActivity(lead, new Activity(UUID.randomUUID().toString(), Activity.Type.CALL,
                "reached", "Demo für Donnerstag vereinbart", Instant.parse("2026-11-30T08:30:00Z"),
                "arn:aws:iam::123456789012:user/vertrieb"))).isTrue();

        assertThat(runAt(check, DUE.plus(Duration.ofHours(3)))).containsEntry("contacted", 1).containsEntry("escalated", 0);
        assertThat(StreamFixtures.mailsTo(escalateTo)).isEmpty();
        assertThat(sales(leadId).followUp().breachedAt()).isNull();
    }

    @Test
    void aStageChangeBySalesStopsTheClockToo() throws Exception {
        Router router = router(false);
        String leadId = hotLead(notifications(router));
        Lead lead = store.reads().findLead(leadId).orElseThrow();
        assertThat(store.scores().changeStage(lead, Stage.SQL, "arn:aws:iam::123456789012:user/vertrieb", "Budget da",
                false, Instant.parse("2026-11-30T07:30:00Z"))).isTrue();

        assertThat(runAt(check(router), DUE.plus(Duration.ofHours(3)))).containsEntry("contacted", 1);
        assertThat(StreamFixtures.mailsTo(escalateTo)).isEmpty();
    }

    @Test
    void onlyMqlOrHotLeadsWithAnOwnerAreCheckedEachOnce() throws Exception {
        Router router = router(false);
        hotLead(notifications(router)); // hot and MQL: in both index partitions, checked once
        String warmMql = lead("demo");
        Lead read = store.captures().profile(warmMql).orElseThrow();
        assertThat(store.scores().writeScore(read, new LeadScore(55, 30, 25, Temperature.WARM, List.of(), clock.instant()),
                Stage.MQL)).isTrue();
        owned(warmMql);
        owned(lead("contact")); // owned, but neither MQL nor hot
        lead("demo"); // unowned

        assertThat(runAt(check(router), FRIDAY_4PM.plus(Duration.ofMinutes(30)))).containsEntry("checked", 2)
                .containsEntry("escalated", 0);
    }

    @Test
    void leadsWithNothingToDoAreDecidedOnTheIndexWithoutReadingTheTable() throws Exception {
        Router router = router(false);
        hotLead(notifications(router));
        String contacted = hotLead(notifications(router));
        Lead read = store.reads().findLead(contacted).orElseThrow();
        assertThat(store.followUps().recordActivity(read, new Activity(UUID.randomUUID().toString(), Activity.Type.CALL,
                "reached", null, FRIDAY_4PM.plus(Duration.ofMinutes(20)), "arn:aws:iam::123456789012:user/vertrieb")))
                .isTrue();
        assertThat(runAt(check(router), FRIDAY_4PM.plus(Duration.ofMinutes(30))))
                .containsEntry("pending", 1).containsEntry("contacted", 1);

        List<String> tableReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        DynamoDbClient counted = DynamoDbClient.builder().endpointOverride(ENDPOINT).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (!(context.request() instanceof QueryRequest q) || q.indexName() == null) {
                            tableReads.add(context.request().getClass().getSimpleName());
                        }
                    }
                })).build();
        FollowUpCheckHandler onIndex = new FollowUpCheckHandler(new LeadStore(counted, table), new MailSender(SES, SENDER),
                router, MailEmulator.PUBLIC_API_URL, clock);

        assertThat(runAt(onIndex, FRIDAY_4PM.plus(Duration.ofHours(1))))
                .containsEntry("checked", 2).containsEntry("pending", 1).containsEntry("contacted", 1);
        assertThat(tableReads).as("the pending and the contacted lead need no read of their partitions").isEmpty();
    }

    String lead(String form) {
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(),
                new FormFields().add("email", "kunde." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de")
                        .add("company", "Beispiel Werke GmbH"), "hmac-sha256:test", null, null)).leadId();
    }

    void owned(String leadId) {
        Lead read = store.reads().findLead(leadId).orElseThrow();
        assertThat(store.followUps().assignOwner(read, first, "arn:aws:iam::123456789012:user/teamleitung", "Messe",
                clock.instant())).isTrue();
    }

    @Test
    void aBreachHandsTheLeadToTheNextActiveRep() throws Exception {
        Router router = router(true);
        String leadId = hotLead(notifications(router));
        String owner = sales(leadId).owner();
        String other = owner.equals(first) ? second : first;
        FollowUpCheckHandler check = check(router);

        assertThat(runAt(check, DUE.plus(Duration.ofMinutes(30)))).containsEntry("escalated", 1);

        SalesFollowUp s = sales(leadId);
        assertThat(s.owner()).isEqualTo(other).isNotEqualTo(inactive);
        assertThat(s.ownerSince()).isEqualTo(DUE.plus(Duration.ofMinutes(30)));
        assertThat(s.followUp()).isEqualTo(new SalesFollowUp.FollowUp(DUE, DUE.plus(Duration.ofMinutes(30)), escalateTo));
        assertThat(store.followUps().ownerChanges(leadId)).hasSize(2).last().satisfies(c -> {
            assertThat(c.from()).isEqualTo(owner);
            assertThat(c.to()).isEqualTo(other);
            assertThat(c.who()).isEqualTo("follow-up-check");
        });
        assertThat(StreamFixtures.mailsTo(escalateTo)).singleElement().satisfies(m -> assertThat(m.toString()).contains(other));

        // the new owner has a window of their own: four business hours from now, not another escalation
        assertThat(runAt(check, DUE.plus(Duration.ofHours(1)))).containsEntry("pending", 1).containsEntry("escalated", 0);
        assertThat(sales(leadId).followUp()).isEqualTo(new SalesFollowUp.FollowUp(
                Instant.parse("2026-11-30T13:30:00Z"), null, null));
        assertThat(StreamFixtures.mailsTo(escalateTo)).hasSize(1);
    }
}

package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.DDB;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static io.leadcapture.notifications.MailEmulator.SES;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.ErasureOutcome;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.MailFeedback;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.ConsentStore;
import io.leadcapture.runtime.store.LeadNurture;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Nurture sequences against moto (DynamoDB and SES) over the wire: leads captured through the capture
 * use case, enrolled by the notification function from the stream records it is handed, steps sent by
 * the scheduled sender at the times the test's schedule events name.
 */
class NurtureTest {
    /** A Monday, 10:00 in Berlin. */
    static final Instant MONDAY = Instant.parse("2026-11-30T09:00:00Z");
    static final String WELCOME = "newsletter-welcome";
    static final String STEP_1 = "Willkommen";
    static final String STEP_2 = "Fallstudie";

    String table;
    LeadStore store;
    MovableClock clock;
    NotificationHandler notifications;
    NurtureHandler nurture;

    @BeforeEach
    void fresh() {
        FreshLeads fresh = FreshLeads.at(DDB, MONDAY);
        table = fresh.table();
        store = fresh.store();
        clock = fresh.clock();
        notifications = MailEmulator.notifications(store, new MailSender(SES, SENDER), clock);
        nurture = new NurtureHandler(store, new MailSender(SES, SENDER), NurtureConfig.bundled(),
                MailEmulator.TOKENS, MailEmulator.PUBLIC_API_URL, Duration.ofHours(24), clock);
    }

    static String address(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
    }

    String post(String form, FormFields fields) {
        return UseCases.captureLead(store, io.leadcapture.core.FreeMailDomains.bundled(), clock)
                .capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(), fields,
                        "hmac-sha256:test", null, null)).interactionId();
    }

    String leadId(String email) {
        return store.reads().findLeadIdByEmail(email).orElseThrow();
    }

    Map<String, AttributeValue> item(String leadId, String sk) {
        return DDB.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS(sk)))).item();
    }

    Map<String, AttributeValue> profile(String leadId) {
        return item(leadId, "PROFILE");
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return DDB.query(q -> q.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))).items();
    }

    /** The stream's INSERT of that interaction handed to the notification function. */
    void deliverInteraction(String interactionId) {
        Map<String, AttributeValue> item = DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
                .filter(i -> "interaction".equals(i.get("itemType").s()) && interactionId.equals(i.get("interactionId").s()))
                .findFirst().orElseThrow();
        assertNoFailures(notifications.handleRequest(StreamFixtures.insertOf(item), new LocalContext("NotificationFunction", 60)));
    }

    /** Runs {@code change} on the lead and hands the profile's MODIFY record to the notification function; the record. */
    DynamodbEvent changeProfile(String leadId, Runnable change) {
        Map<String, AttributeValue> before = profile(leadId);
        change.run();
        DynamodbEvent record = StreamFixtures.modifyOf(before, profile(leadId));
        deliver(record);
        return record;
    }

    void deliver(DynamodbEvent record) {
        assertNoFailures(notifications.handleRequest(record, new LocalContext("NotificationFunction", 60)));
    }

    static void assertNoFailures(StreamsEventResponse response) {
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    void score(String leadId, Temperature temperature, Stage stage) {
        Lead lead = store.reads().findLead(leadId).orElseThrow();
        assertThat(store.scores().writeScore(lead, new LeadScore(20, 10, 10, temperature, List.of(), clock.instant()), stage))
                .isTrue();
    }

    /** A newsletter sign-up, scored cold, that confirmed its consent by the link of the opt-in mail: enrolled. */
    String confirmedNewsletterLead(String email) {
        String interaction = post("newsletter", new FormFields().add("email", email).add("first_name", "Anna")
                .add("consent", "on"));
        deliverInteraction(interaction);
        String leadId = leadId(email);
        changeProfile(leadId, () -> score(leadId, Temperature.COLD, Stage.LEAD));
        assertThat(store.nurture().of(leadId)).as("not before the consent is confirmed").isEmpty();
        changeProfile(leadId, () -> store.consents().confirmConsent(leadId, interaction, clock.instant()));
        return leadId;
    }

    Map<String, Integer> runAt(Instant at) {
        ScheduledEvent event = new ScheduledEvent();
        event.setTime(new org.joda.time.DateTime(at.toEpochMilli()));
        return nurture.handleRequest(event, new LocalContext("NurtureFunction", 900));
    }

    static List<JsonNode> nurtureMails(String email, String subject) throws Exception {
        return StreamFixtures.mailsTo(email).stream().filter(m -> m.path("subject").asText().contains(subject)).toList();
    }

    @Test
    void aConfirmedNewsletterLeadGetsEachStepOnItsDayOnceAndNothingTwiceOnReplay() throws Exception {
        String email = address("anna");
        DynamodbEvent confirmation;
        String interaction = post("newsletter", new FormFields().add("email", email).add("first_name", "Anna")
                .add("consent", "on"));
        deliverInteraction(interaction);
        String leadId = leadId(email);
        changeProfile(leadId, () -> score(leadId, Temperature.COLD, Stage.LEAD));
        confirmation = changeProfile(leadId, () -> store.consents().confirmConsent(leadId, interaction, clock.instant()));

        LeadNurture.Enrolment enrolled = store.nurture().find(leadId, WELCOME).orElseThrow();
        assertThat(enrolled.step()).isZero();
        assertThat(enrolled.enrolledAt()).isEqualTo(MONDAY);
        assertThat(enrolled.nextAt()).as("one day later, in the sending hours").isEqualTo(MONDAY.plus(Duration.ofDays(1)));
        assertThat(profile(leadId).get("nurturedAt").s()).isEqualTo(MONDAY.toString());
        assertThat(store.reads().findLead(leadId).orElseThrow().sales().nurturedAt()).isEqualTo(MONDAY);

        assertThat(runAt(MONDAY.plus(Duration.ofHours(23))).get("sent")).as("not before its day").isZero();
        assertThat(nurtureMails(email, STEP_1)).isEmpty();

        Instant tuesday = MONDAY.plus(Duration.ofDays(1));
        assertThat(runAt(tuesday).get("sent")).isEqualTo(1);
        assertThat(runAt(tuesday).get("sent")).as("a replayed run").isZero();
        assertThat(runAt(tuesday.plus(Duration.ofHours(1))).get("sent")).isZero();
        deliver(confirmation); // a replayed stream record
        assertThat(store.nurture().of(leadId)).hasSize(1);
        assertThat(store.nurture().find(leadId, WELCOME).orElseThrow().enrolledAt()).isEqualTo(MONDAY);

        List<JsonNode> first = nurtureMails(email, STEP_1);
        assertThat(first).hasSize(1);
        String mail = first.get(0).toString();
        assertThat(mail).contains("Hallo Anna").contains("https://api.example.de/consent/withdraw?token=");
        Matcher link = Pattern.compile("https://api\\.example\\.de/r/([A-Za-z0-9_.-]+)").matcher(mail);
        assertThat(link.find()).as("the tracked link").isTrue();
        ConsentTokens.Click click = MailEmulator.TOKENS.verifyClick(link.group(1), tuesday);
        assertThat(click.leadId()).isEqualTo(leadId);
        assertThat(click.sequence()).isEqualTo(WELCOME);
        assertThat(click.step()).isEqualTo(1);
        Map<String, AttributeValue> marker = item(leadId, "NOTIFICATION#NURTURE#" + WELCOME + "#1");
        assertThat(marker.get("status").s()).isEqualTo("sent");
        assertThat(marker.get("kind").s()).isEqualTo("nurture");

        LeadNurture.Enrolment afterOne = store.nurture().find(leadId, WELCOME).orElseThrow();
        assertThat(afterOne.step()).isEqualTo(1);
        Instant dayEight = MONDAY.plus(Duration.ofDays(8));
        assertThat(afterOne.nextAt()).isEqualTo(dayEight);

        assertThat(runAt(dayEight.minus(Duration.ofMinutes(1))).get("sent")).isZero();
        assertThat(nurtureMails(email, STEP_2)).isEmpty();
        assertThat(runAt(dayEight).get("sent")).isEqualTo(1);
        assertThat(runAt(dayEight).get("sent")).isZero();
        assertThat(runAt(dayEight.plus(Duration.ofDays(30))).get("processed")).as("out of the index").isZero();
        assertThat(nurtureMails(email, STEP_1)).hasSize(1);
        assertThat(nurtureMails(email, STEP_2)).hasSize(1);

        LeadNurture.Enrolment done = store.nurture().find(leadId, WELCOME).orElseThrow();
        assertThat(done.step()).isEqualTo(2);
        assertThat(done.completedAt()).isEqualTo(dayEight);
        assertThat(done.nextAt()).isNull();
        assertThat(done.stoppedReason()).isNull();
        assertThat(store.exports().export(leadId, null, 1_000_000, clock.instant()).orElseThrow().nurture()).hasSize(1);
    }

    @Test
    void aStepOutsideTheSendingHoursOrHeldBackByTheCapWaitsForALaterRun() throws Exception {
        String email = address("ben");
        String leadId = confirmedNewsletterLead(email);
        Instant tuesday = MONDAY.plus(Duration.ofDays(1));

        assertThat(runAt(tuesday.plus(Duration.ofHours(10))).get("processed")).as("20:00 in Berlin").isZero();
        // an automated mail (a whitepaper's auto-response) went out an hour before the step is due
        clock.set(tuesday.minus(Duration.ofHours(1)));
        deliverInteraction(post("whitepaper", new FormFields().add("email", email)));
        assertThat(runAt(tuesday).get("capped")).isEqualTo(1);
        assertThat(nurtureMails(email, STEP_1)).isEmpty();
        assertThat(item(leadId, "NOTIFICATION#NURTURE#" + WELCOME + "#1")).as("nothing recorded as sent").isEmpty();

        assertThat(runAt(tuesday.plus(Duration.ofHours(24))).get("sent")).as("the next day, after the cap").isEqualTo(1);
        assertThat(nurtureMails(email, STEP_1)).hasSize(1);
    }

    @Test
    void nothingAfterUnsubscribing() throws Exception {
        String email = address("carla");
        String leadId = confirmedNewsletterLead(email);
        changeProfile(leadId, () -> store.consents().withdrawConsent(leadId, "marketing", clock.instant(),
                ConsentStore.SOURCE_UNSUBSCRIBE_LINK, "token key test1"));

        Map<String, Integer> run = runAt(MONDAY.plus(Duration.ofDays(1)));
        assertThat(run.get("stopped")).isEqualTo(1);
        assertThat(runAt(MONDAY.plus(Duration.ofDays(8))).get("processed")).isZero();
        assertThat(nurtureMails(email, STEP_1)).isEmpty();
        assertThat(nurtureMails(email, STEP_2)).isEmpty();
        assertThat(store.nurture().find(leadId, WELCOME).orElseThrow().stoppedReason()).isEqualTo(NurtureConfig.STOP_CONSENT);
    }

    @Test
    void becomingAnMqlStopsTheSequenceAtOnce() throws Exception {
        String email = address("dora");
        String leadId = confirmedNewsletterLead(email);
        clock.advance(Duration.ofHours(2));
        changeProfile(leadId, () -> score(leadId, Temperature.WARM, Stage.MQL));

        LeadNurture.Enrolment stopped = store.nurture().find(leadId, WELCOME).orElseThrow();
        assertThat(stopped.stoppedReason()).as("stopped on the stream, before any run").isEqualTo(NurtureConfig.STOP_MQL);
        assertThat(stopped.nextAt()).isNull();
        assertThat(runAt(MONDAY.plus(Duration.ofDays(1))).get("processed")).isZero();
        assertThat(nurtureMails(email, STEP_1)).isEmpty();
    }

    @Test
    void aSuppressedAddressGetsNothing() throws Exception {
        String email = address("emil");
        String leadId = confirmedNewsletterLead(email);
        String message = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bounceSubType\":\"General\","
                + "\"bouncedRecipients\":[{\"emailAddress\":\"" + email + "\"}],\"timestamp\":\"2026-11-30T10:00:00.000Z\","
                + "\"feedbackId\":\"fb-" + UUID.randomUUID() + "\"},\"mail\":{\"messageId\":\"m-1\",\"destination\":[\""
                + email + "\"]}}";
        UseCases.recordMailFeedback(store, clock).record(MailFeedback.parse(message).orElseThrow());

        assertThat(runAt(MONDAY.plus(Duration.ofDays(1))).get("stopped")).isEqualTo(1);
        assertThat(nurtureMails(email, STEP_1)).isEmpty();
        assertThat(store.nurture().find(leadId, WELCOME).orElseThrow().stoppedReason())
                .isEqualTo(NurtureConfig.STOP_SUPPRESSED);
    }

    @Test
    void erasureRemovesTheNurtureItems() throws Exception {
        String email = address("fritz");
        String leadId = confirmedNewsletterLead(email);
        assertThat(runAt(MONDAY.plus(Duration.ofDays(1))).get("sent")).isEqualTo(1);
        assertThat(partition(leadId)).anyMatch(i -> i.get("sk").s().startsWith("NURTURE#"));

        ErasureOutcome outcome = UseCases.eraseLead(store, clock).erase(new EraseCommand(leadId, "dpo", "Art. 17", null));
        assertThat(outcome).isInstanceOf(ErasureOutcome.Completed.class);

        assertThat(partition(leadId)).noneMatch(i -> i.get("sk").s().startsWith("NURTURE#"));
        assertThat(store.nurture().of(leadId)).isEmpty();
        assertThat(runAt(MONDAY.plus(Duration.ofDays(8))).get("processed")).isZero();
        assertThat(nurtureMails(email, STEP_2)).isEmpty();
    }

    @Test
    void aLeadWithoutConfirmedConsentIsNeverEnrolled() throws Exception {
        String email = address("greta");
        String interaction = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        deliverInteraction(interaction);
        String leadId = leadId(email);
        changeProfile(leadId, () -> score(leadId, Temperature.COLD, Stage.LEAD));
        changeProfile(leadId, () -> score(leadId, Temperature.WARM, Stage.LEAD));

        assertThat(store.nurture().of(leadId)).isEmpty();
        assertThat(profile(leadId)).doesNotContainKey("nurturedAt");
        runAt(MONDAY.plus(Duration.ofDays(1)));
        runAt(MONDAY.plus(Duration.ofDays(8)));
        assertThat(nurtureMails(email, STEP_1)).isEmpty();
    }

    @Test
    void anImportedLeadIsEnrolledOnlyOnceItConfirmedConsentItself() throws Exception {
        String email = address("hans");
        UseCases.captureLead(store, io.leadcapture.core.FreeMailDomains.bundled(), clock).capture(CaptureCommand.platformLead(
                CaptureCommand.platformChannel("fair-import", InteractionType.OUTBOUND_IMPORT, "DE"),
                new FormFields().add("email", email), Map.of("importId", "imp-1"), clock.instant(), false, "row-1"));
        String leadId = leadId(email);
        // the import's basis recorded as granted consent: not a confirmation by the person
        DDB.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId),
                        "sk", AttributeValue.fromS("PROFILE")))
                .updateExpression("SET consent = :c").expressionAttributeValues(Map.of(":c", AttributeValue.fromM(Map.of(
                        "purpose", AttributeValue.fromS("marketing"), "status", AttributeValue.fromS("granted"),
                        "source", AttributeValue.fromS("import:imp-1"))))));
        changeProfile(leadId, () -> score(leadId, Temperature.WARM, Stage.LEAD));
        assertThat(store.nurture().of(leadId)).as("granted by an import is not confirmed").isEmpty();

        // the person signs up to the newsletter and confirms
        String interaction = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        deliverInteraction(interaction);
        assertThat(store.nurture().of(leadId)).isEmpty();
        changeProfile(leadId, () -> store.consents().confirmConsent(leadId, interaction, clock.instant()));

        assertThat(store.nurture().of(leadId)).extracting(LeadNurture.Enrolment::sequence).containsExactly(WELCOME);
        assertThat(runAt(MONDAY.plus(Duration.ofDays(1))).get("sent")).isEqualTo(1);
        assertThat(nurtureMails(email, STEP_1)).hasSize(1);
    }
}

package io.leadcapture.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SnsEvents;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SNS samples of events/ (a permanent bounce, an out-of-office reply, a complaint), each with a
 * test's own address and feedback id, delivered to the function against moto over the wire — each
 * twice, as SNS may deliver it: the table after the second delivery is the table after the first.
 */
class MailFeedbackHandlerTest {
    static final Instant NOW = Instant.parse("2026-11-28T11:00:00Z");
    static DynamoDbClient ddb;

    String table;
    LeadStore store;
    CaptureLead capture;
    MailFeedbackHandler handler;

    @BeforeAll
    static void emulator() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
    }

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        handler = new MailFeedbackHandler(UseCases.recordMailFeedback(store, clock));
    }

    static String address(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
    }

    /** A lead for the address, from a contact form post with ticked consent; its id. */
    String lead(String email) {
        capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find("contact").orElseThrow(),
                new FormFields().add("email", email).add("first_name", "Paula").add("consent", "on"),
                "hmac-sha256:test", null, null));
        return store.reads().findLeadIdByEmail(email).orElseThrow();
    }

    /** The sample events/{@code name}, about {@code to} instead of the simulator's address, with a feedback id of its own. */
    static Sample sample(String name, String simulatorAddress, String to) throws Exception {
        String json = Files.readString(RepoLayout.root().resolve("events").resolve(name));
        String feedbackId = Json.MAPPER.readTree(Json.MAPPER.readTree(json).path("Records").get(0).path("Sns")
                .path("Message").asText()).findValue("feedbackId").asText();
        String ownId = feedbackId + "-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json).contains(simulatorAddress);
        SNSEvent event = SnsEvents.fromJson(Json.MAPPER.readTree(
                json.replace(simulatorAddress, to).replace(feedbackId, ownId)));
        return new Sample(event, ownId);
    }

    record Sample(SNSEvent event, String feedbackId) {
    }

    void deliver(SNSEvent event) {
        handler.handleRequest(event, new LocalContext("MailFeedbackFunction", 30));
    }

    /** Delivers the event twice; asserts the second delivery changed nothing in the table. */
    void deliverTwice(SNSEvent event) {
        deliver(event);
        List<Map<String, AttributeValue>> once = items();
        deliver(event);
        assertThat(items()).as("a second delivery changes nothing").isEqualTo(once);
    }

    List<Map<String, AttributeValue>> items() {
        return ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
                .sorted(Comparator.comparing((Map<String, AttributeValue> i) -> i.get("pk").s())
                        .thenComparing(i -> i.get("sk").s()))
                .toList();
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return ddb.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk)))).item();
    }

    Map<String, AttributeValue> profile(String leadId) {
        return item("LEAD#" + leadId, "PROFILE");
    }

    void assertReceipt(String feedbackId, String type) {
        Map<String, AttributeValue> receipt = item("MAILFEEDBACK#" + feedbackId, "MAILFEEDBACK");
        assertThat(receipt.get("itemType").s()).isEqualTo("mailFeedback");
        assertThat(receipt.get("type").s()).isEqualTo(type);
        assertThat(receipt.get("processedAt").s()).isEqualTo(NOW.toString());
        assertThat(Long.parseLong(receipt.get("expiresAt").n())).isEqualTo(NOW.plus(Duration.ofDays(30)).getEpochSecond());
        assertThat(receipt.values()).as("no address in the receipt")
                .allSatisfy(v -> assertThat(String.valueOf(v.s())).doesNotContain("@"));
    }

    @Test
    void aPermanentBounceSuppressesTheAddressAndMarksTheLeadOnce() throws Exception {
        String email = address("paula");
        String leadId = lead(email);
        long version = Long.parseLong(profile(leadId).get("version").n());
        String consent = profile(leadId).get("consent").m().get("status").s();
        Sample bounce = sample("sns-ses-bounce-permanent.json", "bounce@simulator.amazonses.com", email);

        deliverTwice(bounce.event());

        Map<String, AttributeValue> status = profile(leadId).get("emailStatus").m();
        assertThat(status.get("status").s()).isEqualTo("suppressed");
        assertThat(status.get("reason").s()).isEqualTo("permanent_bounce");
        assertThat(status.get("at").s()).as("when it bounced").isEqualTo("2026-11-28T10:15:32.418Z");
        assertThat(Long.parseLong(profile(leadId).get("version").n())).isEqualTo(version + 1);
        Map<String, AttributeValue> suppression = item("SUPPRESSION#" + email, "SUPPRESSION");
        assertThat(suppression.get("itemType").s()).isEqualTo("suppression");
        assertThat(suppression.get("email").s()).isEqualTo(email);
        assertThat(suppression.get("reason").s()).isEqualTo("permanent_bounce");
        assertThat(suppression.get("at").s()).isEqualTo("2026-11-28T10:15:32.418Z");
        assertThat(suppression.get("leadId").s()).isEqualTo(leadId);
        assertReceipt(bounce.feedbackId(), "bounce");
        assertThat(store.suppressions().isSuppressed(email.toUpperCase())).isTrue();
        Lead read = store.reads().findLead(leadId).orElseThrow();
        assertThat(read.emailStatus().suppressed()).isTrue();
        assertThat(read.consent().status().wireName()).as("a bounce leaves consent alone").isEqualTo(consent);
    }

    @Test
    void anOutOfOfficeReplyOnlyCounts() throws Exception {
        String email = address("otto");
        String leadId = lead(email);
        Sample ooto = sample("sns-ses-bounce-out-of-office.json", "ooto@simulator.amazonses.com", email);

        deliverTwice(ooto.event());

        Map<String, AttributeValue> status = profile(leadId).get("emailStatus").m();
        assertThat(status.get("status").s()).isEqualTo("ok");
        assertThat(status).doesNotContainKey("reason");
        assertThat(status.get("transientBounces").n()).isEqualTo("1");
        assertThat(status.get("lastTransientAt").s()).isEqualTo("2026-11-28T10:21:04.771Z");
        assertThat(item("SUPPRESSION#" + email, "SUPPRESSION")).isEmpty();
        assertThat(store.suppressions().isSuppressed(email)).isFalse();
        assertReceipt(ooto.feedbackId(), "bounce");

        deliver(sample("sns-ses-bounce-out-of-office.json", "ooto@simulator.amazonses.com", email).event());
        assertThat(profile(leadId).get("emailStatus").m().get("transientBounces").n()).as("another one counts").isEqualTo("2");
    }

    @Test
    void aComplaintSuppressesTheAddressAndWithdrawsMarketingConsentOnce() throws Exception {
        String email = address("clara");
        String leadId = lead(email);
        String consent = profile(leadId).get("consent").m().get("status").s();
        Sample complaint = sample("sns-ses-complaint.json", "complaint@simulator.amazonses.com", email);

        deliverTwice(complaint.event());

        Map<String, AttributeValue> profile = profile(leadId);
        assertThat(profile.get("emailStatus").m().get("status").s()).isEqualTo("suppressed");
        assertThat(profile.get("emailStatus").m().get("reason").s()).isEqualTo("complaint");
        assertThat(profile.get("consent").m().get("status").s()).isEqualTo("withdrawn");
        assertThat(profile.get("consent").m().get("source").s()).isEqualTo("mail_complaint");
        assertThat(item("SUPPRESSION#" + email, "SUPPRESSION").get("reason").s()).isEqualTo("complaint");
        List<Map<String, AttributeValue>> history = items().stream()
                .filter(i -> i.get("pk").s().equals("LEAD#" + leadId) && i.get("sk").s().startsWith("CONSENT#")).toList();
        assertThat(history).hasSize(1);
        Map<String, AttributeValue> change = history.get(0);
        assertThat(change.get("itemType").s()).isEqualTo("consentChange");
        assertThat(change.get("purpose").s()).isEqualTo("marketing");
        assertThat(change.get("status").s()).isEqualTo("withdrawn");
        assertThat(change.get("previousStatus").s()).isEqualTo(consent);
        assertThat(change.get("source").s()).isEqualTo("mail_complaint");
        assertThat(change.get("evidence").s()).isEqualTo(complaint.feedbackId());
        assertThat(change.get("at").s()).isEqualTo("2026-11-28T10:32:46Z");
        assertReceipt(complaint.feedbackId(), "complaint");
    }

    @Test
    void anAddressNoLeadOwnsIsSuppressedAllTheSame() throws Exception {
        String email = address("niemand");
        Sample bounce = sample("sns-ses-bounce-permanent.json", "bounce@simulator.amazonses.com", email);

        deliverTwice(bounce.event());

        Map<String, AttributeValue> suppression = item("SUPPRESSION#" + email, "SUPPRESSION");
        assertThat(suppression.get("reason").s()).isEqualTo("permanent_bounce");
        assertThat(suppression).doesNotContainKey("leadId");
        assertThat(items()).extracting(i -> i.get("pk").s()).noneMatch(pk -> pk.startsWith("LEAD#"));
        assertThat(store.suppressions().isSuppressed(email)).isTrue();
    }

    @Test
    void aMessageThatIsNoSesNotificationIsDroppedNotRetried() {
        for (String message : List.of("not json", "{\"eventType\":\"Bounce\"}",
                "Successfully validated SNS topic for Amazon SES event publishing.")) {
            deliver(SnsEvents.notification(SnsEvents.topicArn("MailFeedbackTopic"), message, NOW));
        }

        assertThat(items()).isEmpty();
    }
}

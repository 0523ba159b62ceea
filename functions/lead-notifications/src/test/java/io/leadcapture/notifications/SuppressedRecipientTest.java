package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.DDB;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static io.leadcapture.notifications.MailEmulator.SES;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.notify.MailFeedback;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An address SES's feedback suppressed gets no automated mail, checked in what moto's SES accepted:
 * the skip is recorded on the notification's marker (so a replay sends nothing either) and takes no
 * cap slot. A transient bounce suppresses nothing.
 */
class SuppressedRecipientTest {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    String table;
    LeadStore store;
    CaptureLead capture;
    NotificationHandler handler;

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        handler = MailEmulator.notifications(store, new MailSender(SES, SENDER, "lead-capture-test"), clock);
    }

    static String address(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
    }

    /** SES's feedback about the address, recorded as the mail-feedback function records it. */
    void feedback(String bounceType, String email) {
        String message = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"" + bounceType + "\","
                + "\"bounceSubType\":\"General\",\"bouncedRecipients\":[{\"emailAddress\":\"" + email + "\"}],"
                + "\"timestamp\":\"2026-11-28T11:00:00.000Z\",\"feedbackId\":\"fb-" + UUID.randomUUID() + "\"},"
                + "\"mail\":{\"messageId\":\"m-1\",\"destination\":[\"" + email + "\"]}}";
        UseCases.recordMailFeedback(store, Clock.fixed(NOW, ZoneOffset.UTC)).record(MailFeedback.parse(message).orElseThrow());
    }

    String post(String form, FormFields fields) {
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(), fields,
                "hmac-sha256:test", null, null)).interactionId();
    }

    String leadId(String email) {
        return store.reads().findLeadIdByEmail(email).orElseThrow();
    }

    Map<String, AttributeValue> item(String leadId, String sk) {
        return DDB.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS(sk)))).item();
    }

    /** The stream's INSERT of that interaction handed to the function; its answer. */
    StreamsEventResponse deliver(String interactionId) {
        Map<String, AttributeValue> item = DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream()
                .filter(i -> "interaction".equals(i.get("itemType").s()) && interactionId.equals(i.get("interactionId").s()))
                .findFirst().orElseThrow();
        DynamodbEvent event = StreamFixtures.insertOf(item);
        return handler.handleRequest(event, new LocalContext("NotificationFunction", 60));
    }

    void assertSkipped(String leadId, String markerSk) {
        Map<String, AttributeValue> marker = item(leadId, markerSk);
        assertThat(marker.get("status").s()).as("recorded as done").isEqualTo("sent");
        assertThat(marker.get("messageId").s()).isEqualTo("suppressed-recipient");
        assertThat(marker.get("recipients").l()).isEmpty();
    }

    @Test
    void aSuppressedAddressGetsNoOptInMail() throws Exception {
        String email = address("anna");
        post("contact", new FormFields().add("email", email));
        feedback("Permanent", email);
        String interaction = post("newsletter", new FormFields().add("email", email).add("consent", "on"));

        assertThat(deliver(interaction).getBatchItemFailures()).isEmpty();
        assertThat(deliver(interaction).getBatchItemFailures()).as("a replay").isEmpty();

        assertThat(StreamFixtures.mailsTo(email)).isEmpty();
        String leadId = leadId(email);
        assertSkipped(leadId, "NOTIFICATION#OPTIN#" + interaction);
        assertThat(item(leadId, "OPTIN#" + interaction)).as("no link to confirm").isEmpty();
        assertThat(item(leadId, "OPTINCAP#marketing")).as("no cap slot taken").isEmpty();
    }

    @Test
    void aSuppressedAddressGetsNoAutoResponseAndAnUnknownOneIsSuppressedBeforeItsLeadExists() throws Exception {
        String email = address("bert");
        feedback("Permanent", email); // no lead holds the address yet
        String interaction = post("whitepaper", new FormFields().add("email", email));

        assertThat(deliver(interaction).getBatchItemFailures()).isEmpty();

        assertThat(StreamFixtures.mailsTo(email)).isEmpty();
        String leadId = leadId(email);
        assertSkipped(leadId, "NOTIFICATION#AUTO#" + interaction);
        assertThat(item(leadId, "MAILCAP")).as("no cap slot taken").isEmpty();
    }

    @Test
    void aTransientBounceSuppressesNothing() throws Exception {
        String email = address("carla");
        post("contact", new FormFields().add("email", email));
        feedback("Transient", email);
        String interaction = post("whitepaper", new FormFields().add("email", email));

        assertThat(deliver(interaction).getBatchItemFailures()).isEmpty();

        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
        assertThat(item(leadId(email), "NOTIFICATION#AUTO#" + interaction).get("messageId").s())
                .isNotEqualTo("suppressed-recipient");
        assertThat(store.reads().findLead(leadId(email)).orElseThrow().emailStatus().transientBounces()).isEqualTo(1);
    }
}

package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.DDB;
import static io.leadcapture.notifications.MailEmulator.ENDPOINT;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static io.leadcapture.notifications.MailEmulator.SES;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.OptInMailRenderer;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Mails to the person, against moto (DynamoDB and SES) over the wire: the interactions are captured
 * through the capture use case and handed to the function as the stream delivers their inserts.
 */
class NotificationHandlerTest {
    String table;
    LeadStore store;
    MovableClock clock;
    CaptureLead capture;
    NotificationHandler handler;

    @BeforeEach
    void fresh() {
        // a whole second: Instant.toString leaves the fraction out, which string comparisons got wrong
        FreshLeads fresh = FreshLeads.at(DDB, Instant.parse("2026-11-27T09:00:00Z"));
        table = fresh.table();
        store = fresh.store();
        clock = fresh.clock();
        capture = fresh.capture();
        handler = MailEmulator.notifications(store, new MailSender(SES, SENDER), clock);
    }

    static String address(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
    }

    /** A form post captured now; its interaction id. */
    String post(String form, FormFields fields) {
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find(form).orElseThrow(), fields,
                "hmac-sha256:test", null, null)).interactionId();
    }

    /** The stream's INSERT of that interaction handed to the function; its answer. */
    StreamsEventResponse deliver(String interactionId) {
        return deliver(interactionItem(interactionId));
    }

    StreamsEventResponse deliver(Map<String, AttributeValue> item) {
        DynamodbEvent event = StreamFixtures.insertOf(item);
        return handler.handleRequest(event, new LocalContext("NotificationFunction", 60));
    }

    Map<String, AttributeValue> interactionItem(String interactionId) {
        return items().stream().filter(i -> "interaction".equals(i.get("itemType").s())
                && interactionId.equals(i.get("interactionId").s())).findFirst().orElseThrow();
    }

    List<Map<String, AttributeValue>> items() {
        return DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    Map<String, AttributeValue> item(String leadId, String sk) {
        return DDB.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS(sk)))).item();
    }

    String leadId(String email) {
        return store.reads().findLeadIdByEmail(email).orElseThrow();
    }

    @Test
    void oneOptInMailPerLeadAndPurposeInTheWindowHoweverManyPosts() throws Exception {
        String email = address("anna");
        List<String> posts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            posts.add(post("newsletter", new FormFields().add("email", email).add("consent", "on")));
            assertThat(deliver(posts.get(i)).getBatchItemFailures()).isEmpty();
            clock.advance(Duration.ofMinutes(20));
        }

        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
        String leadId = leadId(email);
        assertThat(item(leadId, "NOTIFICATION#OPTIN#" + posts.get(0)).get("status").s()).isEqualTo("sent");
        for (String suppressed : posts.subList(1, 3)) {
            Map<String, AttributeValue> marker = item(leadId, "NOTIFICATION#OPTIN#" + suppressed);
            assertThat(marker.get("status").s()).as("recorded as done").isEqualTo("sent");
            assertThat(marker.get("messageId").s()).isEqualTo("suppressed-by-opt-in-cap");
            assertThat(item(leadId, "OPTIN#" + suppressed)).as("no link to confirm").isEmpty();
        }
        Map<String, AttributeValue> slot = item(leadId, "OPTINCAP#marketing");
        assertThat(slot.get("lastOptInMailAt").n()).isEqualTo(Long.toString(Instant.parse("2026-11-27T09:00:00Z").toEpochMilli()));
        assertThat(slot.get("holder").s()).isEqualTo("OPTIN#" + posts.get(0));
        assertThat(store.reads().findLead(leadId).orElseThrow().interactionCount()).isEqualTo(3);

        // replays send nothing
        for (String interaction : posts) {
            deliver(interaction);
        }
        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);

        // half a second after the window closed: the next post asks again
        clock.set(Instant.parse("2026-11-28T09:00:00.500Z"));
        String later = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        deliver(later);
        assertThat(StreamFixtures.mailsTo(email)).hasSize(2);
        assertThat(item(leadId, "OPTIN#" + later)).isNotEmpty();
    }

    @Test
    void theAutoResponseCapComparesInstants() throws Exception {
        String email = address("reader");
        deliver(post("whitepaper", new FormFields().add("email", email)));
        clock.advance(Duration.ofHours(23));
        deliver(post("whitepaper", new FormFields().add("email", email)));
        assertThat(StreamFixtures.mailsTo(email)).as("one automated mail per 24 h").hasSize(1);

        clock.set(Instant.parse("2026-11-28T09:00:00.500Z"));
        deliver(post("whitepaper", new FormFields().add("email", email)));
        assertThat(StreamFixtures.mailsTo(email)).as("the window of the first mail is over").hasSize(2);
        assertThat(item(leadId(email), "MAILCAP").get("lastAutomatedMailAtMillis").n())
                .isEqualTo(Long.toString(Instant.parse("2026-11-28T09:00:00.500Z").toEpochMilli()));
    }

    @Test
    void theMarkerOfASentMailRecordsItsKindRecipientsAndSubject() throws Exception {
        String email = address("protokoll");
        String first = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        deliver(first);
        clock.advance(Duration.ofMinutes(5));
        String second = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        deliver(second);

        Map<String, AttributeValue> sent = item(leadId(email), "NOTIFICATION#OPTIN#" + first);
        assertThat(sent.get("kind").s()).isEqualTo("optIn");
        assertThat(sent.get("subject").s()).isEqualTo(OptInMailRenderer.SUBJECT);
        assertThat(sent.get("recipients").l()).extracting(AttributeValue::s).containsExactly(email);
        assertThat(sent.get("sentAt").s()).isEqualTo("2026-11-27T09:00:00Z");
        assertThat(sent.get("messageId").s()).isEqualTo(StreamFixtures.mailsTo(email).get(0).path("id").asText());
        Map<String, AttributeValue> capped = item(leadId(email), "NOTIFICATION#OPTIN#" + second);
        assertThat(capped.get("kind").s()).isEqualTo("optIn");
        assertThat(capped).as("nothing was sent, so no subject").doesNotContainKey("subject");
    }

    @Test
    void theOptInMailHoldsNothingOfTheProfileNorOfThePost() throws Exception {
        String email = address("leser");
        deliver(post("contact", new FormFields().add("email", email).add("first_name", "Anna").add("last_name", "Alt")
                .add("company", "Anna Alt GmbH").add("phone", "030 1234567")));
        String newsletter = post("newsletter", new FormFields().add("email", email).add("first_name", "Mallory")
                .add("consent", "on"));
        assertThat(store.reads().findLead(leadId(email)).orElseThrow().profile().firstName()).isEqualTo("Anna");

        deliver(newsletter);

        List<JsonNode> mails = StreamFixtures.mailsTo(email);
        assertThat(mails).hasSize(1);
        String mail = mails.get(0).toString();
        assertThat(mails.get(0).path("subject").asText()).isEqualTo(OptInMailRenderer.SUBJECT);
        assertThat(mail).contains("Guten Tag,").contains("Hello,")
                .doesNotContain("Anna").doesNotContain("Alt GmbH").doesNotContain("1234567").doesNotContain("Mallory");
    }

    @Test
    void anAddressMailCannotReachIsSkippedNotRetried() throws Exception {
        String email = address("joerg");
        String interaction = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        // as stored before capture refused non-ASCII local parts
        Map<String, AttributeValue> item = new HashMap<>(interactionItem(interaction));
        Map<String, AttributeValue> submitted = new HashMap<>(item.get("submitted").m());
        submitted.put("email", AttributeValue.fromS("jörg@firma.de"));
        item.put("submitted", AttributeValue.fromM(submitted));

        assertThat(deliver(item).getBatchItemFailures()).as("nothing to retry").isEmpty();

        assertThat(StreamFixtures.mailsTo(email)).isEmpty();
        assertThat(StreamFixtures.mailsTo("jörg@firma.de")).isEmpty();
        String leadId = leadId(email);
        assertThat(item(leadId, "NOTIFICATION#OPTIN#" + interaction)).as("no claim left behind").isEmpty();
        assertThat(item(leadId, "OPTINCAP#marketing")).isEmpty();
    }

    /** The handler sending through a recording proxy in front of moto's SES; what it sent is in {@code proxy}. */
    NotificationHandler handlerRecordingInto(RecordingProxy proxy) {
        SesV2Client recorded = StreamFixtures.ses(proxy.endpoint()).build();
        return MailEmulator.notifications(store, new MailSender(recorded, SENDER), clock);
    }

    @Test
    void anAutoResponseCarriesTheOneClickUnsubscribeHeadersAndTheLinkInItsText() throws Exception {
        String email = address("reader");
        String interaction = post("whitepaper", new FormFields().add("email", email));
        String leadId = leadId(email);
        try (RecordingProxy proxy = new RecordingProxy(ENDPOINT)) {
            handler = handlerRecordingInto(proxy);
            assertThat(deliver(interaction).getBatchItemFailures()).isEmpty();

            assertThat(proxy.sentEmails()).hasSize(1);
            JsonNode simple = Json.MAPPER.readTree(proxy.sentEmails().get(0)).path("Content").path("Simple");
            Map<String, String> headers = new HashMap<>();
            simple.path("Headers").forEach(h -> headers.put(h.path("Name").asText(), h.path("Value").asText()));
            assertThat(headers).containsEntry("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            String link = headers.get("List-Unsubscribe");
            assertThat(link).startsWith("<https://api.example.de/consent/withdraw?token=").endsWith(">");
            String url = link.substring(1, link.length() - 1);
            String token = java.net.URLDecoder.decode(url.substring(url.indexOf("token=") + 6), StandardCharsets.UTF_8);
            assertThat(MailEmulator.TOKENS.verifyWithdrawal(token, clock.instant()))
                    .isEqualTo(new ConsentTokens.Withdrawal(leadId, "marketing", "test1"));
            assertThat(simple.path("Body").path("Text").path("Data").asText()).contains(url);
            assertThat(simple.path("Body").path("Html").path("Data").asText()).contains(url);
        }
        // and moto's SES accepted it, with the link in the text
        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
        assertThat(StreamFixtures.mailsTo(email).get(0).toString()).contains("/consent/withdraw?token=");
    }

    @Test
    void anOptInConfirmationIsTransactionalAndCarriesNoUnsubscribeHeader() throws Exception {
        String email = address("neu");
        String interaction = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        try (RecordingProxy proxy = new RecordingProxy(ENDPOINT)) {
            handler = handlerRecordingInto(proxy);
            deliver(interaction);

            assertThat(proxy.sentEmails()).hasSize(1);
            JsonNode simple = Json.MAPPER.readTree(proxy.sentEmails().get(0)).path("Content").path("Simple");
            assertThat(simple.path("Headers").isMissingNode() || simple.path("Headers").isEmpty()).isTrue();
            assertThat(simple.toString()).doesNotContain("/consent/withdraw");
        }
    }

    @Test
    void aWithdrawnLeadGetsNoAutomatedMail() throws Exception {
        String email = address("ehemals");
        String first = post("whitepaper", new FormFields().add("email", email));
        String leadId = leadId(email);
        deliver(first);
        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);

        clock.advance(Duration.ofHours(1));
        store.consents().withdrawConsent(leadId, "marketing", clock.instant(), "unsubscribe_link", "token key test1");
        // past the frequency cap, so only the withdrawal can hold the mail back
        clock.advance(Duration.ofDays(2));
        String later = post("whitepaper", new FormFields().add("email", email));
        try (RecordingProxy proxy = new RecordingProxy(ENDPOINT)) {
            handler = handlerRecordingInto(proxy);
            assertThat(deliver(later).getBatchItemFailures()).isEmpty();
            assertThat(proxy.sentEmails()).as("nothing asked of SES").isEmpty();
        }
        assertThat(StreamFixtures.mailsTo(email)).as("what SES received").hasSize(1);
        assertThat(item(leadId, "NOTIFICATION#AUTO#" + later)).isEmpty();
    }

    @Test
    void anOutboundInteractionNeverMailsThePersonWhateverItCarries() throws Exception {
        // a trade-fair row on the whitepaper form's rules with a pending consent: as a post, it would
        // get an opt-in mail and the whitepaper auto-response; as an outbound contact, neither
        String email = address("messe");
        FormDefinition whitepaper = FormCatalog.bundled().find("whitepaper").orElseThrow();
        FormDefinition tradeFair = new FormDefinition(whitepaper.id(), InteractionType.EVENT_CONTACT, "messe-hannover-2026",
                "DE", List.of(), null, List.of(), whitepaper.aliases(), null, true, "_gotcha");
        String interaction = capture.capture(CaptureCommand.importRow(tradeFair, new FormFields().add("email", email),
                Map.of("importId", "imp-test"), clock.instant(), "import:messe-hannover-2026", email,
                new Consent(Consent.MARKETING, ConsentStatus.PENDING, null, clock.instant(), "import:imp-test", null)))
                .interactionId();
        String leadId = leadId(email);

        try (RecordingProxy proxy = new RecordingProxy(ENDPOINT)) {
            handler = handlerRecordingInto(proxy);
            assertThat(deliver(interaction).getBatchItemFailures()).isEmpty();
            assertThat(proxy.sentEmails()).as("nothing asked of SES").isEmpty();
        }
        assertThat(StreamFixtures.mailsTo(email)).isEmpty();
        assertThat(item(leadId, "NOTIFICATION#AUTO#" + interaction)).isEmpty();
        assertThat(item(leadId, "NOTIFICATION#OPTIN#" + interaction)).isEmpty();
    }
}

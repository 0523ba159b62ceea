package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.notify.MailFeedback.BounceType;
import io.leadcapture.core.notify.MailFeedback.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SES notifications as SES publishes them: the samples in events/, the feedback-notification form, and what is refused. */
class MailFeedbackTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The SES notification in the SNS sample {@code events/<name>} (its Records[0].Sns.Message). */
    static String sample(String name) throws IOException {
        Path events = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(events.resolve("events"))) {
            events = events.getParent();
        }
        return JSON.readTree(Files.readString(events.resolve("events").resolve(name)))
                .path("Records").get(0).path("Sns").path("Message").asText();
    }

    @Test
    void aPermanentBounceSuppressesItsAddress() throws IOException {
        MailFeedback f = MailFeedback.parse(sample("sns-ses-bounce-permanent.json")).orElseThrow();

        assertThat(f.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(f.bounceType()).isEqualTo(BounceType.PERMANENT);
        assertThat(f.subType()).isEqualTo("General");
        assertThat(f.feedbackId()).isEqualTo("0102019acb1f5e7c-3b4d6f1b-2a9c-4e1f-a7b3-d28e5f6a7b9c-000000");
        assertThat(f.recipients()).containsExactly("bounce@simulator.amazonses.com");
        assertThat(f.occurredAt()).isEqualTo(Instant.parse("2026-11-28T10:15:32.418Z"));
        assertThat(f.messageId()).isEqualTo("0102019acb1f5a15-8e2d4c61-0b7f-4a3e-9d15-c6b8a4f2e901-000000");
        assertThat(f.suppresses()).isTrue();
        assertThat(f.withdrawsConsent()).isFalse();
        assertThat(f.reason()).isEqualTo(EmailStatus.Reason.PERMANENT_BOUNCE);
        EmailStatus after = f.applyTo(null, f.occurredAt());
        assertThat(after.status()).isEqualTo(EmailStatus.Status.SUPPRESSED);
        assertThat(after.reason()).isEqualTo(EmailStatus.Reason.PERMANENT_BOUNCE);
        assertThat(after.at()).isEqualTo(f.occurredAt());
    }

    @Test
    void anOutOfOfficeReplyIsATransientBounceThatOnlyCounts() throws IOException {
        MailFeedback f = MailFeedback.parse(sample("sns-ses-bounce-out-of-office.json")).orElseThrow();

        assertThat(f.bounceType()).isEqualTo(BounceType.TRANSIENT);
        assertThat(f.subType()).isEqualTo("General");
        assertThat(f.recipients()).containsExactly("ooto@simulator.amazonses.com");
        assertThat(f.suppresses()).isFalse();
        assertThat(f.reason()).isNull();
        Instant t = f.occurredAt();
        EmailStatus once = f.applyTo(null, t);
        EmailStatus twice = f.applyTo(once, t.plusSeconds(60));
        assertThat(once).isEqualTo(new EmailStatus(EmailStatus.Status.OK, null, null, 1, t));
        assertThat(twice.transientBounces()).isEqualTo(2);
        assertThat(twice.lastTransientAt()).isEqualTo(t.plusSeconds(60));
        assertThat(twice.suppressed()).isFalse();
    }

    @Test
    void aComplaintSuppressesAndWithdrawsConsent() throws IOException {
        MailFeedback f = MailFeedback.parse(sample("sns-ses-complaint.json")).orElseThrow();

        assertThat(f.kind()).isEqualTo(Kind.COMPLAINT);
        assertThat(f.bounceType()).isNull();
        assertThat(f.subType()).as("complaintSubType null").isNull();
        assertThat(f.feedbackId()).isEqualTo("0102019acb2f8a41-6d3e5f7a-9b1c-4d2e-8a4f-6c8e0a2b4d6f-000000");
        assertThat(f.recipients()).containsExactly("complaint@simulator.amazonses.com");
        assertThat(f.suppresses()).isTrue();
        assertThat(f.withdrawsConsent()).isTrue();
        assertThat(f.reason()).isEqualTo(EmailStatus.Reason.COMPLAINT);
    }

    @Test
    void anAddressSuppressedBeforeKeepsItsFirstReasonAndTime() {
        Instant first = Instant.parse("2026-11-01T08:00:00Z");
        EmailStatus bounced = EmailStatus.OK.withTransientBounce(first.minusSeconds(10))
                .suppressedFor(EmailStatus.Reason.PERMANENT_BOUNCE, first);
        EmailStatus later = bounced.suppressedFor(EmailStatus.Reason.COMPLAINT, first.plusSeconds(3600));

        assertThat(later).isEqualTo(bounced);
        assertThat(later.transientBounces()).isEqualTo(1);
    }

    @Test
    void identityFeedbackNotificationsReadTheSame() {
        String message = """
                {"notificationType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"OnAccountSuppressionList",
                 "bouncedRecipients":[{"emailAddress":"Jane Doe <Jane.Doe@Example.COM>"}],"timestamp":"2026-11-28T10:00:00.000Z",
                 "feedbackId":"0100abc-1"},"mail":{"timestamp":"2026-11-28T09:59:59.000Z","messageId":"m-1",
                 "destination":["jane.doe@example.com"]}}""";

        MailFeedback f = MailFeedback.parse(message).orElseThrow();

        assertThat(f.bounceType()).isEqualTo(BounceType.PERMANENT);
        assertThat(f.subType()).isEqualTo("OnAccountSuppressionList");
        assertThat(f.recipients()).containsExactly("jane.doe@example.com");
    }

    @Test
    void anInternationalisedDomainReadsAsLeadsStoreIt() {
        String message = """
                {"eventType":"Bounce","bounce":{"bounceType":"Permanent","bounceSubType":"General",
                 "bouncedRecipients":[{"emailAddress":"joerg@xn--mller-kva.de"},{"emailAddress":"JOERG@xn--mller-kva.de"}],
                 "timestamp":"2026-11-28T10:00:00.000Z","feedbackId":"0100abc-2"},"mail":{"messageId":"m-2"}}""";

        assertThat(MailFeedback.parse(message).orElseThrow().recipients()).containsExactly("joerg@müller.de");
    }

    @Test
    void anUndeterminedBounceOnlyCounts() {
        String message = """
                {"eventType":"Bounce","bounce":{"bounceType":"Undetermined","bounceSubType":"Undetermined",
                 "bouncedRecipients":[{"emailAddress":"a@example.com"}],"feedbackId":"0100abc-3"},
                 "mail":{"timestamp":"2026-11-28T09:59:59.000Z"}}""";

        MailFeedback f = MailFeedback.parse(message).orElseThrow();

        assertThat(f.bounceType()).isEqualTo(BounceType.UNDETERMINED);
        assertThat(f.suppresses()).isFalse();
        assertThat(f.occurredAt()).as("the mail's time when the bounce has none").isEqualTo(Instant.parse("2026-11-28T09:59:59Z"));
    }

    @Test
    void otherEventsAndTheTopicSetUpNoticeAreNothingToActOn() {
        assertThat(MailFeedback.parse("{\"eventType\":\"Delivery\",\"delivery\":{},\"mail\":{}}")).isEmpty();
        assertThat(MailFeedback.parse("{\"notificationType\":\"Delivery\",\"delivery\":{},\"mail\":{}}")).isEmpty();
        assertThat(MailFeedback.parse("Successfully validated SNS topic for Amazon SES event publishing.")).isEmpty();
    }

    @Test
    void whatIsNoSesNotificationIsRefusedWithoutEchoingAddresses() {
        for (String broken : List.of("", "not json", "[]", "{}", "{\"eventType\":\"Bounce\"}",
                "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"bouncedRecipients\":[{\"emailAddress\":\"x@example.com\"}]}}",
                "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"feedbackId\":\"id 1\",\"bouncedRecipients\":[{\"emailAddress\":\"x@example.com\"}]}}",
                "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"feedbackId\":\"f\",\"bouncedRecipients\":[]}}",
                "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"f\",\"complainedRecipients\":[{\"emailAddress\":\"no-at-sign\"}]}}",
                "{\"eventType\":\"Complaint\",\"complaint\":{\"feedbackId\":\"f\",\"complainedRecipients\":[{}]}}")) {
            assertThatThrownBy(() -> MailFeedback.parse(broken)).as(broken)
                    .isInstanceOf(MalformedMailFeedbackException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("x@example.com"));
        }
        assertThatThrownBy(() -> MailFeedback.parse(null)).isInstanceOf(MalformedMailFeedbackException.class);
    }

    @Test
    void moreRecipientsThanOneTransactionTakesAreRefused() {
        StringBuilder recipients = new StringBuilder();
        for (int i = 0; i <= MailFeedback.MAX_RECIPIENTS; i++) {
            recipients.append(i == 0 ? "" : ",").append("{\"emailAddress\":\"r").append(i).append("@example.com\"}");
        }
        String message = "{\"eventType\":\"Bounce\",\"bounce\":{\"bounceType\":\"Permanent\",\"feedbackId\":\"f\","
                + "\"bouncedRecipients\":[" + recipients + "]},\"mail\":{}}";

        assertThatThrownBy(() -> MailFeedback.parse(message)).isInstanceOf(MalformedMailFeedbackException.class);
    }
}

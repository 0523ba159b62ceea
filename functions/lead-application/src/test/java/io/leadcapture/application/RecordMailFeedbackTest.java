package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.application.port.FindIdentityOwnersPort.IdentityOwners;
import io.leadcapture.application.port.RecordMailFeedbackPort;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.notify.MailFeedback;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order and the once-only rule of recording SES feedback, on in-memory ports. */
class RecordMailFeedbackTest {
    static final Instant NOW = Instant.parse("2026-11-28T11:00:00Z");
    static final Instant BOUNCED = Instant.parse("2026-11-28T10:15:32.418Z");

    final Map<String, String> owners = new HashMap<>(Map.of("known@example.com", "lead-1"));
    final List<String> withdrawals = new ArrayList<>();
    final List<MailFeedbackRecord> records = new ArrayList<>();
    final Map<String, EmailStatus> statuses = new HashMap<>();
    final RecordMailFeedbackPort port = new RecordMailFeedbackPort() {
        final Set<String> receipts = new HashSet<>();

        @Override
        public boolean recorded(String feedbackId) {
            return receipts.contains(feedbackId);
        }

        @Override
        public boolean record(MailFeedbackRecord record) {
            if (!receipts.add(record.feedbackId())) {
                return false;
            }
            records.add(record);
            record.addresses().stream().filter(a -> a.leadId() != null)
                    .forEach(a -> statuses.put(a.leadId(), record.status().apply(statuses.get(a.leadId()))));
            return true;
        }
    };
    final RecordMailFeedback use = new RecordMailFeedback((email, phone) -> new IdentityOwners(owners.get(email), null),
            port, (leadId, purpose, at, source, evidence) -> {
                withdrawals.add(leadId + "|" + purpose + "|" + at + "|" + source + "|" + evidence);
                return true;
            }, Clock.fixed(NOW, ZoneOffset.UTC));

    static MailFeedback feedback(MailFeedback.Kind kind, MailFeedback.BounceType type, String... to) {
        return new MailFeedback(kind, "fb-" + kind + "-" + type, type, "General", List.of(to), BOUNCED, "m-1");
    }

    @Test
    void aPermanentBounceSuppressesEveryAddressOnceWithOrWithoutALead() {
        MailFeedback f = feedback(MailFeedback.Kind.BOUNCE, MailFeedback.BounceType.PERMANENT,
                "known@example.com", "nobody@example.com");

        MailFeedbackOutcome first = use.record(f);
        MailFeedbackOutcome again = use.record(f);

        assertThat(first).isEqualTo(new MailFeedbackOutcome(false, 2, 0, 0, 1));
        assertThat(again.duplicate()).isTrue();
        assertThat(records).hasSize(1);
        MailFeedbackRecord r = records.get(0);
        assertThat(r.suppression()).isEqualTo(EmailStatus.Reason.PERMANENT_BOUNCE);
        assertThat(r.at()).isEqualTo(BOUNCED);
        assertThat(r.processedAt()).isEqualTo(NOW);
        assertThat(r.type()).isEqualTo("bounce");
        assertThat(r.addresses()).containsExactly(new MailFeedbackRecord.Address("known@example.com", "lead-1"),
                new MailFeedbackRecord.Address("nobody@example.com", null));
        assertThat(statuses.get("lead-1").suppressed()).isTrue();
        assertThat(withdrawals).isEmpty();
    }

    @Test
    void aTransientBounceOnlyCounts() {
        MailFeedbackOutcome outcome = use.record(feedback(MailFeedback.Kind.BOUNCE, MailFeedback.BounceType.TRANSIENT,
                "known@example.com"));

        assertThat(outcome).isEqualTo(new MailFeedbackOutcome(false, 0, 1, 0, 0));
        assertThat(records.get(0).suppression()).isNull();
        assertThat(statuses.get("lead-1")).isEqualTo(new EmailStatus(EmailStatus.Status.OK, null, null, 1, BOUNCED));
    }

    @Test
    void aComplaintWithdrawsTheOwnersConsentWithTheFeedbackAsEvidenceThenSuppresses() {
        MailFeedback f = feedback(MailFeedback.Kind.COMPLAINT, null, "known@example.com");

        MailFeedbackOutcome outcome = use.record(f);
        use.record(f);

        assertThat(outcome).isEqualTo(new MailFeedbackOutcome(false, 1, 0, 1, 0));
        assertThat(withdrawals).containsExactly("lead-1|marketing|" + BOUNCED + "|mail_complaint|" + f.feedbackId());
        assertThat(statuses.get("lead-1").reason()).isEqualTo(EmailStatus.Reason.COMPLAINT);
    }
}

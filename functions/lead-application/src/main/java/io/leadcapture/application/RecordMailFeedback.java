package io.leadcapture.application;

import io.leadcapture.application.port.FindIdentityOwnersPort;
import io.leadcapture.application.port.RecordMailFeedbackPort;
import io.leadcapture.application.port.WithdrawConsentPort;
import io.leadcapture.core.Consent;
import io.leadcapture.core.notify.MailFeedback;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounce or complaint from SES, applied once per {@code feedbackId} (SNS delivers at least once):
 * a permanent bounce suppresses the addresses, a transient one only counts on the lead, a complaint
 * suppresses and withdraws the lead's marketing consent. An address no lead owns is suppressed all
 * the same, so a lead created for it later is not mailed either.
 *
 * <p>The consent withdrawal comes first and is idempotent by itself; the suppression and the
 * receipt follow in one transaction. A crash between the two leaves no receipt, so the redelivery
 * does both again (the withdrawal then changes nothing), and once the receipt is written a
 * redelivery changes nothing at all.
 */
public final class RecordMailFeedback {
    static final String COMPLAINT_SOURCE = "mail_complaint";

    private final FindIdentityOwnersPort owners;
    private final RecordMailFeedbackPort feedback;
    private final WithdrawConsentPort consents;
    private final Clock clock;

    public RecordMailFeedback(FindIdentityOwnersPort owners, RecordMailFeedbackPort feedback,
                              WithdrawConsentPort consents, Clock clock) {
        this.owners = owners;
        this.feedback = feedback;
        this.consents = consents;
        this.clock = clock;
    }

    /** @throws StoreUnavailableException the store failed; the same feedback may be recorded again */
    public MailFeedbackOutcome record(MailFeedback f) {
        if (feedback.recorded(f.feedbackId())) {
            return MailFeedbackOutcome.DUPLICATE;
        }
        Instant processedAt = clock.instant();
        Instant at = f.occurredAt() == null ? processedAt : f.occurredAt();
        List<MailFeedbackRecord.Address> addresses = new ArrayList<>();
        int withoutLead = 0;
        for (String email : f.recipients()) {
            String leadId = owners.owners(email, null).emailOwner();
            addresses.add(new MailFeedbackRecord.Address(email, leadId));
            withoutLead += leadId == null ? 1 : 0;
        }
        int withdrawn = 0;
        if (f.withdrawsConsent()) {
            for (MailFeedbackRecord.Address a : addresses) {
                if (a.leadId() != null
                        && consents.withdraw(a.leadId(), Consent.MARKETING, at, COMPLAINT_SOURCE, f.feedbackId())) {
                    withdrawn++;
                }
            }
        }
        boolean recorded = feedback.record(new MailFeedbackRecord(f.feedbackId(), f.kind().wireName(), at, processedAt,
                f.reason(), addresses, status -> f.applyTo(status, at)));
        if (!recorded) {
            return MailFeedbackOutcome.DUPLICATE;
        }
        int suppressed = f.suppresses() ? addresses.size() : 0;
        int counted = f.suppresses() ? 0 : addresses.size() - withoutLead;
        return new MailFeedbackOutcome(false, suppressed, counted, withdrawn, withoutLead);
    }
}

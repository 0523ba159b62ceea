package io.leadcapture.application;

import io.leadcapture.core.EmailStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What one bounce or complaint changes, ready to be written with its receipt.
 *
 * @param type        {@code bounce} or {@code complaint}
 * @param at          when it happened (the lead's status shows this time)
 * @param processedAt when it was recorded (the receipt's time)
 * @param suppression why its addresses are suppressed, or null when it only counts (a transient bounce)
 * @param addresses   the addresses it is about, with the lead that owns each (null: no lead)
 * @param status      a lead's email status after it, from the status before (null: none yet)
 */
public record MailFeedbackRecord(String feedbackId, String type, Instant at, Instant processedAt,
                                 EmailStatus.Reason suppression, List<Address> addresses,
                                 UnaryOperator<EmailStatus> status) {
    public MailFeedbackRecord {
        Objects.requireNonNull(feedbackId, "feedbackId");
        addresses = List.copyOf(addresses);
    }

    /** An address the feedback names, and the lead that owns it (null when none does). */
    public record Address(String email, String leadId) {
        public Address {
            Objects.requireNonNull(email, "email");
        }
    }
}

package io.leadcapture.application.port;

import io.leadcapture.application.MailFeedbackRecord;

/** Where SES's bounces and complaints are kept: per address, on the lead that owns it, and a receipt per feedback. */
public interface RecordMailFeedbackPort {

    /** Whether the feedback with this id was recorded before (its receipt exists). */
    boolean recorded(String feedbackId);

    /**
     * Records the feedback's effect and its receipt in one transaction: a suppression item for each
     * address it suppresses, and on the lead owning an address the status {@code record} computes.
     *
     * @return false when the feedback was recorded before: nothing written
     */
    boolean record(MailFeedbackRecord record);
}

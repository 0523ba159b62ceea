package io.leadcapture.application.port;

import java.time.Instant;

/** Withdraws a lead's consent for a purpose, recorded in its consent history; idempotent. */
@FunctionalInterface
public interface WithdrawConsentPort {

    /**
     * @param source   what withdrew it, e.g. {@code mail_complaint}
     * @param evidence what proves it (an SES feedback id), or null
     * @return false when there is no such lead
     */
    boolean withdraw(String leadId, String purpose, Instant at, String source, String evidence);
}

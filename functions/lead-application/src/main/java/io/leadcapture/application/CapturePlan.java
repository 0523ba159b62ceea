package io.leadcapture.application;

import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import java.time.Instant;

/**
 * What one capture writes, decided before anything is written: the lead as it will be stored (new,
 * or replacing the version that was read), the interaction, the identities the lead claims now and
 * the idempotency record.
 *
 * @param expectedVersion the version of the lead that was read and merged into; null for a new lead
 * @param claimEmail      the normalised email the lead claims now (no lead owned it when read), or null
 * @param claimPhone      likewise the E.164 phone, or null
 * @param duplicateOf     another lead this one may be the same person as (it owns the submission's phone);
 *                        the two are linked both ways, never merged automatically; null when none
 * @param idempotency     null when the request had no key
 * @param attempt         1 for the first try; a retry after contention is another attempt with another
 *                        plan, so the store must not treat it as a repeat of the earlier one
 */
public record CapturePlan(Lead lead, Long expectedVersion, Interaction interaction, boolean test,
                          String claimEmail, String claimPhone, String duplicateOf, IdempotencyKey idempotency,
                          CaptureResult result,
                          Instant at, int attempt) {

    public boolean createsLead() {
        return expectedVersion == null;
    }
}

package io.leadcapture.application.port;

import io.leadcapture.core.Lead;

/**
 * Deletes what a lead holds in steps that are each complete or not done at all, so an erasure can
 * stop at any point and be resumed.
 */
public interface EraseLeadItemsPort {

    /**
     * Deletes the identity claims (and address suppressions) of the profile's email and phone, each
     * only while the claim names this lead. Repeating it changes nothing.
     */
    void eraseIdentities(String leadId, Lead profile);

    /**
     * Deletes the next bounded batch of the lead's items (everything but its profile and erasure
     * records) in one transaction, after the claims of the identities those items name, the
     * personal data of the idempotency records its interactions wrote, and the links other leads
     * hold to it. After completion it deletes what reached the lead late (a mail marker) the same way.
     *
     * @return how many items were deleted; 0 when nothing is left; -1 when a concurrent writer won a
     *         condition (nothing was written; read again)
     */
    int eraseBatch(String leadId);
}

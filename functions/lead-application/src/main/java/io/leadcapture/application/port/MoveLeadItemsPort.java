package io.leadcapture.application.port;

import io.leadcapture.core.Lead;

/**
 * Moves what a lead holds to the lead it is merging into, in steps that are each complete or not
 * done at all, so a merge can stop at any point and be resumed.
 */
public interface MoveLeadItemsPort {

    /**
     * Points the identity claims of the source's email and phone at the target, each only while it
     * still points at the source. Repeating it changes nothing.
     */
    void moveIdentities(String source, String target, Lead sourceProfile);

    /**
     * Moves the next bounded batch of the source's items (interactions, history, consent and mail
     * records, duplicate links) to the target in one transaction, with the claims of the identities
     * those interactions gave.
     *
     * @return how many items were taken from the source; 0 when nothing is left to move; -1 when a
     *         concurrent writer won a condition (nothing was written; read again)
     */
    int moveBatch(String source, String target);
}

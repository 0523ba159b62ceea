package io.leadcapture.application;

import java.time.Instant;

/**
 * A completed erasure, as every request for it is answered. It holds nothing about the person.
 *
 * @param itemsDeleted the items deleted: the lead's own items (profile, interactions, history,
 *                     consent, mail and opt-in records) and the identity claims and suppression
 *                     entries of its addresses and numbers
 */
public record ErasureReceipt(String leadId, Instant erasedAt, long itemsDeleted, String requestedBy, String reason) {
}

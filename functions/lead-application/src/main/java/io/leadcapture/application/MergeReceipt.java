package io.leadcapture.application;

import java.time.Instant;

/**
 * A completed merge, as every request for it is answered.
 *
 * @param leadId     the lead that stays
 * @param mergedFrom the lead that was merged into it and no longer exists
 * @param itemsMoved items of the merged lead now held by the lead that stays (interactions, history, consent records)
 */
public record MergeReceipt(String leadId, String mergedFrom, long itemsMoved, Instant mergedAt) {
}

package io.leadcapture.application;

import java.time.Instant;

/**
 * Who asked for an erasure, why and when: kept while the erasure runs and on its receipt.
 *
 * @param requestedBy the person or job that asked (the IAM caller, a name given in the request, {@code retention})
 * @param reason      why, or null; must not name the person, as it outlives them
 */
public record ErasureRequest(String requestedBy, String reason, Instant requestedAt) {
}

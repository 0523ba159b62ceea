package io.leadcapture.application;

import java.time.Instant;

/** Who asked for a merge, why and when: kept while the merge runs and recorded with it. */
public record MergeRequest(String who, String why, Instant requestedAt) {
}

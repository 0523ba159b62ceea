package io.leadcapture.application;

import java.time.Instant;
import java.util.Objects;

/**
 * Sales' decision that two leads are one person: {@code sourceId} goes into {@code targetId}.
 *
 * @param who      the caller (IAM principal), recorded with the merge
 * @param why      the caller's reason, or null
 * @param deadline when the caller must have an answer (the function's time budget); the merge stops
 *                 between two batches after it and is resumed by the next request. Null: no limit
 */
public record MergeCommand(String sourceId, String targetId, String who, String why, Instant deadline) {

    public MergeCommand {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(who, "who");
    }
}

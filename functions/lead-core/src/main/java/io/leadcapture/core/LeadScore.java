package io.leadcapture.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The scoring result stored on a lead.
 *
 * @param score           fit plus engagement, rounded
 * @param engagementScore engagement after decay, rounded
 */
public record LeadScore(int score, int fitScore, int engagementScore, Temperature temperature,
                        List<ScoreReason> scoreReasons, Instant scoredAt) {

    public LeadScore {
        Objects.requireNonNull(temperature, "temperature");
        scoreReasons = List.copyOf(scoreReasons == null ? List.of() : scoreReasons);
    }
}

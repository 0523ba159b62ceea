package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The scoring result stored on a lead.
 *
 * @param score           fit plus engagement, rounded
 * @param engagementScore engagement after decay, rounded
 * @param decayDueAt      when this result next changes by time alone (decay, recency lapsing); null when
 *                        it never will or was not computed. Store bookkeeping for the daily decay, not shown
 */
public record LeadScore(int score, int fitScore, int engagementScore, Temperature temperature,
                        List<ScoreReason> scoreReasons, Instant scoredAt, @JsonIgnore Instant decayDueAt) {

    public LeadScore {
        Objects.requireNonNull(temperature, "temperature");
        scoreReasons = List.copyOf(scoreReasons == null ? List.of() : scoreReasons);
    }

    /** A result without a decay due time. */
    public LeadScore(int score, int fitScore, int engagementScore, Temperature temperature,
                     List<ScoreReason> scoreReasons, Instant scoredAt) {
        this(score, fitScore, engagementScore, temperature, scoreReasons, scoredAt, null);
    }

    public LeadScore withDecayDueAt(Instant due) {
        return new LeadScore(score, fitScore, engagementScore, temperature, scoreReasons, scoredAt, due);
    }

    /**
     * Equal where a stored result is judged: the rounded scores and the temperature (decayed
     * fractions of the reasons drift every second; what is stored changes only when these do).
     */
    public boolean sameResultAs(LeadScore other) {
        return other != null && score == other.score && fitScore == other.fitScore
                && engagementScore == other.engagementScore && temperature == other.temperature;
    }
}

package io.leadcapture.application;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long a capture may try and how it paces its attempts after a lost race: a deadline well
 * inside the function's timeout, at most {@code maxAttempts} attempts, full-jitter back-off, and
 * no attempt started that could not finish before the deadline. Pure: time and randomness are
 * passed in.
 *
 * @param budget      how long one capture may take from its start, when the platform leaves more
 * @param margin      kept back from the platform's remaining time, for answering, logging and metrics
 * @param maxAttempts optimistic attempts at most
 * @param baseBackoff cap of the first pause; each later cap doubles
 * @param maxBackoff  cap of any pause
 * @param minCallTime the least time a store call gets: with less left, the capture gives up instead
 */
public record CaptureRetryPolicy(Duration budget, Duration margin, int maxAttempts, Duration baseBackoff,
                                 Duration maxBackoff, Duration minCallTime) {
    /**
     * The form capture function has 10 s (template.yaml) and API Gateway waits 30 s: 6 s of
     * capture leaves 4 s to answer 503 + Retry-After before Lambda would cut the call.
     */
    public static final CaptureRetryPolicy DEFAULT = new CaptureRetryPolicy(Duration.ofSeconds(6),
            Duration.ofSeconds(2), 12, Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(100));

    public CaptureRetryPolicy {
        if (maxAttempts < 1 || budget.isNegative() || margin.isNegative() || minCallTime.isNegative()
                || baseBackoff.isNegative() || maxBackoff.compareTo(baseBackoff) < 0) {
            throw new IllegalArgumentException("invalid capture retry policy");
        }
    }

    /** The default with another budget (tests, tools). */
    public static CaptureRetryPolicy withBudget(Duration budget) {
        return new CaptureRetryPolicy(budget, DEFAULT.margin, DEFAULT.maxAttempts, DEFAULT.baseBackoff,
                DEFAULT.maxBackoff, DEFAULT.minCallTime);
    }

    /**
     * When a capture starting at {@code now} must have answered: after the budget, and before the
     * platform's end minus the margin; {@code platformRemaining} null when no platform limit is known.
     */
    public Instant deadline(Instant now, Duration platformRemaining) {
        Duration d = budget;
        if (platformRemaining != null && platformRemaining.minus(margin).compareTo(d) < 0) {
            d = platformRemaining.minus(margin);
        }
        return now.plus(d.isNegative() ? Duration.ZERO : d);
    }

    /**
     * The time a store call started at {@code now} may take; empty when less than {@link #minCallTime}
     * is left, so the call should not start.
     */
    public Optional<Duration> callTime(Instant now, Instant deadline) {
        Duration left = Duration.between(now, deadline);
        return left.compareTo(minCallTime) < 0 ? Optional.empty() : Optional.of(left);
    }

    /**
     * The pause before attempt {@code next} (2 for the first retry) after a lost race at {@code now}:
     * uniformly up to {@code baseBackoff × 2^(next-2)}, at most {@code maxBackoff}, at least 1 ms.
     * Empty when no attempt is left or the pause and one call would not fit before the deadline.
     *
     * @param random a number in [0, 1)
     */
    public Optional<Duration> pauseBefore(int next, Instant now, Instant deadline, double random) {
        if (next > maxAttempts) {
            return Optional.empty();
        }
        long capMillis = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(next - 2, 20));
        Duration pause = Duration.ofMillis(Math.max(1, (long) Math.ceil(random * capMillis)));
        return now.plus(pause).plus(minCallTime).isAfter(deadline) ? Optional.empty() : Optional.of(pause);
    }
}

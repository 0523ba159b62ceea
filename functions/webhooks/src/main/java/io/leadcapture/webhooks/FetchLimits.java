package io.leadcapture.webhooks;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one call to a platform's lead API (Meta's Graph API, LinkedIn's Lead Sync API) may take
 * and how often it is tried: connect and per-attempt timeouts, attempts for retryable failures (5xx,
 * 429, timeouts, connection errors, and errors the platform flags as transient, such as Graph errors
 * with {@code is_transient}) and the first backoff (doubled per attempt, with jitter). A delivery's
 * overall deadline caps all of it, so a slow platform API turns into a 503 within a few seconds.
 */
public record FetchLimits(Duration connectTimeout, Duration attemptTimeout, int maxAttempts, Duration backoff) {
    /** 2 s to connect, 2 s per attempt, 3 attempts, 150 ms then 300 ms between them. */
    public static final FetchLimits DEFAULT = new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
            Duration.ofMillis(150));

    public FetchLimits {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(attemptTimeout, "attemptTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}

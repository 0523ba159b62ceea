package io.leadcapture.application;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The pause before trying a read-modify-write again after a concurrent writer won: short, random, growing. */
public final class Backoff {
    private Backoff() {
    }

    /**
     * Sleeps up to 10, 20, 40 … at most 200 ms (full jitter) before attempt {@code attempt + 1}.
     *
     * @throws StoreUnavailableException when interrupted: the caller answers "retry" rather than hang on
     */
    public static void pause(int attempt) {
        long capMillis = Math.min(200, 5L << Math.min(attempt, 6));
        sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(1, capMillis + 1)));
    }

    /**
     * Sleeps {@code pause}, e.g. the one a {@link CaptureRetryPolicy} gave.
     *
     * @throws StoreUnavailableException when interrupted
     */
    public static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while retrying", e);
        }
    }
}

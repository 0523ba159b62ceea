package io.leadcapture.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * At most one automated mail to a person per window. Pure decision; the time of the last automated
 * mail is stored elsewhere.
 */
public final class FrequencyCap {
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

    private final Duration window;

    public FrequencyCap() {
        this(DEFAULT_WINDOW);
    }

    public FrequencyCap(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /**
     * True when no automated mail was sent yet ({@code lastAutomatedMailAt} null) or the whole window
     * has passed since the last one (exactly one window later is allowed). A last mail time in the
     * future (clock skew) blocks until a window after it.
     */
    public boolean allows(Instant lastAutomatedMailAt, Instant now) {
        Objects.requireNonNull(now, "now");
        return lastAutomatedMailAt == null || !now.isBefore(lastAutomatedMailAt.plus(window));
    }
}

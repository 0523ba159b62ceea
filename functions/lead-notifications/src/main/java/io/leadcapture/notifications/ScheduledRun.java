package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a scheduled function: the time it works at, what it counted, and when it must stop so
 * it can still report before the function's timeout.
 */
final class ScheduledRun {
    /** Left for the report and the metrics when a run stops for lack of time. */
    private static final long SAFETY_MILLIS = 30_000;

    /** The schedule's event time (so {@code make run} can move it), else the clock's. */
    final Instant now;
    /** Every count named at the start, 0 until counted: the run's answer. */
    final Map<String, Integer> counts = new LinkedHashMap<>();
    private final long started = System.currentTimeMillis();
    private final long budget;

    ScheduledRun(ScheduledEvent event, Context context, Clock clock, List<String> countNames) {
        countNames.forEach(k -> counts.put(k, 0));
        now = event != null && event.getTime() != null ? Instant.ofEpochMilli(event.getTime().getMillis()) : clock.instant();
        budget = context == null || context.getRemainingTimeInMillis() <= 0 ? Long.MAX_VALUE
                : Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MILLIS);
    }

    /** Whether the time for work is used up (elapsed time, not the event's clock). */
    boolean outOfTime() {
        return System.currentTimeMillis() - started > budget;
    }

    void count(String name) {
        counts.merge(name, 1, Integer::sum);
    }
}

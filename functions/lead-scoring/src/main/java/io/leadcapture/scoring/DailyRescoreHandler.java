package io.leadcapture.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.logging.RequestLogging;
import io.leadcapture.runtime.store.LeadDecay;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily decay (SAM Schedule event): rescores the leads whose score changes by time alone
 * (docs/scoring.md#when-decay-runs), so a lead that went quiet cools down though no interaction
 * triggers the stream. It reads them from the decay index, day bucket by day bucket, from the oldest
 * day an earlier run left leads due in (the checkpoint) up to today, never the whole table.
 *
 * <p>One lead's failure is logged and counted and stops nothing: the lead stays due and the next
 * run tries it again. A run stops before its time runs out; the leads it did not reach stay due
 * and the next run starts with them. Until the one-off backfill has visited every lead stored
 * before due times were kept, the time a run has left goes to it.
 *
 * <p>Returns and writes as metrics (EMF): {@code processed} (leads rescored), {@code failed},
 * {@code remaining} (still due when the run ended, the failed ones included; counted up to
 * {@link #COUNT_AT_MOST}), {@code backfilled},
 * and the outcome counts ({@code changed}, {@code unchanged}, …).
 */
public class DailyRescoreHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** Rescores one lead as of now: {@link LeadRescorer#rescore}. */
    @FunctionalInterface
    public interface Rescore {
        LeadRescorer.Outcome rescore(String leadId);
    }

    /** Left of the invocation's time when a run stops: one lead's rescore (with its retries) must fit. */
    static final Duration SAFETY = Duration.ofSeconds(30);
    /**
     * How far back a run without a checkpoint looks (the first run after deploy, or a lost
     * checkpoint): a due time is only ever written for a later moment, and no bucket is older
     * than the deploy that started writing them.
     */
    static final int LOOKBACK_DAYS = 400;
    /** {@code remaining} is counted up to this (counting reads the index entries it counts). */
    static final int COUNT_AT_MOST = 10_000;
    private static final int PAGE = 100;
    private static final int BACKFILL_PAGE = 500;
    // so many failures in a row: the store is down, not one lead broken; the next run tries again
    private static final int MAX_FAILURES_IN_A_ROW = 25;
    private static final Logger LOG = LoggerFactory.getLogger(DailyRescoreHandler.class);

    private final LeadDecay decay;
    private final Rescore rescorer;
    private final Clock clock;
    private final Duration safety;
    private final LeadMetrics metrics = new LeadMetrics();

    public DailyRescoreHandler() {
        this(LeadStore.fromEnvironment(), Clock.systemUTC());
    }

    private DailyRescoreHandler(LeadStore store, Clock clock) {
        this(store.decay(), ScoringHandler.defaultRescorer(store, clock)::rescore, clock, SAFETY);
    }

    /** @param safety how much of the invocation's remaining time a run leaves unused */
    public DailyRescoreHandler(LeadDecay decay, Rescore rescorer, Clock clock, Duration safety) {
        this.decay = decay;
        this.rescorer = rescorer;
        this.clock = clock;
        this.safety = safety;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            long deadline = context == null || context.getRemainingTimeInMillis() <= 0 ? Long.MAX_VALUE
                    : System.currentTimeMillis() + context.getRemainingTimeInMillis() - safety.toMillis();
            Run run = new Run(clock.instant(), deadline);
            try {
                return run.run();
            } finally {
                metrics.flush();
            }
        });
    }

    /** One invocation's work and counts. */
    private final class Run {
        private final Instant now;
        private final LocalDate today;
        private final long deadline;
        private final Map<LeadRescorer.Outcome, Integer> outcomes = new EnumMap<>(LeadRescorer.Outcome.class);
        private int processed;
        private int failed;
        private int failedInARow;
        private int backfilled;
        private boolean stopped;

        Run(Instant now, long deadline) {
            this.now = now;
            this.today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            this.deadline = deadline;
        }

        Map<String, Integer> run() {
            LocalDate checkpoint = decay.oldestDueDay();
            LocalDate from = checkpoint == null ? today.minusDays(LOOKBACK_DAYS)
                    : checkpoint.isAfter(today) ? today : checkpoint;
            LocalDate left = drain(from);
            if (!stopped && backfill() && !stopped) {
                LocalDate leftToday = drain(today); // the leads the backfill just made due
                left = left != null ? left : leftToday;
            }
            decay.saveOldestDueDay(left != null ? left : today);
            long remaining = 0;
            for (LocalDate d = left; d != null && !d.isAfter(today) && remaining < COUNT_AT_MOST; d = d.plusDays(1)) {
                remaining += decay.countDue(d, now, COUNT_AT_MOST - remaining);
            }
            return report(remaining);
        }

        /** Rescores the due leads of {@code from} up to today; the first day that still holds due leads, or null. */
        private LocalDate drain(LocalDate from) {
            LocalDate left = null;
            for (LocalDate day = from; !day.isAfter(today); day = day.plusDays(1)) {
                boolean drained = true;
                LeadDecay.Cursor cursor = null;
                do {
                    if (outOfTime()) {
                        return left != null ? left : day;
                    }
                    LeadDecay.DuePage page = decay.due(day, now, cursor, PAGE);
                    for (String leadId : page.leadIds()) {
                        if (outOfTime()) {
                            return left != null ? left : day;
                        }
                        drained &= rescore(leadId);
                    }
                    cursor = page.next();
                } while (cursor != null);
                if (!drained && left == null) {
                    left = day;
                }
            }
            return left;
        }

        private boolean rescore(String leadId) {
            try {
                outcomes.merge(rescorer.rescore(leadId), 1, Integer::sum);
                processed++;
                failedInARow = 0;
                return true;
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("lead {} not rescored; it stays due for the next run", leadId, e);
                if (++failedInARow >= MAX_FAILURES_IN_A_ROW) {
                    LOG.error("{} leads in a row failed: stopping this run", failedInARow);
                    stopped = true;
                }
                return false;
            }
        }

        /** Backfill pages while time is left; true when a page made leads due. */
        private boolean backfill() {
            boolean marked = false;
            while (!outOfTime()) {
                LeadDecay.Backfill page = decay.backfill(now, BACKFILL_PAGE);
                backfilled += page.marked();
                marked |= page.marked() > 0;
                if (page.done()) {
                    break;
                }
            }
            return marked;
        }

        private boolean outOfTime() {
            if (!stopped && System.currentTimeMillis() >= deadline) {
                LOG.warn("daily rescoring stopping for lack of time: {} processed, {} failed", processed, failed);
                stopped = true;
            }
            return stopped;
        }

        private Map<String, Integer> report(long remaining) {
            Map<String, Integer> summary = new LinkedHashMap<>();
            summary.put("processed", processed);
            summary.put("failed", failed);
            summary.put("remaining", (int) Math.min(Integer.MAX_VALUE, remaining));
            summary.put("backfilled", backfilled);
            outcomes.forEach((k, v) -> summary.put(k.name().toLowerCase(Locale.ROOT), v));
            metrics.count("DecayLeadsProcessed", processed);
            metrics.count("DecayLeadsFailed", failed);
            metrics.count("DecayLeadsRemaining", remaining);
            metrics.count("DecayLeadsBackfilled", backfilled);
            LOG.info("daily rescoring {}: {}", stopped ? "stopped early" : "done", summary);
            return summary;
        }
    }
}

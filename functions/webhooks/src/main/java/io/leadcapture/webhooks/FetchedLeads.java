package io.leadcapture.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.http.HttpResponses;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leads of a delivery whose notifications only name them (Meta, LinkedIn): each is fetched from
 * the platform and recorded on its own, under one deadline, and the delivery is answered with the
 * counts, or with 503 whenever a lead was not fetched or not stored, so the platform redelivers.
 */
public final class FetchedLeads {
    /** The most a delivery's lead fetches may take together. */
    public static final Duration FETCH_BUDGET = Duration.ofSeconds(5);
    /** Fetches stop this long before the Lambda timeout, so the answer always comes well within API Gateway's 30 s. */
    public static final long RESERVE_MILLIS = 7000;
    private static final Logger LOG = LoggerFactory.getLogger(FetchedLeads.class);

    private final String platform;
    private final LeadMetrics metrics;

    /**
     * @param platform the platform in log lines
     * @param metrics  where each lead's outcome is counted
     */
    public FetchedLeads(String platform, LeadMetrics metrics) {
        this.platform = platform;
        this.metrics = metrics;
    }

    /**
     * When a delivery's fetches must end: {@link #FETCH_BUDGET} from now, and at the latest
     * {@link #RESERVE_MILLIS} before the Lambda timeout.
     */
    public static long deadline(Context context) {
        long budget = FETCH_BUDGET.toMillis();
        if (context != null && context.getRemainingTimeInMillis() > 0) {
            budget = Math.min(budget, context.getRemainingTimeInMillis() - RESERVE_MILLIS);
        }
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(budget, 0));
    }

    /**
     * Fetches, maps and records one lead; every failure becomes an outcome, so one lead never hides
     * the others.
     *
     * @param lead the platform's id of the lead, for log lines
     * @param fetchAndRecord throws {@link PlatformUnavailableException} when the lead was not fetched
     */
    public Outcome outcome(String lead, Supplier<CaptureResult> fetchAndRecord) {
        try {
            return Outcome.of(fetchAndRecord.get());
        } catch (PlatformUnavailableException e) {
            LOG.warn("{} lead {} not fetched: {}", platform, lead, e.getMessage());
            return Outcome.API_UNAVAILABLE;
        } catch (ValidationException e) {
            LOG.warn("{} lead {} rejected: no usable contact data (fields {})", platform, lead, e.fields().keySet());
            return Outcome.REJECTED;
        } catch (StoreUnavailableException e) {
            LOG.warn("{} lead {} not stored: lead store unavailable: {}", platform, lead, e.getMessage());
            return Outcome.STORE_UNAVAILABLE;
        } catch (RuntimeException e) {
            LOG.error("{} lead {} failed", platform, lead, e);
            return Outcome.FAILED;
        }
    }

    /** A new tally for one delivery. */
    public Tally tally() {
        return new Tally();
    }

    /** What became of one lead of a delivery, with the metric it counts as (none for ignored notifications). */
    public enum Outcome {
        CREATED("LeadCreated"),
        MERGED("LeadMerged"),
        REPLAYED("SubmissionReplayed"),
        REJECTED("WebhookLeadRejected"),
        IGNORED(null),
        API_UNAVAILABLE("PlatformApiUnavailable"),
        STORE_UNAVAILABLE("StoreUnavailable"),
        FAILED("WebhookLeadFailed");

        final String metric;

        Outcome(String metric) {
            this.metric = metric;
        }

        static Outcome of(CaptureResult r) {
            return r.replayed() ? REPLAYED : r.outcome() == CaptureResult.Outcome.CREATED ? CREATED : MERGED;
        }
    }

    /** The outcomes of one delivery's leads, each counted as its metric as it is added. */
    public final class Tally {
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

        private Tally() {
        }

        public void add(Outcome o) {
            counts.merge(o, 1, Integer::sum);
            if (o.metric != null) {
                metrics.count(o.metric);
            }
        }

        public int get(Outcome o) {
            return counts.getOrDefault(o, 0);
        }

        /**
         * The delivery's answer: 500 when a lead failed unexpectedly, 503 when a lead was not stored
         * or not fetched (the recorded ones are kept; the redelivery records only what is missing),
         * else 200 with the counts.
         *
         * @param received        the notifications of the delivery
         * @param batchDuplicates repeats within the delivery not added as outcomes
         * @param platformDown    the 503 message when the platform did not hand out every lead
         */
        public APIGatewayV2HTTPResponse answer(int received, int batchDuplicates, String platformDown) {
            if (get(Outcome.FAILED) > 0) {
                return HttpResponses.error(500, "internal_error",
                        "A lead could not be processed; the recorded ones are kept. Redeliver the notification.", Map.of(),
                        Map.of());
            }
            if (get(Outcome.STORE_UNAVAILABLE) > 0) {
                return HttpResponses.unavailable(Map.of());
            }
            if (get(Outcome.API_UNAVAILABLE) > 0) {
                return WebhookHandler.unavailable(platformDown);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("received", received);
            answer.put("recorded", get(Outcome.CREATED) + get(Outcome.MERGED));
            answer.put("duplicates", get(Outcome.REPLAYED) + batchDuplicates);
            answer.put("rejected", get(Outcome.REJECTED));
            answer.put("ignored", get(Outcome.IGNORED));
            return HttpResponses.json(200, answer, Map.of());
        }
    }
}

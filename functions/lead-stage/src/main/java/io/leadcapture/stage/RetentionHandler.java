package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.EraseLead;
import io.leadcapture.application.ErasureOutcome;
import io.leadcapture.core.Lead;
import io.leadcapture.core.retention.RetentionConfig;
import io.leadcapture.core.retention.RetentionPolicy;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadScan;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.logging.RequestLogging;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily retention run (SAM Schedule event): reads every lead and erases those retention.yaml
 * says are due ({@link RetentionPolicy}), through the same erasure as {@code DELETE /leads/{leadId}}
 * with {@code requestedBy = retention} and the rule as reason. Reports the counts as metrics and in
 * one log line. Stops early when the invocation runs out of time; the next day carries on (an
 * unfinished erasure is completed by the next run that finds the lead).
 */
public class RetentionHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    public static final String REQUESTED_BY = "retention";
    private static final Logger LOG = LoggerFactory.getLogger(RetentionHandler.class);
    private static final int PAGE = 100;
    private static final int SAFETY_MILLIS = 30_000;

    private final LeadScan scan;
    private final LeadReads leads;
    private final EraseLead erasures;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final LeadMetrics metrics = new LeadMetrics();

    public RetentionHandler() {
        this(LeadStore.fromEnvironment(), Clock.systemUTC());
    }

    private RetentionHandler(LeadStore store, Clock clock) {
        this(store.scan(), store.reads(), UseCases.eraseLead(store, clock),
                new RetentionPolicy(RetentionConfig.bundled()), clock);
    }

    public RetentionHandler(LeadScan scan, LeadReads leads, EraseLead erasures, RetentionPolicy policy, Clock clock) {
        this.scan = scan;
        this.leads = leads;
        this.erasures = erasures;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put("scanned", 0);
            counts.put("kept", 0);
            counts.put("erased_" + RetentionPolicy.Rule.PENDING_OPT_IN.wireName(), 0);
            counts.put("erased_" + RetentionPolicy.Rule.INACTIVE.wireName(), 0);
            counts.put("unfinished", 0);
            counts.put("merging", 0);
            Instant now = clock.instant();
            Instant deadline = context == null || context.getRemainingTimeInMillis() <= 0 ? null
                    : now.plusMillis(Math.max(0, context.getRemainingTimeInMillis() - SAFETY_MILLIS));
            try {
                String cursor = null;
                do {
                    LeadScan.Page page = scan.scan(cursor, PAGE);
                    for (String leadId : page.leadIds()) {
                        if (deadline != null && !clock.instant().isBefore(deadline)) {
                            LOG.warn("retention run stopped early for lack of time: {}", counts);
                            return report(counts);
                        }
                        String outcome = apply(leadId, now, deadline);
                        counts.merge("scanned", 1, Integer::sum);
                        counts.merge(outcome, 1, Integer::sum);
                    }
                    cursor = page.next();
                } while (cursor != null);
                return report(counts);
            } finally {
                metrics.flush();
            }
        });
    }

    /** Decides for one lead and erases it when due; the name of the count it adds to. */
    private String apply(String leadId, Instant now, Instant deadline) {
        Optional<Lead> lead = leads.findLeadForRetention(leadId);
        if (lead.isEmpty()) {
            return "kept"; // erased or merged since the scan saw it
        }
        RetentionPolicy.Decision decision = policy.decide(lead.get(), now);
        if (!decision.erase()) {
            return "kept";
        }
        ErasureOutcome outcome = erasures.erase(new EraseCommand(leadId, REQUESTED_BY, decision.reason(), deadline));
        if (outcome instanceof ErasureOutcome.Unfinished) {
            return "unfinished";
        }
        if (outcome instanceof ErasureOutcome.MergeInProgress) {
            return "merging"; // erased by a later run, once the merge has completed
        }
        String rule = decision.rule().wireName();
        metrics.count("LeadsErased");
        metrics.count(rule.equals(RetentionPolicy.Rule.INACTIVE.wireName()) ? "RetentionErasedInactive"
                : "RetentionErasedPendingOptIn");
        LOG.info("lead {} erased by retention ({})", leadId, rule);
        return "erased_" + rule;
    }

    private Map<String, Integer> report(Map<String, Integer> counts) {
        metrics.count("RetentionRuns");
        LOG.info("retention run done: {}", counts);
        return counts;
    }
}

package io.leadcapture.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.runtime.store.LeadScan;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.logging.RequestLogging;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily decay (SAM Schedule event): rescores every lead as of now, so a lead that went quiet
 * cools down even though no new interaction triggers the stream. Stops early when the invocation
 * runs out of time; the next day starts over.
 */
public class DailyRescoreHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    private static final Logger LOG = LoggerFactory.getLogger(DailyRescoreHandler.class);
    private static final int PAGE = 100;
    private static final int SAFETY_MILLIS = 15_000;

    private final LeadScan leads;
    private final LeadRescorer rescorer;

    public DailyRescoreHandler() {
        this(LeadStore.fromEnvironment());
    }

    private DailyRescoreHandler(LeadStore store) {
        this(store.scan(), ScoringHandler.defaultRescorer(store, Clock.systemUTC()));
    }

    public DailyRescoreHandler(LeadScan leads, LeadRescorer rescorer) {
        this.leads = leads;
        this.rescorer = rescorer;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            Map<LeadRescorer.Outcome, Integer> outcomes = new EnumMap<>(LeadRescorer.Outcome.class);
            String cursor = null;
            do {
                LeadScan.Page page = leads.scan(cursor, PAGE);
                for (String leadId : page.leadIds()) {
                    outcomes.merge(rescorer.rescore(leadId), 1, Integer::sum);
                }
                cursor = page.next();
                if (context != null && context.getRemainingTimeInMillis() < SAFETY_MILLIS) {
                    LOG.warn("daily rescoring stopped early for lack of time; {} done", outcomes);
                    break;
                }
            } while (cursor != null);
            LOG.info("daily rescoring done: {}", outcomes);
            Map<String, Integer> summary = new LinkedHashMap<>();
            outcomes.forEach((k, v) -> summary.put(k.name().toLowerCase(Locale.ROOT), v));
            return summary;
        });
    }
}

package io.leadcapture.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.LeadChanges;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.stream.StreamBatch;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a lead whenever one of its interactions is inserted (DynamoDB stream), and once more when a
 * merge of another lead into it completed: then its profile and history are whole again. Interactions
 * a merge moves are scored with that last step, not one by one while the profiles are still apart.
 * The function's own writes — the lead's score fields, score-history items — are neither: the event
 * filter in template.yaml keeps them away, and the guard below ignores them should they arrive.
 */
public class ScoringHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringHandler.class);

    private final LeadRescorer rescorer;
    private final LeadMetrics metrics = new LeadMetrics();

    public ScoringHandler() {
        this(defaultRescorer(LeadStore.fromEnvironment(), Clock.systemUTC()));
    }

    public ScoringHandler(LeadRescorer rescorer) {
        this.rescorer = rescorer;
    }

    /** The rescorer with the bundled scoring.yaml and free-mail domains. */
    static LeadRescorer defaultRescorer(LeadStore store, Clock clock) {
        ScoringConfig config = ScoringConfig.bundled();
        return new LeadRescorer(store.reads(), store.scores(), new LeadScorer(config, FreeMailDomains.bundled()),
                new StageRules(config), clock);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, context, metrics, this::process);
    }

    private void process(DynamodbEvent.DynamodbStreamRecord record) {
        // Only new interactions and completed merges: never score on our own writes. A malformed interaction
        // record throws (no retry can fix it), so it ends in the dead-letter queue after the retries.
        String leadId;
        String cause;
        switch (LeadChanges.of(record).orElse(null)) {
            case LeadChanges.InteractionAdded added -> {
                leadId = added.leadId();
                cause = "interaction " + added.interactionId();
            }
            case LeadChanges.LeadMerged merged when merged.completed() -> {
                leadId = merged.leadId();
                cause = "a merge";
            }
            case null, default -> {
                return;
            }
        }
        LeadRescorer.Outcome outcome = rescorer.rescore(leadId);
        LOG.info("scored lead {} after {}: {}", leadId, cause, outcome);
        if (outcome == LeadRescorer.Outcome.BECAME_MQL) {
            metrics.count("LeadBecameMQL");
        }
        if (outcome != LeadRescorer.Outcome.UNCHANGED) {
            metrics.count("LeadScored");
        }
    }
}

package io.leadcapture.scoring;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.stream.StreamBatch;
import io.leadcapture.runtime.stream.StreamImages;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a lead whenever one of its interactions is inserted (DynamoDB stream). The function's own
 * writes — the lead's score fields, score-history items — are not interaction inserts: the event
 * filter in template.yaml keeps them away, and the guard below ignores them should they arrive.
 */
public class ScoringHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(ScoringHandler.class);

    private final LeadRescorer rescorer;
    private final LeadMetrics metrics = new LeadMetrics();

    public ScoringHandler() {
        this(defaultRescorer(Clock.systemUTC()));
    }

    public ScoringHandler(LeadRescorer rescorer) {
        this.rescorer = rescorer;
    }

    static LeadRescorer defaultRescorer(Clock clock) {
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        ScoringConfig config = ScoringConfig.bundled();
        return new LeadRescorer(new LeadStore(AwsClients.dynamoDb(), Env.required("TABLE_NAME"), new LeadMerge(freeMail),
                clock), new LeadScorer(config, freeMail), new StageRules(config), clock);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, context, metrics, this::process);
    }

    private void process(DynamodbEvent.DynamodbStreamRecord record) {
        var image = record.getDynamodb() == null ? null : record.getDynamodb().getNewImage();
        if (!"INSERT".equals(record.getEventName()) || !"interaction".equals(StreamImages.string(image, "itemType"))) {
            return; // not ours: never score on our own writes
        }
        String leadId = StreamImages.string(image, "leadId");
        if (leadId == null) {
            // Malformed data no retry can fix: fail it, so it ends in the dead-letter queue after the retries.
            throw new IllegalStateException("interaction record without leadId: " + record.getDynamodb().getKeys());
        }
        LeadRescorer.Outcome outcome = rescorer.rescore(leadId);
        LOG.info("scored lead {} after interaction {}: {}", leadId, StreamImages.string(image, "interactionId"), outcome);
        if (outcome == LeadRescorer.Outcome.BECAME_MQL) {
            metrics.count("LeadBecameMQL");
        }
        if (outcome != LeadRescorer.Outcome.UNCHANGED) {
            metrics.count("LeadScored");
        }
    }
}

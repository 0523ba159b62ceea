package io.leadcapture.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.core.report.FunnelGroupBy;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.FunnelChanges;
import io.leadcapture.runtime.store.FunnelChanges.FunnelEvent;
import io.leadcapture.runtime.store.FunnelCounters;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.stream.StreamBatch;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the funnel as it happens, from the stream of lead profiles: a lead captured, its stage
 * crossing into MQL, SQL or customer, its first activity, a follow-up SLA breach. Each event is
 * counted once per lead however often its record is delivered (a marker beside the lead, written in
 * the transaction that counts), and emitted as a metric with the lead's source as its dimension.
 */
public class FunnelHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(FunnelHandler.class);

    private final FunnelCounters counters;
    private final Clock clock;
    private final LeadMetrics metrics = new LeadMetrics();

    public FunnelHandler() {
        this(LeadStore.fromEnvironment().funnel(), Clock.systemUTC());
    }

    public FunnelHandler(FunnelCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, context, metrics, this::process);
    }

    private void process(DynamodbEvent.DynamodbStreamRecord record) {
        for (FunnelEvent event : FunnelChanges.of(record)) {
            FunnelCounters.Outcome outcome = counters.count(event, clock.instant());
            LOG.info("funnel {} of lead {} on {}: {}", event.step().wireName(), event.leadId(), event.at(), outcome);
            if (outcome == FunnelCounters.Outcome.COUNTED) {
                try {
                    metrics.count(metricName(event), "source", event.groups().get(FunnelGroupBy.SOURCE));
                } catch (RuntimeException e) {
                    // the count is stored; a source Powertools refuses as a dimension value must not fail the record
                    LOG.warn("funnel metric {} not written: {}", metricName(event), e.toString());
                }
            }
        }
    }

    /** {@code FunnelCaptured}, {@code FunnelMql}, {@code FunnelSql}, {@code FunnelWon}, {@code FunnelFirstActivity}, {@code FunnelSlaBreach}, {@code FunnelMqlAfterNurture}. */
    static String metricName(FunnelEvent event) {
        return switch (event.step()) {
            case CAPTURED -> "FunnelCaptured";
            case MQL -> "FunnelMql";
            case SQL -> "FunnelSql";
            case WON -> "FunnelWon";
            case FIRST_ACTIVITY -> "FunnelFirstActivity";
            case SLA_BREACH -> "FunnelSlaBreach";
            case MQL_AFTER_NURTURE -> "FunnelMqlAfterNurture";
        };
    }
}

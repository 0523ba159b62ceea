package io.leadcapture.runtime;

import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** CloudWatch metrics in embedded metric format, flushed once per invocation. */
public final class LeadMetrics {
    private final Metrics metrics;
    private final String namespace;
    private volatile boolean counted;

    public LeadMetrics() {
        this.metrics = MetricsFactory.getMetricsInstance();
        namespace = Env.optional("POWERTOOLS_METRICS_NAMESPACE", "LeadCapture");
        metrics.setNamespace(namespace);
        metrics.setRaiseOnEmptyMetrics(false);
    }

    public void count(String name) {
        metrics.addMetric(name, 1, MetricUnit.COUNT);
        counted = true;
    }

    /** A count of several at once (how many leads a run processed); zero counts are written too. */
    public void count(String name, long value) {
        metrics.addMetric(name, value, MetricUnit.COUNT);
        counted = true;
    }

    /**
     * A count with one dimension of its own (such as the lead's source), written at once as its own
     * EMF line: the invocation's other metrics stay without that dimension.
     */
    public void count(String name, String dimension, String value) {
        metrics.flushSingleMetric(name, 1, MetricUnit.COUNT, namespace, DimensionSet.of(dimension, value));
    }

    /**
     * SnapStart priming: an EMF document built and serialised as a flush builds it, then dropped;
     * nothing is counted or written.
     */
    public void prime() {
        try {
            MetricsContext context = new MetricsContext();
            context.setNamespace(namespace);
            context.putMetric("Primed", 1, Unit.COUNT);
            context.serialize();
        } catch (Exception e) {
            // priming only: the first flush does the rest
        }
    }

    /** Writes what was counted; an invocation that counted nothing writes nothing (Powertools would warn). */
    public void flush() {
        if (counted) {
            counted = false;
            metrics.flush();
        }
    }
}

package io.leadcapture.runtime;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/** CloudWatch metrics in embedded metric format, flushed once per invocation. */
public final class LeadMetrics {
    private final Metrics metrics;
    private volatile boolean counted;

    public LeadMetrics() {
        this.metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(Env.optional("POWERTOOLS_METRICS_NAMESPACE", "LeadCapture"));
        metrics.setRaiseOnEmptyMetrics(false);
    }

    public void count(String name) {
        metrics.addMetric(name, 1, MetricUnit.COUNT);
        counted = true;
    }

    /** Writes what was counted; an invocation that counted nothing writes nothing (Powertools would warn). */
    public void flush() {
        if (counted) {
            counted = false;
            metrics.flush();
        }
    }
}

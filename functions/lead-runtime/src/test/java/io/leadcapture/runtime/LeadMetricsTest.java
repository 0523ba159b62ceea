package io.leadcapture.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The EMF lines CloudWatch reads: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html */
class LeadMetricsTest {
    private static final Instant AT = Instant.parse("2026-03-04T05:06:07.089Z");
    private final List<String> lines = new ArrayList<>();
    private final LeadMetrics metrics = new LeadMetrics("LeadCaptureTest", "forms", Clock.fixed(AT, ZoneOffset.UTC), lines::add);

    @Test
    void anInvocationsCountsAreOneDocumentWithTheServiceDimension() {
        metrics.count("LeadCreated");
        metrics.count("HoneypotTriggered");
        metrics.count("HoneypotTriggered");
        metrics.count("Processed", 0);

        metrics.flush();

        assertThat(lines).hasSize(1);
        JsonNode doc = parse(lines.get(0));
        JsonNode directive = doc.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(doc.path("_aws").path("Timestamp").asLong()).isEqualTo(AT.toEpochMilli());
        assertThat(directive.path("Namespace").asText()).isEqualTo("LeadCaptureTest");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Service\"]]");
        assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"LeadCreated\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"HoneypotTriggered\",\"Unit\":\"Count\"},{\"Name\":\"Processed\",\"Unit\":\"Count\"}]");
        assertThat(doc.path("Service").asText()).isEqualTo("forms");
        assertThat(doc.path("LeadCreated").asLong()).isEqualTo(1);
        assertThat(doc.path("HoneypotTriggered").toString()).isEqualTo("[1,1]");
        assertThat(doc.path("Processed").isNumber()).isTrue();
        assertThat(doc.path("Processed").asLong()).isZero();
    }

    @Test
    void aFlushWritesOnlyWhatWasCountedSinceTheLast() {
        metrics.flush();
        assertThat(lines).isEmpty();

        metrics.count("LeadMerged");
        metrics.flush();
        metrics.flush();

        assertThat(lines).hasSize(1);
        assertThat(parse(lines.get(0)).path("LeadMerged").asLong()).isEqualTo(1);
    }

    @Test
    void aDimensionedCountIsItsOwnLineAtOnce() {
        metrics.count("LeadCreated");

        metrics.count("FunnelMql", "source", "web_form");

        assertThat(lines).hasSize(1);
        JsonNode doc = parse(lines.get(0));
        assertThat(doc.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString()).isEqualTo("[[\"source\"]]");
        assertThat(doc.path("source").asText()).isEqualTo("web_form");
        assertThat(doc.path("FunnelMql").asLong()).isEqualTo(1);
        assertThat(doc.has("Service")).isFalse();
        assertThat(doc.has("LeadCreated")).isFalse();
        assertThatThrownBy(() -> metrics.count("FunnelMql", "source", " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moreThanADocumentHoldsIsSplitAcrossLinesWithNothingLost() {
        for (int i = 0; i < 150; i++) {
            metrics.count("Many", i);
        }
        for (int i = 0; i < 105; i++) {
            metrics.count("M" + i);
        }

        metrics.flush();

        assertThat(lines).hasSize(2);
        long metricsWritten = 0;
        long manySum = 0;
        int manyValues = 0;
        for (String line : lines) {
            JsonNode doc = parse(line);
            JsonNode definitions = doc.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics");
            assertThat(definitions.size()).isLessThanOrEqualTo(LeadMetrics.MAX_PER_DOCUMENT);
            metricsWritten += definitions.size();
            JsonNode many = doc.path("Many");
            if (!many.isMissingNode()) {
                assertThat(many.size()).isLessThanOrEqualTo(LeadMetrics.MAX_PER_DOCUMENT);
                for (JsonNode v : many) {
                    manySum += v.asLong();
                    manyValues++;
                }
            }
        }
        assertThat(metricsWritten).isEqualTo(106 + 1); // "Many" appears in both documents
        assertThat(manyValues).isEqualTo(150);
        assertThat(manySum).isEqualTo(149 * 150 / 2);
    }

    @Test
    void primingWritesNothing() {
        metrics.prime();
        metrics.flush();

        assertThat(lines).isEmpty();
    }

    private static JsonNode parse(String line) {
        assertThat(line).doesNotContain("\n");
        try {
            return Json.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.leadcapture.runtime;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * CloudWatch metrics in the embedded metric format (EMF): counts collected during an invocation and
 * written once, as one JSON line on standard output, which CloudWatch Logs turns into metrics. The
 * namespace is {@code POWERTOOLS_METRICS_NAMESPACE}, the one dimension {@code Service}
 * ({@code POWERTOOLS_SERVICE_NAME}) — the lines Powertools metrics wrote, without its start-up cost
 * (docs/architecture.md, "Start-up").
 */
public final class LeadMetrics {
    /** EMF allows at most 100 metrics per document and 100 values per metric. */
    static final int MAX_PER_DOCUMENT = 100;

    private final String namespace;
    private final String service;
    private final Clock clock;
    private final Consumer<String> out;
    private final Map<String, List<Long>> counts = new LinkedHashMap<>();

    public LeadMetrics() {
        this(Env.optional("POWERTOOLS_METRICS_NAMESPACE", "LeadCapture"),
                Env.optional("POWERTOOLS_SERVICE_NAME", "service_undefined"), Clock.systemUTC(), standardOut());
    }

    /** @param out where each EMF line goes (Lambda: standard output, which CloudWatch Logs reads) */
    LeadMetrics(String namespace, String service, Clock clock, Consumer<String> out) {
        this.namespace = namespace;
        this.service = service;
        this.clock = clock;
        this.out = out;
    }

    public void count(String name) {
        count(name, 1);
    }

    /** A count of several at once (how many leads a run processed); zero counts are written too. */
    public synchronized void count(String name, long value) {
        counts.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }

    /**
     * A count with one dimension of its own (such as the lead's source), written at once as its own
     * EMF line: the invocation's other metrics stay without that dimension.
     */
    public void count(String name, String dimension, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("metric " + name + ": dimension " + dimension + " needs a value");
        }
        write(Map.of(name, List.of(1L)), dimension, value);
    }

    /**
     * SnapStart priming: an EMF document built and serialised as a flush builds it, then dropped;
     * nothing is counted or written.
     */
    public void prime() {
        new LeadMetrics(namespace, service, clock, line -> { }).write(Map.of("Primed", List.of(1L)), "Service", service);
    }

    /** Writes what was counted; an invocation that counted nothing writes nothing. */
    public void flush() {
        Map<String, List<Long>> taken;
        synchronized (this) {
            if (counts.isEmpty()) {
                return;
            }
            taken = new LinkedHashMap<>(counts);
            counts.clear();
        }
        write(taken, "Service", service);
    }

    /** One or more EMF lines: several when there are more metrics or values than one document holds. */
    private void write(Map<String, List<Long>> metrics, String dimension, String dimensionValue) {
        Map<String, Iterator<Long>> pending = new LinkedHashMap<>();
        metrics.forEach((name, values) -> pending.put(name, values.iterator()));
        while (!pending.isEmpty()) {
            ObjectNode doc = Json.MAPPER.createObjectNode();
            ObjectNode aws = doc.putObject("_aws");
            aws.put("Timestamp", clock.millis());
            ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
            directive.put("Namespace", namespace);
            ArrayNode definitions = directive.putArray("Metrics");
            directive.putArray("Dimensions").addArray().add(dimension);
            doc.put(dimension, dimensionValue);
            Iterator<Map.Entry<String, Iterator<Long>>> it = pending.entrySet().iterator();
            for (int n = 0; n < MAX_PER_DOCUMENT && it.hasNext(); n++) {
                Map.Entry<String, Iterator<Long>> metric = it.next();
                definitions.addObject().put("Name", metric.getKey()).put("Unit", "Count");
                List<Long> values = new ArrayList<>();
                while (values.size() < MAX_PER_DOCUMENT && metric.getValue().hasNext()) {
                    values.add(metric.getValue().next());
                }
                if (values.size() == 1) {
                    doc.put(metric.getKey(), values.get(0));
                } else {
                    ArrayNode array = doc.putArray(metric.getKey());
                    values.forEach(array::add);
                }
                if (!metric.getValue().hasNext()) {
                    it.remove();
                }
            }
            out.accept(Json.write(doc));
        }
    }

    /** Standard output as it is when a line is written (println is atomic per line). */
    private static Consumer<String> standardOut() {
        return line -> System.out.println(line);
    }
}

package io.leadcapture.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A read of template.yaml: the functions with their handlers and events, and the tables. The local
 * runner and the tests take routes and tables from here, so the template is the single source.
 * CloudFormation short-form tags ({@code !Ref X}) read as their plain scalar values.
 */
public final class SamTemplate {
    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    public static SamTemplate load(Path file) {
        try {
            return new SamTemplate(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SamTemplate bundled() {
        return load(RepoLayout.template());
    }

    public JsonNode root() {
        return root;
    }

    public JsonNode resources() {
        return root.path("Resources");
    }

    public List<Function> functions() {
        List<Function> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode props = e.getValue().path("Properties");
            List<Route> routes = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> ev = props.path("Events").fields(); ev.hasNext(); ) {
                Map.Entry<String, JsonNode> event = ev.next();
                if ("HttpApi".equals(event.getValue().path("Type").asText())) {
                    JsonNode p = event.getValue().path("Properties");
                    routes.add(new Route(event.getKey(), p.path("Method").asText().toUpperCase(java.util.Locale.ROOT),
                            p.path("Path").asText(), p.path("Auth").path("Authorizer").asText(null)));
                }
            }
            out.add(new Function(e.getKey(), props.path("Handler").asText(null), props.path("CodeUri").asText(null), routes));
        }
        return out;
    }

    public List<Table> tables() {
        List<Table> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if ("AWS::DynamoDB::Table".equals(e.getValue().path("Type").asText())) {
                out.add(new Table(e.getKey(), e.getValue().path("Properties")));
            }
        }
        return out;
    }

    /**
     * The DynamoDB stream event sources: every event of {@code Type: DynamoDB} of every
     * {@code AWS::Serverless::Function}, with Lambda's defaults for what the template leaves out
     * (BatchSize 100, MaximumBatchingWindowInSeconds 0, MaximumRetryAttempts -1 = infinite,
     * BisectBatchOnFunctionError false, MaximumRecordAgeInSeconds -1 = infinite, Enabled true).
     * {@code Stream: !GetAtt LeadsTable.StreamArn} (read by Jackson as the scalar
     * {@code "LeadsTable.StreamArn"}), {@code !GetAtt [LeadsTable, StreamArn]} and the long form
     * {@code Fn::GetAtt} all name the table {@code LeadsTable}. A scalar that names a template
     * parameter ({@code !Ref BatchSizeParam}) reads as that parameter's Default. Values of the wrong
     * type are refused here with the function, event and property named; value ranges are checked
     * by the consumer ({@code io.leadcapture.local.streams}).
     */
    public List<StreamEvent> streamEvents() {
        List<StreamEvent> out = new ArrayList<>();
        JsonNode globals = root.path("Globals").path("Function");
        for (Iterator<Map.Entry<String, JsonNode>> it = resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!"AWS::Serverless::Function".equals(e.getValue().path("Type").asText())) {
                continue;
            }
            JsonNode props = e.getValue().path("Properties");
            String handler = streamText(props.has("Handler") ? props.path("Handler") : globals.path("Handler"));
            String functionWhere = e.getKey();
            int timeout = streamInt(props.has("Timeout") ? props.path("Timeout") : globals.path("Timeout"), 3, functionWhere, "Timeout");
            for (Iterator<Map.Entry<String, JsonNode>> ev = props.path("Events").fields(); ev.hasNext(); ) {
                Map.Entry<String, JsonNode> event = ev.next();
                if (!"DynamoDB".equals(event.getValue().path("Type").asText())) {
                    continue;
                }
                String where = e.getKey() + " event " + event.getKey();
                JsonNode p = event.getValue().path("Properties");
                JsonNode stream = resolveParameter(p.path("Stream"));
                if (stream.isMissingNode() || stream.isNull()) {
                    throw new IllegalArgumentException(where + ": Stream is required (e.g. !GetAtt LeadsTable.StreamArn)");
                }
                String streamRef = streamReference(stream);
                String tableLogicalId = streamRef.endsWith(".StreamArn") && !streamRef.startsWith("arn:")
                        ? streamRef.substring(0, streamRef.length() - ".StreamArn".length()) : null;
                String startingPosition = streamText(p.path("StartingPosition"));
                List<String> responseTypes = new ArrayList<>();
                for (JsonNode t : resolveParameter(p.path("FunctionResponseTypes"))) {
                    responseTypes.add(streamText(t));
                }
                List<String> patterns = new ArrayList<>();
                JsonNode filters = p.path("FilterCriteria").path("Filters");
                if (!filters.isMissingNode() && !filters.isArray()) {
                    throw new IllegalArgumentException(where + ": FilterCriteria.Filters must be a list of {Pattern: ...}");
                }
                int i = 0;
                for (JsonNode f : filters) {
                    JsonNode pattern = resolveParameter(f.path("Pattern"));
                    if (pattern.isTextual()) {
                        patterns.add(pattern.textValue());
                    } else if (pattern.isObject()) {
                        patterns.add(pattern.toString());
                    } else {
                        throw new IllegalArgumentException(where + ": FilterCriteria.Filters[" + i + "].Pattern must be a JSON string");
                    }
                    i++;
                }
                JsonNode destination = resolveParameter(p.path("DestinationConfig").path("OnFailure").path("Destination"));
                out.add(new StreamEvent(e.getKey(), handler, event.getKey(), tableLogicalId, streamRef,
                        startingPosition,
                        streamInt(p.path("BatchSize"), 100, where, "BatchSize"),
                        streamInt(p.path("MaximumBatchingWindowInSeconds"), 0, where, "MaximumBatchingWindowInSeconds"),
                        streamInt(p.path("MaximumRetryAttempts"), -1, where, "MaximumRetryAttempts"),
                        streamBoolean(p.path("BisectBatchOnFunctionError"), false, where, "BisectBatchOnFunctionError"),
                        streamInt(p.path("MaximumRecordAgeInSeconds"), -1, where, "MaximumRecordAgeInSeconds"),
                        List.copyOf(responseTypes), List.copyOf(patterns),
                        destination.isMissingNode() || destination.isNull() ? null : streamReference(destination),
                        streamBoolean(p.path("Enabled"), true, where, "Enabled"),
                        timeout, p));
            }
        }
        return out;
    }

    /** A scalar naming a template parameter reads as the parameter's Default ({@code !Ref Param}). */
    private JsonNode resolveParameter(JsonNode n) {
        if (n.isTextual()) {
            JsonNode param = root.path("Parameters").path(n.textValue());
            if (param.isObject() && param.has("Default")) {
                return param.path("Default");
            }
        }
        return n;
    }

    /** The text of a reference as written: {@code !GetAtt T.StreamArn}, {@code [T, StreamArn]}, {@code {Fn::GetAtt: …}}, {@code {Ref: X}}. */
    private static String streamReference(JsonNode n) {
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(x -> parts.add(x.asText()));
            return String.join(".", parts);
        }
        if (n.isObject() && n.size() == 1) {
            if (n.has("Fn::GetAtt")) {
                return streamReference(n.path("Fn::GetAtt"));
            }
            if (n.has("Ref")) {
                return n.path("Ref").asText();
            }
        }
        return n.toString();
    }

    private String streamText(JsonNode n) {
        JsonNode r = resolveParameter(n);
        return r.isMissingNode() || r.isNull() ? null : r.asText();
    }

    private int streamInt(JsonNode n, int dflt, String where, String property) {
        JsonNode r = resolveParameter(n);
        if (r.isMissingNode() || r.isNull()) {
            return dflt;
        }
        if (r.isIntegralNumber() && r.canConvertToInt()) {
            return r.intValue();
        }
        if (r.isTextual()) {
            try {
                return Integer.parseInt(r.textValue().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException(where + ": " + property + " must be an integer, got " + r);
    }

    private boolean streamBoolean(JsonNode n, boolean dflt, String where, String property) {
        JsonNode r = resolveParameter(n);
        if (r.isMissingNode() || r.isNull()) {
            return dflt;
        }
        if (r.isBoolean()) {
            return r.booleanValue();
        }
        if (r.isTextual() && (r.textValue().equalsIgnoreCase("true") || r.textValue().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(r.textValue());
        }
        throw new IllegalArgumentException(where + ": " + property + " must be true or false, got " + r);
    }

    /** A function resource. {@code handler} is {@code package.Class::method}. */
    public record Function(String logicalId, String handler, String codeUri, List<Route> routes) {
        public String handlerClass() {
            return handler.substring(0, handler.indexOf("::"));
        }

        public String handlerMethod() {
            return handler.substring(handler.indexOf("::") + 2);
        }
    }

    /** An HttpApi event: {@code POST /forms/{formId}}; authorizer is e.g. {@code AWS_IAM} or null. */
    public record Route(String eventName, String method, String path, String authorizer) {
    }

    public record Table(String logicalId, JsonNode properties) {
    }

    /**
     * A {@code Type: DynamoDB} event of a function, Lambda's defaults filled in.
     *
     * @param functionLogicalId     the function resource, e.g. {@code ScoringFunction}
     * @param handler               {@code package.Class::method} (the function's or the Globals' Handler)
     * @param eventName             the key under {@code Events}
     * @param tableLogicalId        the table whose {@code StreamArn} the event reads, or null when the
     *                              stream is not given as {@code !GetAtt Table.StreamArn}
     * @param streamRef             the {@code Stream} value as written ({@code LeadsTable.StreamArn} or an ARN)
     * @param startingPosition      {@code TRIM_HORIZON} or {@code LATEST} as written (null when missing)
     * @param maximumRetryAttempts  -1 = infinite
     * @param maximumRecordAgeInSeconds -1 = infinite
     * @param functionResponseTypes e.g. {@code [ReportBatchItemFailures]}
     * @param filterPatterns        each {@code FilterCriteria.Filters[].Pattern}, a JSON string
     * @param onFailureDestination  {@code DestinationConfig.OnFailure.Destination} as text
     *                              ({@code FailureQueue.Arn}, an ARN), or null
     * @param timeoutSeconds        the function's Timeout (or the Globals', else Lambda's 3)
     * @param properties            the event's Properties as written, for checks of what is not modelled
     */
    public record StreamEvent(String functionLogicalId, String handler, String eventName, String tableLogicalId,
                              String streamRef, String startingPosition, int batchSize,
                              int maximumBatchingWindowInSeconds, int maximumRetryAttempts,
                              boolean bisectBatchOnFunctionError, int maximumRecordAgeInSeconds,
                              List<String> functionResponseTypes, List<String> filterPatterns,
                              String onFailureDestination, boolean enabled, int timeoutSeconds,
                              JsonNode properties) {
        public boolean reportBatchItemFailures() {
            return functionResponseTypes.contains("ReportBatchItemFailures");
        }

        public String handlerClass() {
            int i = handler == null ? -1 : handler.indexOf("::");
            return i < 0 ? handler : handler.substring(0, i);
        }

        /** {@code ScoringFunction/LeadChanges}: how logs and errors name this event source. */
        public String id() {
            return functionLogicalId + "/" + eventName;
        }
    }
}

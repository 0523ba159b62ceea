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
}

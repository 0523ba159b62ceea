package io.leadcapture.forms;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.runtime.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP API events for form posts, shaped exactly as API Gateway delivers them. */
final class FormPosts {
    private final String formId;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private String sourceIp = "203.0.113.7";

    private FormPosts(String formId) {
        this.formId = formId;
        headers.put("host", List.of("abc123.execute-api.eu-central-1.amazonaws.com"));
        headers.put("user-agent", List.of("Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"));
    }

    static FormPosts to(String formId) {
        return new FormPosts(formId);
    }

    /** The fields of a JSON post, in the order they are put, for {@link #json(JsonNode)}. */
    static ObjectNode fields() {
        return Json.MAPPER.createObjectNode();
    }

    FormPosts urlEncoded(String body) {
        return contentType("application/x-www-form-urlencoded").body(body);
    }

    FormPosts json(String body) {
        return contentType("application/json").header("accept", "application/json").body(body);
    }

    /** A fetch/XHR post of these fields, written compactly as JSON.stringify writes them. */
    FormPosts json(JsonNode fields) {
        return json(Json.write(fields));
    }

    FormPosts multipart(String boundary, String body) {
        return contentType("multipart/form-data; boundary=" + boundary).body(body);
    }

    FormPosts contentType(String ct) {
        return header("content-type", ct);
    }

    FormPosts header(String name, String value) {
        headers.put(name, List.of(value));
        return this;
    }

    FormPosts body(String text) {
        this.body = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    FormPosts body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    FormPosts from(String ip) {
        this.sourceIp = ip;
        return this;
    }

    APIGatewayV2HTTPEvent event() {
        return HttpApiEvents.event("POST /forms/{formId}", "POST", "/forms/" + formId, "", headers, body, sourceIp,
                Map.of("formId", formId));
    }
}

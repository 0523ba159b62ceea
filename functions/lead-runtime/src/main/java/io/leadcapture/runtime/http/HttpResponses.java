package io.leadcapture.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.runtime.Json;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** Responses every function sends the same way: JSON bodies, JSON errors, redirects, retryable 503s. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("content-type", "application/json; charset=utf-8");
        h.putIfAbsent("cache-control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(h).withBody(Json.write(body)).build();
    }

    public static APIGatewayV2HTTPResponse error(int status, String code, String message, Map<String, String> fields,
                                                 Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        if (fields != null && !fields.isEmpty()) {
            body.put("fields", fields);
        }
        return json(status, body, headers);
    }

    public static APIGatewayV2HTTPResponse error(ApiException e, Map<String, String> headers) {
        return error(e.status(), e.code(), e.getMessage(), e.fields(), headers);
    }

    /** A browser form post lands on the thank-you page: 303 makes the browser follow with a GET. */
    public static APIGatewayV2HTTPResponse seeOther(URI location, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("location", location.toString());
        h.put("cache-control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(303).withHeaders(h).withBody("").build();
    }

    /** DynamoDB was not available: nothing is stored; the client should send the same request again. */
    public static APIGatewayV2HTTPResponse unavailable(Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("retry-after", "2");
        return error(503, "temporarily_unavailable", "The lead store is temporarily unavailable; nothing was stored. Retry the request.", Map.of(), h);
    }
}

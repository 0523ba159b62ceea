package io.leadcapture.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Text;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import java.io.IOException;
import java.util.Map;

/** What the sales routes' request bodies share: a JSON object, and an optional one-line reason. */
final class SalesRequests {
    static final int MAX_REASON = 500;

    private SalesRequests() {
    }

    /** The body as a JSON object; 415 for another media type, 400 for anything but a JSON object. */
    static JsonNode jsonObject(HttpRequest request) {
        if (!"application/json".equals(request.mediaType())) {
            throw new ApiException(415, "unsupported_media_type", "Send application/json.");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_body", "The body is not valid JSON.");
        } catch (IOException e) {
            throw new ApiException(400, "malformed_body", "The body could not be read.");
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "malformed_body", "The body must be a JSON object.");
        }
        return body;
    }

    /** The optional {@code reason}, on one line and bounded; a problem is added to {@code errors}. */
    static String reason(JsonNode body, Map<String, String> errors) {
        JsonNode node = body.path("reason");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.put("reason", "must be a string");
            return null;
        }
        String reason = Text.singleLine(node.asText());
        if (reason != null && reason.length() > MAX_REASON) {
            errors.put("reason", "longer than " + MAX_REASON + " characters");
        }
        return reason;
    }
}

package io.leadcapture.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadcapture.local.aws.RepoLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The frame called as Lambda calls it (event bytes in, answer bytes out) answers as the typed call does. */
class ApiHandlerStreamTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Answers what it read of the request; refuses a body without an email. */
    static final class EchoHandler extends ApiHandler {
        EchoHandler() {
            super(1024);
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
            JsonNode body;
            try {
                body = MAPPER.readTree(request.body());
            } catch (IOException e) {
                throw new ApiException(400, "malformed_body", "not JSON");
            }
            if (!body.hasNonNull("email")) {
                throw new ApiException(422, "email_missing", "An email is required.");
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("method", request.method());
            answer.put("formId", request.pathParameter("formId"));
            answer.put("sourceIp", request.sourceIp());
            answer.put("email", body.get("email").asText());
            return HttpResponses.json(202, answer, Map.of("vary", "Origin"));
        }
    }

    @Test
    void answersTheSampleFormPostAsTheTypedCallDoes() throws IOException {
        byte[] raw = Files.readAllBytes(RepoLayout.root().resolve("events/form-demo-json.json"));

        JsonNode streamed = viaStream(new EchoHandler(), raw);
        APIGatewayV2HTTPResponse typed = new EchoHandler().handleRequest(MAPPER.readValue(raw, APIGatewayV2HTTPEvent.class), null);

        assertEquals(202, streamed.path("statusCode").asInt());
        assertEquals(typed.getBody(), streamed.path("body").asText());
        assertEquals(typed.getHeaders(), MAPPER.convertValue(streamed.path("headers"), Map.class));
        JsonNode body = MAPPER.readTree(streamed.path("body").asText());
        assertEquals("POST", body.path("method").asText());
        assertEquals("demo", body.path("formId").asText());
        assertEquals("198.51.100.23", body.path("sourceIp").asText());
        assertEquals("Jana.Schaefer@Beispiel-Maschinenbau.de", body.path("email").asText());
    }

    @Test
    void answersARefusalAsJsonThroughTheStream() throws IOException {
        String event = """
                {"version": "2.0", "rawPath": "/forms/demo", "pathParameters": {"formId": "demo"},
                 "headers": {"content-type": "application/json"},
                 "requestContext": {"requestId": "r1", "http": {"method": "POST", "sourceIp": "192.0.2.7"}},
                 "body": "{\\"name\\": \\"no address\\"}", "isBase64Encoded": false}
                """;

        JsonNode streamed = viaStream(new EchoHandler(), event.getBytes(StandardCharsets.UTF_8));

        assertEquals(422, streamed.path("statusCode").asInt());
        assertEquals("email_missing", MAPPER.readTree(streamed.path("body").asText()).path("error").asText());
    }

    @Test
    void answersAnOversizedBodyWith413() throws IOException {
        String event = "{\"requestContext\": {\"http\": {\"method\": \"POST\"}}, \"body\": \"" + "x".repeat(4096) + "\"}";

        JsonNode streamed = viaStream(new EchoHandler(), event.getBytes(StandardCharsets.UTF_8));

        assertEquals(413, streamed.path("statusCode").asInt());
    }

    @Test
    void failsTheInvocationOnAPayloadThatIsNoEvent() {
        assertThrows(IOException.class, () -> viaStream(new EchoHandler(), "\"text\"".getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode viaStream(ApiHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        return MAPPER.readTree(out.toByteArray());
    }
}

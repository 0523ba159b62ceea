package io.leadcapture.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HttpApiJsonTest {
    /** Jackson's own binding of the event classes, the reference the hand-read event must equal. */
    private static final ObjectMapper BINDING = new ObjectMapper();

    static Stream<Path> httpApiEvents() throws IOException {
        try (Stream<Path> files = Files.list(RepoLayout.root().resolve("events"))) {
            List<Path> events = files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> read(p).contains("\"version\": \"2.0\""))
                    .sorted().toList();
            assertTrue(events.size() >= 20, "the HTTP API sample events in events/");
            return events.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("httpApiEvents")
    void readsEverySampleEventAsJacksonBindsIt(Path file) throws IOException {
        byte[] raw = Files.readAllBytes(file);

        APIGatewayV2HTTPEvent read = HttpApiJson.readEvent(new ByteArrayInputStream(raw));

        assertEquals(BINDING.readValue(raw, APIGatewayV2HTTPEvent.class), read, file.getFileName().toString());
    }

    @Test
    void readsTheCallerTheIamAuthoriserNamed() throws IOException {
        APIGatewayV2HTTPEvent event = HttpApiJson.readEvent(stream(Files.readAllBytes(
                RepoLayout.root().resolve("events/lead-get.json"))));

        assertTrue(new HttpRequest(event, 1024).callerArn().startsWith("arn:aws:"), new HttpRequest(event, 1024).callerArn());
    }

    @Test
    void readsEveryDocumentedPartOfThePayload() throws IOException {
        String json = """
                {"version": "2.0", "routeKey": "$default", "rawPath": "/my/path", "rawQueryString": "a=1&b=2",
                 "cookies": ["c1=v1", "c2=v2"],
                 "headers": {"header1": "value1", "header2": "value1,value2"},
                 "queryStringParameters": {"a": "1", "b": "2"},
                 "pathParameters": {"id": "42"}, "stageVariables": {"stage": "v"},
                 "requestContext": {"accountId": "123456789012", "apiId": "api-id", "domainName": "id.execute-api.us-east-1.amazonaws.com",
                   "domainPrefix": "id", "requestId": "id", "routeKey": "$default", "stage": "$default",
                   "time": "12/Mar/2020:19:03:58 +0000", "timeEpoch": 1583348638390,
                   "http": {"method": "POST", "path": "/my/path", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "agent"},
                   "authorizer": {"jwt": {"claims": {"claim1": "value1"}, "scopes": ["scope1"]},
                     "iam": {"accessKey": "AKIA", "accountId": "111122223333", "callerId": "AIDA", "principalOrgId": null,
                       "userArn": "arn:aws:iam::111122223333:user/example-user", "userId": "AIDA",
                       "cognitoIdentity": {"amr": ["foo"], "identityId": "us-east-1:id", "identityPoolId": "pool"}},
                     "lambda": {"tenant": "a", "level": 3, "flags": [true, null], "nested": {"x": 1.5}}}},
                 "body": "Hello from Lambda", "isBase64Encoded": false}
                """;

        APIGatewayV2HTTPEvent event = HttpApiJson.readEvent(stream(json.getBytes(StandardCharsets.UTF_8)));

        // Jackson binds the Lambda authoriser's context as plain maps, lists, numbers and text too
        assertEquals(BINDING.readValue(json, APIGatewayV2HTTPEvent.class), event);
        assertEquals(List.of("c1=v1", "c2=v2"), event.getCookies());
        assertEquals("value1,value2", event.getHeaders().get("header2"));
        assertEquals(1583348638390L, event.getRequestContext().getTimeEpoch());
        assertEquals("arn:aws:iam::111122223333:user/example-user", event.getRequestContext().getAuthorizer().getIam().getUserArn());
        assertEquals(Map.of("x", 1.5), event.getRequestContext().getAuthorizer().getLambda().get("nested"));
    }

    @Test
    void leavesAbsentPartsEmpty() throws IOException {
        APIGatewayV2HTTPEvent event = HttpApiJson.readEvent(stream("{\"rawPath\": \"/x\"}".getBytes(StandardCharsets.UTF_8)));

        assertEquals("/x", event.getRawPath());
        assertNull(event.getHeaders());
        assertNull(event.getRequestContext());
        assertNull(event.getBody());
        assertFalse(event.getIsBase64Encoded());
        HttpRequest request = new HttpRequest(event, 1024);
        assertNull(request.method());
        assertEquals(0, request.body().length);
    }

    @Test
    void refusesAPayloadThatIsNoEvent() {
        assertThrows(IOException.class, () -> HttpApiJson.readEvent(stream("[1, 2]".getBytes(StandardCharsets.UTF_8))));
        assertThrows(IOException.class, () -> HttpApiJson.readEvent(stream("{\"body\": ".getBytes(StandardCharsets.UTF_8))));
        assertThrows(IOException.class, () -> HttpApiJson.readEvent(stream(new byte[0])));
    }

    @Test
    void readsABodyUpToLambdasPayloadLimitSoTheHandlerAnswers413() throws IOException {
        String body = "a".repeat(5 << 20);
        APIGatewayV2HTTPEvent event = HttpApiJson.readEvent(stream(("{\"body\": \"" + body + "\"}").getBytes(StandardCharsets.UTF_8)));

        ApiException tooLarge = assertThrows(ApiException.class, () -> new HttpRequest(event, 256 * 1024).body());
        assertEquals(413, tooLarge.status());
    }

    @Test
    void writesTheAnswerInThePayloadResponseFormat() throws IOException {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(303)
                .withHeaders(Map.of("location", "https://www.example.com/danke", "vary", "Origin"))
                .withMultiValueHeaders(Map.of("x-multi", List.of("a", "b")))
                .withCookies(List.of("id=1; Secure"))
                .withBody("{\"status\":\"accepted\",\"note\":\"Grüße \\\"quoted\\\"\"}")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        HttpApiJson.writeResponse(response, out);

        JsonNode written = BINDING.readTree(out.toByteArray());
        assertEquals(303, written.path("statusCode").asInt());
        assertEquals("https://www.example.com/danke", written.path("headers").path("location").asText());
        assertFalse(written.path("isBase64Encoded").asBoolean(true));
        assertEquals(response, BINDING.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class));
    }

    @Test
    void writesABase64AnswerAndLeavesOutWhatIsAbsent() throws IOException {
        APIGatewayV2HTTPResponse response = APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withBody("UEsDBA==").withIsBase64Encoded(true).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        HttpApiJson.writeResponse(response, out);

        JsonNode written = BINDING.readTree(out.toByteArray());
        assertTrue(written.path("isBase64Encoded").asBoolean());
        assertFalse(written.has("headers"));
        assertFalse(written.has("cookies"));
        assertEquals(response, BINDING.readValue(out.toByteArray(), APIGatewayV2HTTPResponse.class));
    }

    private static ByteArrayInputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

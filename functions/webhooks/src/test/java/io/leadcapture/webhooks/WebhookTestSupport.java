package io.leadcapture.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the webhook tests share: a real DynamoDB emulator (moto) over the wire with a fresh leads
 * table and lead store per test, scans of that table, JSON answers, the sample events in events/,
 * deliveries as API Gateway HTTP APIs hand them to Lambda (through {@link HttpApiEvents}), and
 * signatures computed independently of the code under test.
 */
public abstract class WebhookTestSupport {
    private static final ObjectMapper EVENTS = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Short platform API timeouts, so that outage tests answer within a second or two. */
    protected static final FetchLimits FAST = new FetchLimits(Duration.ofMillis(500), Duration.ofMillis(300), 3,
            Duration.ofMillis(20));

    /**
     * Timeouts for tests whose platform answers: generous, so that a loaded test machine never turns
     * a normal answer into an outage; the delivery's overall fetch budget still bounds them.
     */
    protected static final FetchLimits PATIENT = new FetchLimits(Duration.ofSeconds(2), Duration.ofSeconds(3), 3,
            Duration.ofMillis(20));

    protected static DynamoDbClient ddb;

    protected String table;
    protected LeadStore store;

    @BeforeAll
    static void emulator() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
    }

    @BeforeEach
    void freshLeadTable() {
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
    }

    /** A lead store on this test's table whose DynamoDB does not answer (nothing listens on the port). */
    protected LeadStore unreachableStore() {
        DynamoDbClient dead = LocalAws.dynamoDb(URI.create("http://127.0.0.1:" + MotoServer.freePort()));
        return new LeadStore(dead, table);
    }

    /** The capture use case on a lead store, as the Lambda functions wire it. */
    protected static CaptureLead capture(LeadStore s) {
        return UseCases.captureLead(s);
    }

    /** Every item of the table, read consistently. */
    protected List<Map<String, AttributeValue>> items() {
        return ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    protected List<Map<String, AttributeValue>> items(String type) {
        return items().stream().filter(i -> type.equals(i.get("itemType").s())).toList();
    }

    protected List<Lead> leads() {
        return items("lead").stream().map(i -> store.reads().findLead(i.get("leadId").s()).orElseThrow()).toList();
    }

    protected long interactions() {
        return items("interaction").size();
    }

    protected static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    /** A sample event of events/, as the local runner and {@code sam local invoke} read it. */
    protected static APIGatewayV2HTTPEvent sample(String file) throws Exception {
        return EVENTS.readValue(RepoLayout.root().resolve("events").resolve(file).toFile(), APIGatewayV2HTTPEvent.class);
    }

    public static APIGatewayV2HTTPEvent getEvent(String route, String rawQuery) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("abc123def4.execute-api.eu-central-1.amazonaws.com"));
        headers.put("user-agent", List.of("facebookplatform/1.0 (+http://developers.facebook.com)"));
        return HttpApiEvents.event("GET " + route, "GET", route, rawQuery, headers, null, "173.252.127.116", Map.of());
    }

    /** A JSON POST; the extra headers (signature…) as given. */
    public static APIGatewayV2HTTPEvent postEvent(String route, byte[] body, Map<String, String> extra) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("host", List.of("abc123def4.execute-api.eu-central-1.amazonaws.com"));
        headers.put("content-type", List.of("application/json"));
        headers.put("user-agent", List.of("facebookexternalua"));
        extra.forEach((k, v) -> headers.put(k, List.of(v)));
        return HttpApiEvents.event("POST " + route, "POST", route, "", headers, body, "173.252.127.116", Map.of());
    }

    public static APIGatewayV2HTTPEvent postEvent(String route, String body, Map<String, String> extra) {
        return postEvent(route, utf8(body), extra);
    }

    /** The same delivery with its body base64-encoded and flagged, as HTTP APIs send binary bodies. */
    public static APIGatewayV2HTTPEvent base64(APIGatewayV2HTTPEvent event) {
        byte[] raw = event.getIsBase64Encoded() ? Base64.getDecoder().decode(event.getBody()) : utf8(event.getBody());
        event.setBody(Base64.getEncoder().encodeToString(raw));
        event.setIsBase64Encoded(true);
        return event;
    }

    /** Lower-case hex HMAC-SHA256 of the concatenated parts, with javax.crypto directly, not through the code under test. */
    public static String hmacHex(String secret, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(utf8(secret), "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

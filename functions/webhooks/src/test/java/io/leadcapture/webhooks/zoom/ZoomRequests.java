package io.leadcapture.webhooks.zoom;

import static io.leadcapture.webhooks.WebhookTestSupport.hmacHex;
import static io.leadcapture.webhooks.WebhookTestSupport.utf8;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.leadcapture.local.aws.HttpApiEvents;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zoom deliveries as API Gateway hands them to Lambda, signed the way Zoom signs them. The HMAC is
 * computed with javax.crypto directly ({@link io.leadcapture.webhooks.WebhookTestSupport#hmacHex}),
 * not with the code under test.
 */
final class ZoomRequests {
    static final String SECRET = "zoom-test-secret-token";

    private final byte[] body;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private boolean base64;

    private ZoomRequests(byte[] body) {
        this.body = body;
        headers.put("host", List.of("abc123def4.execute-api.eu-central-1.amazonaws.com"));
        headers.put("user-agent", List.of("Zoom Marketplace/1.0a"));
        headers.put("content-type", List.of("application/json; charset=utf-8"));
        headers.put("x-zm-request-id", List.of("6009d653_d487_445d_8406_42b654974899"));
        headers.put("x-zm-trackingid", List.of("v=2.0;clid=us06;rid=WEBHOOK_6009d653"));
    }

    static ZoomRequests body(String json) {
        return new ZoomRequests(utf8(json));
    }

    static ZoomRequests body(byte[] raw) {
        return new ZoomRequests(raw);
    }

    /** Signed with the test secret at this time, over these exact bytes. */
    ZoomRequests signedAt(Instant at) {
        return signedAt(at, SECRET, body);
    }

    ZoomRequests signedAt(Instant at, String secret, byte[] signedBytes) {
        String ts = Long.toString(at.getEpochSecond());
        headers.put("x-zm-request-timestamp", List.of(ts));
        headers.put("x-zm-signature", List.of("v0=" + hmacHex(secret, utf8("v0:" + ts + ":"), signedBytes)));
        return this;
    }

    ZoomRequests header(String name, String value) {
        headers.put(name, List.of(value));
        return this;
    }

    ZoomRequests without(String header) {
        headers.remove(header);
        return this;
    }

    /** As API Gateway delivers a body it treats as binary: base64 with isBase64Encoded true. */
    ZoomRequests base64() {
        this.base64 = true;
        return this;
    }

    APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("POST /webhooks/zoom", "POST", "/webhooks/zoom", "", headers, body,
                "170.114.52.2", Map.of());
        if (base64) {
            e.setBody(Base64.getEncoder().encodeToString(body));
            e.setIsBase64Encoded(true);
        }
        return e;
    }
}

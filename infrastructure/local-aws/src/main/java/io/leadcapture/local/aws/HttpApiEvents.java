package io.leadcapture.local.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the event API Gateway HTTP APIs (payload 2.0) hand to Lambda: lower-case header names,
 * repeated headers and query keys joined with commas, cookies split out, and the body base64-encoded
 * unless it is text (text/*, JSON, XML, JavaScript) — form posts arrive base64-encoded.
 */
public final class HttpApiEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private HttpApiEvents() {
    }

    /**
     * @param routeKey   e.g. {@code POST /forms/{formId}}
     * @param headers    header name to values, any case
     * @param pathParams values of the route's {placeholders}
     */
    public static APIGatewayV2HTTPEvent event(String routeKey, String method, String rawPath, String rawQuery,
                                              Map<String, List<String>> headers, byte[] body, String sourceIp,
                                              Map<String, String> pathParams) {
        Map<String, String> h = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        headers.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            if (key.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.strip());
                        }
                    }
                }
            } else {
                h.merge(key, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        APIGatewayV2HTTPEvent.RequestContext.Http http = APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                .withMethod(method).withPath(rawPath).withProtocol("HTTP/1.1").withSourceIp(sourceIp)
                .withUserAgent(h.get("user-agent")).build();
        APIGatewayV2HTTPEvent.RequestContext ctx = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withAccountId("000000000000").withApiId("local").withDomainName(h.getOrDefault("host", "127.0.0.1"))
                .withDomainPrefix("local").withHttp(http).withRequestId(requestId).withRouteKey(routeKey)
                .withStage("$default").withTime(TIME.format(now)).withTimeEpoch(now.toEpochMilli()).build();
        APIGatewayV2HTTPEvent.APIGatewayV2HTTPEventBuilder b = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey(routeKey).withRawPath(rawPath)
                .withRawQueryString(rawQuery == null ? "" : rawQuery).withHeaders(h).withRequestContext(ctx)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams);
        if (!cookies.isEmpty()) {
            b.withCookies(cookies);
        }
        Map<String, String> query = queryParameters(rawQuery);
        if (!query.isEmpty()) {
            b.withQueryStringParameters(query);
        }
        if (body != null && body.length > 0) {
            if (isText(h.get("content-type"))) {
                b.withBody(new String(body, StandardCharsets.UTF_8)).withIsBase64Encoded(false);
            } else {
                b.withBody(Base64.getEncoder().encodeToString(body)).withIsBase64Encoded(true);
            }
        }
        return b.build();
    }

    /** Query parameters as HTTP APIs give them: decoded, repeated keys joined with commas. */
    public static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.merge(k, v, (a, b2) -> a + "," + b2);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        return ct.startsWith("text/") || ct.startsWith("application/json") || ct.startsWith("application/xml")
                || ct.startsWith("application/javascript");
    }
}

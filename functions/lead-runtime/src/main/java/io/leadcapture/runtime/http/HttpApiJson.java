package io.leadcapture.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API's Lambda payload (format 2.0) read from and the answer written to the invocation's
 * streams, for {@link ApiHandler} as a stream handler. Lambda's runtime would otherwise bind the
 * event and the answer to the event classes itself, with a JSON library of its own whose classes and
 * serialisers a cold start loads and builds by reflection; read here as a tree with the functions' own,
 * already loaded JSON library, by the payload's documented field names.
 */
public final class HttpApiJson {
    /**
     * Above Lambda's 6 MB invocation payload: any event Lambda delivers is read, and the handler's own
     * body bound answers an oversized body with 413. Nesting beyond the payload's own is refused.
     */
    private static final ObjectMapper EVENT_MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(8 << 20)
                    .maxNestingDepth(16)
                    .build())
            .build());

    private static final TypeReference<Map<String, Object>> LAMBDA_CONTEXT = new TypeReference<>() { };

    private HttpApiJson() {
    }

    /** The event as API Gateway sends it; fields it leaves out stay null (false, 0). */
    public static APIGatewayV2HTTPEvent readEvent(InputStream in) throws IOException {
        JsonNode root = EVENT_MAPPER.readTree(in);
        if (root == null || !root.isObject()) {
            throw new IOException("the invocation's payload is not an HTTP API event (a JSON object)");
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion(text(root, "version"));
        event.setRouteKey(text(root, "routeKey"));
        event.setRawPath(text(root, "rawPath"));
        event.setRawQueryString(text(root, "rawQueryString"));
        event.setCookies(texts(root.get("cookies")));
        event.setHeaders(textMap(root.get("headers")));
        event.setQueryStringParameters(textMap(root.get("queryStringParameters")));
        event.setPathParameters(textMap(root.get("pathParameters")));
        event.setStageVariables(textMap(root.get("stageVariables")));
        event.setBody(text(root, "body"));
        event.setIsBase64Encoded(root.path("isBase64Encoded").asBoolean(false));
        JsonNode ctx = root.get("requestContext");
        if (ctx != null && ctx.isObject()) {
            event.setRequestContext(requestContext(ctx));
        }
        return event;
    }

    /** The answer in the payload 2.0 response format; absent parts are left out. */
    public static void writeResponse(APIGatewayV2HTTPResponse response, OutputStream out) throws IOException {
        try (JsonGenerator g = EVENT_MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("statusCode", response.getStatusCode());
            if (response.getHeaders() != null) {
                g.writeObjectFieldStart("headers");
                for (Map.Entry<String, String> h : response.getHeaders().entrySet()) {
                    g.writeStringField(h.getKey(), h.getValue());
                }
                g.writeEndObject();
            }
            if (response.getMultiValueHeaders() != null) {
                g.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, List<String>> h : response.getMultiValueHeaders().entrySet()) {
                    g.writeArrayFieldStart(h.getKey());
                    for (String v : h.getValue()) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            if (response.getCookies() != null) {
                g.writeArrayFieldStart("cookies");
                for (String c : response.getCookies()) {
                    g.writeString(c);
                }
                g.writeEndArray();
            }
            if (response.getBody() != null) {
                g.writeStringField("body", response.getBody());
            }
            g.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            g.writeEndObject();
        }
    }

    private static RequestContext requestContext(JsonNode ctx) {
        RequestContext c = new RequestContext();
        c.setRouteKey(text(ctx, "routeKey"));
        c.setAccountId(text(ctx, "accountId"));
        c.setStage(text(ctx, "stage"));
        c.setApiId(text(ctx, "apiId"));
        c.setDomainName(text(ctx, "domainName"));
        c.setDomainPrefix(text(ctx, "domainPrefix"));
        c.setTime(text(ctx, "time"));
        c.setTimeEpoch(ctx.path("timeEpoch").asLong(0));
        c.setRequestId(text(ctx, "requestId"));
        JsonNode http = ctx.get("http");
        if (http != null && http.isObject()) {
            c.setHttp(RequestContext.Http.builder()
                    .withMethod(text(http, "method"))
                    .withPath(text(http, "path"))
                    .withProtocol(text(http, "protocol"))
                    .withSourceIp(text(http, "sourceIp"))
                    .withUserAgent(text(http, "userAgent"))
                    .build());
        }
        JsonNode authorizer = ctx.get("authorizer");
        if (authorizer != null && authorizer.isObject()) {
            c.setAuthorizer(authorizer(authorizer));
        }
        return c;
    }

    private static RequestContext.Authorizer authorizer(JsonNode node) {
        RequestContext.Authorizer a = new RequestContext.Authorizer();
        JsonNode jwt = node.get("jwt");
        if (jwt != null && jwt.isObject()) {
            a.setJwt(RequestContext.Authorizer.JWT.builder()
                    .withClaims(textMap(jwt.get("claims")))
                    .withScopes(texts(jwt.get("scopes")))
                    .build());
        }
        JsonNode iam = node.get("iam");
        if (iam != null && iam.isObject()) {
            RequestContext.IAM i = new RequestContext.IAM();
            i.setAccessKey(text(iam, "accessKey"));
            i.setAccountId(text(iam, "accountId"));
            i.setCallerId(text(iam, "callerId"));
            i.setPrincipalOrgId(text(iam, "principalOrgId"));
            i.setUserArn(text(iam, "userArn"));
            i.setUserId(text(iam, "userId"));
            JsonNode cognito = iam.get("cognitoIdentity");
            if (cognito != null && cognito.isObject()) {
                i.setCognitoIdentity(RequestContext.CognitoIdentity.builder()
                        .withAmr(texts(cognito.get("amr")))
                        .withIdentityId(text(cognito, "identityId"))
                        .withIdentityPoolId(text(cognito, "identityPoolId"))
                        .build());
            }
            a.setIam(i);
        }
        JsonNode lambda = node.get("lambda");
        if (lambda != null && lambda.isObject()) {
            // plain Java values (maps, lists, numbers, text), as the runtime's binding gives them
            a.setLambda(EVENT_MAPPER.convertValue(lambda, LAMBDA_CONTEXT));
        }
        return a;
    }

    /** A text field; null when absent or JSON null. Other scalars as their text (API Gateway sends text). */
    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static List<String> texts(JsonNode node) {
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode v : node) {
            out.add(v.isNull() ? null : v.asText());
        }
        return out;
    }

    private static Map<String, String> textMap(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return out;
    }
}

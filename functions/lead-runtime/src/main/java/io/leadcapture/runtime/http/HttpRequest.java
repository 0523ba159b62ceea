package io.leadcapture.runtime.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** Read access to an HTTP API (payload 2.0) event: headers, raw body bytes, parameters, caller. */
public final class HttpRequest {
    private final APIGatewayV2HTTPEvent event;
    private final int maxBodyBytes;

    public HttpRequest(APIGatewayV2HTTPEvent event, int maxBodyBytes) {
        this.event = event;
        this.maxBodyBytes = maxBodyBytes;
    }

    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /** Header value by case-insensitive name (HTTP APIs lower-case them already), or null. */
    public String header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        String v = headers.get(name.toLowerCase(Locale.ROOT));
        if (v != null) {
            return v;
        }
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The media type of the body, lower-case and without parameters, or null. */
    public String mediaType() {
        String ct = header("content-type");
        if (ct == null || ct.isBlank()) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** A parameter of the content type, such as {@code boundary} or {@code charset}, or null. */
    public String mediaTypeParameter(String name) {
        String ct = header("content-type");
        if (ct == null) {
            return null;
        }
        for (String part : ct.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String v = part.substring(eq + 1).strip();
                return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
            }
        }
        return null;
    }

    /**
     * The body exactly as the client sent it: base64-decoded when API Gateway flagged it, which it
     * does for form posts. Bodies over the limit are refused before they are decoded.
     */
    public byte[] body() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            if ((long) body.length() * 3 / 4 > maxBodyBytes + 3L) {
                throw tooLarge();
            }
            byte[] raw;
            try {
                raw = Base64.getMimeDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed_body", "The body is flagged base64 but is not valid base64.");
            }
            if (raw.length > maxBodyBytes) {
                throw tooLarge();
            }
            return raw;
        }
        if (body.length() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        if (raw.length > maxBodyBytes) {
            throw tooLarge();
        }
        return raw;
    }

    public String pathParameter(String name) {
        return event.getPathParameters() == null ? null : event.getPathParameters().get(name);
    }

    public String queryParameter(String name) {
        return event.getQueryStringParameters() == null ? null : event.getQueryStringParameters().get(name);
    }

    public String method() {
        return event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? null : event.getRequestContext().getHttp().getMethod();
    }

    public String sourceIp() {
        return event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? null : event.getRequestContext().getHttp().getSourceIp();
    }

    public String requestId() {
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    /** The IAM principal API Gateway authorised (its ARN); {@code local} where no IAM authoriser ran. */
    public String callerArn() {
        var ctx = event.getRequestContext();
        if (ctx != null && ctx.getAuthorizer() != null && ctx.getAuthorizer().getIam() != null
                && ctx.getAuthorizer().getIam().getUserArn() != null) {
            return ctx.getAuthorizer().getIam().getUserArn();
        }
        return "local";
    }

    /** True when the caller asked for JSON (fetch/XHR) rather than being a browser navigation. */
    public boolean wantsJson() {
        String accept = header("accept");
        String xrw = header("x-requested-with");
        return (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json"))
                || "application/json".equals(mediaType())
                || (xrw != null && xrw.equalsIgnoreCase("XMLHttpRequest"));
    }

    private ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "The body is larger than " + (maxBodyBytes / 1024) + " KiB.");
    }
}

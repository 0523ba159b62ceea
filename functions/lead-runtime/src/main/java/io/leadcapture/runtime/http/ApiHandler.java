package io.leadcapture.runtime.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.SnapStartHooks;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.logging.RequestLogging;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The invocation frame of every API Gateway (HTTP API) function: JSON logging with the request's
 * correlation id, the request read within a body bound, refusals answered as JSON errors, a lead
 * store fault as a retryable 503, metrics flushed once per invocation. Subclasses only answer the
 * request ({@link #handle}) and throw for what they refuse.
 *
 * <p>Lambda calls it as a {@link RequestStreamHandler} (its runtime prefers that interface): the event
 * is read and the answer written by {@link HttpApiJson}, so a cold start does not load and set up the
 * runtime's own JSON binding of the event classes. The typed {@link #handleRequest(APIGatewayV2HTTPEvent, Context)}
 * is the same frame for callers holding an event object.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        RequestStreamHandler {
    protected final LeadMetrics metrics = new LeadMetrics();
    /** Under the concrete handler's name, as its own log lines. */
    protected final Logger log = LoggerFactory.getLogger(getClass());
    private final int maxBodyBytes;
    /** Held here: the CRaC context keeps its resources weakly. */
    private final SnapStartHooks snapStart = SnapStartHooks.register(this::prime, this::afterRestore);

    /** @param maxBodyBytes the largest body {@link HttpRequest#body()} reads; larger ones are refused with 413 */
    protected ApiHandler(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HttpApiJson.writeResponse(handleRequest(HttpApiJson.readEvent(input), context), output);
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return RequestLogging.withRequest(context, correlationId(event), () -> {
            HttpRequest request = null;
            try {
                request = new HttpRequest(event, maxBodyBytes);
                return handle(request, context);
            } catch (ApiException e) {
                log.info("refused {}: {} {}", route(event), e.status(), e.code());
                return HttpResponses.error(e, errorHeadersOf(request));
            } catch (ValidationException e) {
                metrics.count("SubmissionInvalid");
                log.info("refused {}: 422 {} fields {}", route(event), e.code(), e.fields().keySet());
                return HttpResponses.error(422, e.code(), e.getMessage(), e.fields(), errorHeadersOf(request));
            } catch (IdempotencyConflictException e) {
                log.info("refused {}: 422 idempotency_key_reused", route(event));
                return HttpResponses.error(422, "idempotency_key_reused", e.getMessage(), Map.of(),
                        errorHeadersOf(request));
            } catch (StoreUnavailableException e) {
                metrics.count("StoreUnavailable");
                log.warn("lead store unavailable; answered 503 to {}: {}", route(event), e.getMessage());
                return unavailable(request);
            } finally {
                metrics.flush();
            }
        });
    }

    /** The function's SnapStart hooks, registered when the handler is built. */
    public final SnapStartHooks snapStart() {
        return snapStart;
    }

    /**
     * Before the SnapStart snapshot: {@link #primeFrame} and a metrics document serialised, not
     * written. A handler adds its own request path.
     */
    protected void prime() {
        primeFrame();
        metrics.prime();
    }

    /**
     * Runs what every request runs — the request read, JSON both ways, a success and an error answer,
     * a log line — on a sample request; nothing stored, sent or counted.
     */
    public static void primeFrame() {
        APIGatewayV2HTTPEvent event;
        try {
            event = HttpApiJson.readEvent(new ByteArrayInputStream(PRIMING_EVENT.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RequestLogging.withRequest(null, correlationId(event), () -> {
            HttpRequest request = new HttpRequest(event, 64 * 1024);
            request.header("origin");
            request.wantsJson();
            try {
                Json.MAPPER.readTree(request.body());
                HttpApiJson.writeResponse(HttpResponses.json(200, Map.of("status", "primed", "at", Instant.EPOCH), Map.of()),
                        new ByteArrayOutputStream());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            HttpResponses.error(new ApiException(404, "priming", "priming"), Map.of());
            LoggerFactory.getLogger(ApiHandler.class).debug("primed the request frame");
            return null;
        });
    }

    /** A request as API Gateway sends it, for {@link #primeFrame}: a documentation address, a made-up id. */
    private static final String PRIMING_EVENT = "{\"version\": \"2.0\", \"routeKey\": \"POST /priming\", \"rawPath\": \"/priming\","
            + " \"headers\": {\"content-type\": \"application/json\", \"accept\": \"application/json\"},"
            + " \"requestContext\": {\"requestId\": \"snapstart-priming\", \"timeEpoch\": 1767225600000,"
            + " \"http\": {\"method\": \"POST\", \"path\": \"/priming\", \"sourceIp\": \"192.0.2.1\"}},"
            + " \"body\": \"{\\\"priming\\\":true,\\\"at\\\":\\\"2026-01-01T00:00:00Z\\\"}\", \"isBase64Encoded\": false}";

    /** After a SnapStart restore: fresh credentials for the SDK clients (see {@link AwsClients#afterRestore}). */
    protected void afterRestore() {
        AwsClients.afterRestore();
    }

    /**
     * The answer to a request; throw {@link ApiException} (or {@link ValidationException}) to refuse
     * it. A {@link StoreUnavailableException} becomes {@link #unavailable}.
     */
    protected abstract APIGatewayV2HTTPResponse handle(HttpRequest request, Context context);

    /** A lead id as the product issues them; anything else in the path names no lead. */
    private static final Pattern LEAD_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    /** The {@code {leadId}} of the route's path; 404 for one that cannot name a lead (or none). */
    protected static String leadIdInPath(HttpRequest request) {
        String leadId = request.pathParameter("leadId");
        if (leadId == null || !LEAD_ID.matcher(leadId).matches()) {
            throw leadNotFound(leadId);
        }
        return leadId;
    }

    /** The 404 of a lead id no lead has. */
    protected static ApiException leadNotFound(String leadId) {
        return new ApiException(404, "lead_not_found", "There is no lead '" + leadId + "'.");
    }

    /** The 503 when the lead store failed: nothing is stored, the client should send the request again. */
    protected APIGatewayV2HTTPResponse unavailable(HttpRequest request) {
        return HttpResponses.unavailable(errorHeadersOf(request));
    }

    /** Headers every error answer to this request carries (none unless a handler needs some, such as CORS). */
    protected Map<String, String> errorHeaders(HttpRequest request) {
        return Map.of();
    }

    private Map<String, String> errorHeadersOf(HttpRequest request) {
        return request == null ? Map.of() : errorHeaders(request);
    }

    /** API Gateway's id of the request, the one its access log and the caller see. */
    private static String correlationId(APIGatewayV2HTTPEvent event) {
        return event == null || event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }

    private static String route(APIGatewayV2HTTPEvent event) {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null ? "request " + event.getRawPath() : http.getMethod() + " " + event.getRawPath();
    }
}

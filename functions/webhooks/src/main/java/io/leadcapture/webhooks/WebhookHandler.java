package io.leadcapture.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.SnapStartHooks;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadStore;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What every webhook function does the same way, around its platform's own rules (the HTTP frame is
 * {@link ApiHandler}'s): the capture use case as Lambda builds it, signature checks before anything is
 * parsed, and the answers whose shape is the same on every channel. Which answer a channel gives when
 * is its own (see each handler): Zoom and Google Ads acknowledge a lead that can never be stored as
 * 200 {@code skipped}; Meta and LinkedIn, whose notifications only name leads that are then fetched,
 * answer a batch through {@link FetchedLeads}.
 */
public abstract class WebhookHandler extends ApiHandler {
    /** Where every platform lead becomes or joins a lead, exactly as a form post does. */
    private final CaptureLead capture;

    protected WebhookHandler(int maxBodyBytes, CaptureLead capture) {
        super(maxBodyBytes);
        this.capture = capture;
    }

    /** The SnapStart hooks of the store {@link #lambdaCapture} built (held: the CRaC context holds them weakly). */
    private static SnapStartHooks storeHooks;

    /**
     * The capture use case on {@code TABLE_NAME}'s lead store, primed during the Lambda init phase;
     * before a SnapStart snapshot the store's capture path is primed again (reads of keys no item has,
     * a transaction that can only be cancelled: nothing written).
     */
    protected static CaptureLead lambdaCapture() {
        LeadStore store = LeadStore.fromEnvironment().primed();
        storeHooks = SnapStartHooks.register(() -> store.captures().prime(), () -> { });
        return UseCases.captureLead(store);
    }

    /**
     * Records one platform lead once per delivery key (see {@link CaptureCommand#platformLead}).
     *
     * @throws io.leadcapture.core.ValidationException no valid email or phone: nothing stored
     */
    protected final CaptureResult record(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                         Instant occurredAt, boolean test, String deliveryKey) {
        return capture.capture(CaptureCommand.platformLead(channel, fields, sourceIds, occurredAt, test, deliveryKey));
    }

    /** The body as a JSON object, else 400 {@code malformed_body}. */
    protected static JsonNode jsonObject(byte[] body) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ApiException(400, "malformed_body", "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) {
            throw new ApiException(400, "malformed_body", "The body is not a JSON object.");
        }
        return node;
    }

    /**
     * The answer body of a recorded delivery, counted as {@code LeadCreated}, {@code LeadMerged} or
     * {@code SubmissionReplayed}.
     */
    protected final Map<String, Object> captured(CaptureResult result) {
        metrics.count(result.replayed() ? "SubmissionReplayed"
                : result.outcome() == CaptureResult.Outcome.CREATED ? "LeadCreated" : "LeadMerged");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.outcome().wireName());
        body.put("leadId", result.leadId());
        body.put("interactionId", result.interactionId());
        body.put("replayed", result.replayed());
        return body;
    }

    /** 200 {@code skipped} {@code no_valid_contact}, counted as {@code SubmissionInvalid}: no valid email or phone. */
    protected final APIGatewayV2HTTPResponse invalid(ValidationException e) {
        metrics.count("SubmissionInvalid");
        return skipped("no_valid_contact", e.fields());
    }

    /** 200 {@code skipped}: a delivery that can never be stored; resending it cannot change it. */
    protected static APIGatewayV2HTTPResponse skipped(String reason, Map<String, String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "skipped");
        body.put("reason", reason);
        if (!fields.isEmpty()) {
            body.put("fields", fields);
        }
        return HttpResponses.json(200, body, Map.of());
    }

    /** 503 with {@code retry-after: 60}: nothing of it was stored, the platform should redeliver later. */
    protected static APIGatewayV2HTTPResponse unavailable(String message) {
        return HttpResponses.error(503, "temporarily_unavailable", message, Map.of(), Map.of("retry-after", "60"));
    }

    /**
     * GET for the platform's handshake, POST for notifications, anything else 405.
     *
     * @param handshake what the GET is called in the 405 message ("verification", "validation")
     */
    protected static APIGatewayV2HTTPResponse getOrPost(HttpRequest request, String handshake,
                                                        Function<HttpRequest, APIGatewayV2HTTPResponse> get,
                                                        Function<HttpRequest, APIGatewayV2HTTPResponse> post) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        return switch (method) {
            case "GET" -> get.apply(request);
            case "POST" -> post.apply(request);
            default -> HttpResponses.error(405, "method_not_allowed",
                    "Use GET (" + handshake + ") or POST (notifications).", Map.of(), Map.of("allow", "GET, POST"));
        };
    }

    /** How a platform signs its notifications, and how a refusal reads. */
    public record SignedNotifications(String platform, String secretName, String signatureHeader,
                                      SignatureCheck check, String invalidSignatureMessage,
                                      String malformedBodyMessage) {
    }

    /** Whether {@code header} is the platform's signature of the raw {@code body} under {@code secret}. */
    @FunctionalInterface
    public interface SignatureCheck {
        boolean valid(String secret, String header, byte[] body);
    }

    /**
     * A notification POST, verified before anything is parsed: 503 (retry later) when the signing
     * secret cannot be read, 401 {@code invalid_signature} when the raw body's signature does not
     * match (nothing is stored, nothing fetched), 400 {@code malformed_body} when a signed body is not
     * a notification ({@code parse} throws {@link IllegalArgumentException}); otherwise what
     * {@code process} answers for the parsed notifications.
     */
    protected final <N> APIGatewayV2HTTPResponse verified(HttpRequest request, WebhookSecrets secrets,
                                                          SignedNotifications how, Function<JsonNode, List<N>> parse,
                                                          Function<List<N>, APIGatewayV2HTTPResponse> process) {
        byte[] body = request.body();
        String secret;
        try {
            secret = secrets.require(how.secretName());
        } catch (RuntimeException e) {
            log.error("{} is not available; notification not accepted: {}", how.secretName(), e.getMessage());
            return unavailable("The webhook is not configured; nothing was stored. Redeliver later.");
        }
        if (!how.check().valid(secret, request.header(how.signatureHeader()), body)) {
            metrics.count("WebhookSignatureInvalid");
            log.warn("refused {} notification: missing or wrong {} ({} bytes)", how.platform(), how.signatureHeader(),
                    body.length);
            return HttpResponses.error(401, "invalid_signature", how.invalidSignatureMessage(), Map.of(), Map.of());
        }
        List<N> notifications;
        try {
            notifications = parse.apply(Json.MAPPER.readTree(body));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("signed {} notification is not a notification body: {}", how.platform(),
                    e.getClass().getSimpleName());
            return HttpResponses.error(400, "malformed_body", how.malformedBodyMessage(), Map.of(), Map.of());
        }
        return process.apply(notifications);
    }
}

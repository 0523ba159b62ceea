package io.leadcapture.webhooks;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * What every webhook function does the same way, around its platform's own rules: the Lambda frame
 * (Powertools logging with the HTTP API's correlation id, the body read within a bound, metrics
 * flushed once per invocation), the lead store as Lambda builds it, and the answers whose shape is
 * the same on every channel. Which answer a channel gives when is its own (see each handler): Zoom
 * and Google Ads acknowledge a lead that can never be stored as 200 {@code skipped}; Meta and
 * LinkedIn, whose notifications only name leads that are then fetched, answer a batch with counts
 * and 503 whenever a lead was not fetched or not stored, so the platform redelivers.
 */
public abstract class WebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    /** The most a delivery's lead fetches may take together (Meta, LinkedIn). */
    public static final Duration FETCH_BUDGET = Duration.ofSeconds(5);
    /** Fetches stop this long before the Lambda timeout, so the answer always comes well within API Gateway's 30 s. */
    public static final long RESERVE_MILLIS = 7000;

    /** Where every platform lead becomes or joins a lead, exactly as a form post does. */
    protected final CaptureLead capture;
    protected final LeadMetrics metrics = new LeadMetrics();
    /** Under the concrete handler's name, as its own log lines. */
    private final Logger log = LoggerFactory.getLogger(getClass());
    private final int maxBodyBytes;

    protected WebhookHandler(int maxBodyBytes, CaptureLead capture) {
        this.maxBodyBytes = maxBodyBytes;
        this.capture = capture;
    }

    /** The capture use case on {@code TABLE_NAME}'s lead store, primed during the Lambda init phase. */
    protected static CaptureLead lambdaCapture() {
        return UseCases.captureLead(LeadStore.fromEnvironment().primed());
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

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_HTTP, event, () -> {
            try {
                return handle(new HttpRequest(event, maxBodyBytes), context);
            } finally {
                metrics.flush();
            }
        });
    }

    protected abstract APIGatewayV2HTTPResponse handle(HttpRequest request, Context context);

    /**
     * The request's answer: a refused request ({@link ApiException}) as its JSON error, a lead store
     * fault as the retryable 503 of {@link HttpResponses#unavailable}.
     *
     * @param what the request in log lines
     */
    protected final APIGatewayV2HTTPResponse answering(String what, Supplier<APIGatewayV2HTTPResponse> work) {
        try {
            return work.get();
        } catch (ApiException e) {
            log.info("refused {}: {} {}", what, e.status(), e.code());
            return HttpResponses.error(e, Map.of());
        } catch (StoreUnavailableException e) {
            metrics.count("StoreUnavailable");
            log.warn("lead store unavailable; answered 503 to {} so it is sent again: {}", what, e.getMessage());
            return HttpResponses.unavailable(Map.of());
        }
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
        metrics.count(Outcome.of(result).metric);
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
     * @param platform  the platform in log lines
     * @param handshake what the GET is called in the 405 message ("verification", "validation")
     */
    protected final APIGatewayV2HTTPResponse getOrPost(HttpRequest request, String platform, String handshake,
                                                       Function<HttpRequest, APIGatewayV2HTTPResponse> get,
                                                       Function<HttpRequest, APIGatewayV2HTTPResponse> post) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        return answering(platform + " webhook request", () -> switch (method) {
            case "GET" -> get.apply(request);
            case "POST" -> post.apply(request);
            default -> HttpResponses.error(405, "method_not_allowed",
                    "Use GET (" + handshake + ") or POST (notifications).", Map.of(), Map.of("allow", "GET, POST"));
        });
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

    /**
     * When a delivery's fetches must end: {@link #FETCH_BUDGET} from now, and at the latest
     * {@link #RESERVE_MILLIS} before the Lambda timeout.
     */
    protected static long deadline(Context context) {
        long budget = FETCH_BUDGET.toMillis();
        if (context != null && context.getRemainingTimeInMillis() > 0) {
            budget = Math.min(budget, context.getRemainingTimeInMillis() - RESERVE_MILLIS);
        }
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(budget, 0));
    }

    /**
     * Fetches, maps and records one lead; every failure becomes an outcome, so one lead never hides
     * the others.
     *
     * @param lead the platform's id of the lead, for log lines
     * @param fetchAndRecord throws {@link PlatformUnavailableException} when the lead was not fetched
     */
    protected final Outcome leadOutcome(String platform, String lead, Supplier<CaptureResult> fetchAndRecord) {
        try {
            return Outcome.of(fetchAndRecord.get());
        } catch (PlatformUnavailableException e) {
            log.warn("{} lead {} not fetched: {}", platform, lead, e.getMessage());
            return Outcome.API_UNAVAILABLE;
        } catch (ValidationException e) {
            log.warn("{} lead {} rejected: no usable contact data (fields {})", platform, lead, e.fields().keySet());
            return Outcome.REJECTED;
        } catch (StoreUnavailableException e) {
            log.warn("{} lead {} not stored: lead store unavailable: {}", platform, lead, e.getMessage());
            return Outcome.STORE_UNAVAILABLE;
        } catch (RuntimeException e) {
            log.error("{} lead {} failed", platform, lead, e);
            return Outcome.FAILED;
        }
    }

    /** What became of one lead of a delivery, with the metric it counts as (none for ignored notifications). */
    protected enum Outcome {
        CREATED("LeadCreated"),
        MERGED("LeadMerged"),
        REPLAYED("SubmissionReplayed"),
        REJECTED("WebhookLeadRejected"),
        IGNORED(null),
        API_UNAVAILABLE("PlatformApiUnavailable"),
        STORE_UNAVAILABLE("StoreUnavailable"),
        FAILED("WebhookLeadFailed");

        final String metric;

        Outcome(String metric) {
            this.metric = metric;
        }

        static Outcome of(CaptureResult r) {
            return r.replayed() ? REPLAYED : r.outcome() == CaptureResult.Outcome.CREATED ? CREATED : MERGED;
        }
    }

    /** The outcomes of one delivery's leads, each counted as its metric as it is added. */
    protected final class Tally {
        private final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);

        public Tally() {
        }

        public void add(Outcome o) {
            counts.merge(o, 1, Integer::sum);
            if (o.metric != null) {
                metrics.count(o.metric);
            }
        }

        public int get(Outcome o) {
            return counts.getOrDefault(o, 0);
        }

        /**
         * The delivery's answer: 500 when a lead failed unexpectedly, 503 when a lead was not stored
         * or not fetched (the recorded ones are kept; the redelivery records only what is missing),
         * else 200 with the counts.
         *
         * @param received        the notifications of the delivery
         * @param batchDuplicates repeats within the delivery not added as outcomes
         * @param platformDown    the 503 message when the platform did not hand out every lead
         */
        public APIGatewayV2HTTPResponse answer(int received, int batchDuplicates, String platformDown) {
            if (get(Outcome.FAILED) > 0) {
                return HttpResponses.error(500, "internal_error",
                        "A lead could not be processed; the recorded ones are kept. Redeliver the notification.", Map.of(),
                        Map.of());
            }
            if (get(Outcome.STORE_UNAVAILABLE) > 0) {
                return HttpResponses.unavailable(Map.of());
            }
            if (get(Outcome.API_UNAVAILABLE) > 0) {
                return unavailable(platformDown);
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("received", received);
            answer.put("recorded", get(Outcome.CREATED) + get(Outcome.MERGED));
            answer.put("duplicates", get(Outcome.REPLAYED) + batchDuplicates);
            answer.put("rejected", get(Outcome.REJECTED));
            answer.put("ignored", get(Outcome.IGNORED));
            return HttpResponses.json(200, answer, Map.of());
        }
    }
}

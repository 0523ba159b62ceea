package io.leadcapture.webhooks.zoom;

import static io.leadcapture.webhooks.PlatformMapping.answer;
import static io.leadcapture.webhooks.PlatformMapping.put;
import static io.leadcapture.webhooks.PlatformMapping.text;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Pii;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.webhooks.WebhookHandler;
import io.leadcapture.webhooks.WebhookSecrets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/zoom}: Zoom webinar webhooks.
 *
 * <ul>
 *   <li>Every request is verified first, on the raw body bytes: {@code x-zm-signature} against the
 *       secret token, {@code x-zm-request-timestamp} within 5 minutes; otherwise 401 and nothing is
 *       read further.</li>
 *   <li>{@code endpoint.url_validation}: the CRC answer, without touching DynamoDB (Zoom allows 3 s).</li>
 *   <li>{@code webinar.registration_created}: a {@code webinar_registration} on the registrant's lead.</li>
 *   <li>{@code webinar.participant_joined}: a {@code webinar_attended} on the lead of the participant's
 *       email; a guest without email is logged and recorded nowhere.</li>
 *   <li>Other events: 200 {@code ignored}.</li>
 * </ul>
 *
 * <p>Answers follow Zoom's retry rule (it retries only on 5xx and network errors, 3 times, after
 * 5, 20 and 60 minutes; never on 4xx): a DynamoDB fault is 503 so the event comes again; an event
 * that can never be stored (no valid email or phone) is 200 {@code skipped}, since resending it
 * cannot change it; a body that is not JSON is 400. Redeliveries record nothing new: registrations
 * are keyed by webinar and registrant, joins by webinar instance, participant and join time.
 */
public class ZoomWebhookHandler extends WebhookHandler {
    public static final String SECRET_NAME = "ZOOM_WEBHOOK_SECRET_TOKEN";
    public static final String CHANNEL = "zoom";
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ZoomWebhookHandler.class);

    private final String secretToken;
    private final FormDefinition registrations;
    private final FormDefinition attendance;
    private final Clock clock;

    /** Used by Lambda: {@code TABLE_NAME}, the secret token (SSM via {@code ZOOM_WEBHOOK_SECRET_TOKEN_PARAMETER}), {@code DEFAULT_PHONE_REGION} (DE). */
    public ZoomWebhookHandler() {
        this(lambdaCapture(), WebhookSecrets.fromEnvironment(), Clock.systemUTC(), Env.phoneRegion());
    }

    /**
     * @param defaultPhoneRegion region for phone numbers without {@code +country} when the registrant
     *                           gave no country (a registrant's country wins)
     */
    public ZoomWebhookHandler(CaptureLead capture, WebhookSecrets secrets, Clock clock, String defaultPhoneRegion) {
        super(MAX_BODY_BYTES, capture);
        String region = Env.phoneRegion(defaultPhoneRegion);
        this.secretToken = secrets.require(SECRET_NAME);
        this.registrations = CaptureCommand.platformChannel(CHANNEL, InteractionType.WEBINAR_REGISTRATION, region);
        this.attendance = CaptureCommand.platformChannel(CHANNEL, InteractionType.WEBINAR_ATTENDED, region);
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String requestId = clip(request.header("x-zm-request-id")); // for log lines only; not yet authenticated
        byte[] body = request.body();
        String problem = ZoomSignatures.problem(secretToken, request.header("x-zm-signature"),
                request.header("x-zm-request-timestamp"), body, clock.instant());
        if (problem != null) {
            metrics.count("WebhookSignatureInvalid");
            LOG.warn("refused zoom webhook: 401 {} (x-zm-request-id {})", problem, requestId);
            return HttpResponses.error(401, problem, unauthorizedMessage(problem), Map.of(), Map.of());
        }
        JsonNode event = jsonObject(body);
        String type = text(event, "event");
        if (type == null) {
            throw new ApiException(400, "malformed_event", "The event has no 'event' type.");
        }
        return switch (type) {
            case "endpoint.url_validation" -> urlValidation(event);
            case "webinar.registration_created" -> registration(event, requestId);
            case "webinar.participant_joined" -> participantJoined(event, requestId);
            default -> {
                metrics.count("WebhookIgnored");
                LOG.info("ignored zoom event {} (x-zm-request-id {})", type, requestId);
                yield HttpResponses.json(200, Map.of("status", "ignored"), Map.of());
            }
        };
    }

    private APIGatewayV2HTTPResponse urlValidation(JsonNode event) {
        String plainToken = text(event.path("payload"), "plainToken");
        if (plainToken == null) {
            throw new ApiException(400, "malformed_event", "endpoint.url_validation without payload.plainToken.");
        }
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("plainToken", plainToken);
        answer.put("encryptedToken", ZoomSignatures.encryptedToken(secretToken, plainToken));
        LOG.info("answered zoom endpoint.url_validation");
        return HttpResponses.json(200, answer, Map.of());
    }

    private APIGatewayV2HTTPResponse registration(JsonNode event, String requestId) {
        JsonNode object = object(event.path("payload"), "object");
        JsonNode registrant = object(object, "registrant");
        String webinarId = text(object, "id");
        if (webinarId == null) {
            throw new ApiException(400, "malformed_event", "webinar.registration_created without payload.object.id.");
        }
        String registrantId = text(registrant, "id");
        String email = text(registrant, "email");

        FormFields fields = new FormFields();
        answer(fields, "email", email);
        answer(fields, "first_name", text(registrant, "first_name"));
        answer(fields, "last_name", text(registrant, "last_name"));
        answer(fields, "phone", text(registrant, "phone"));
        answer(fields, "company", text(registrant, "org"));
        answer(fields, "job_title", text(registrant, "job_title"));
        answer(fields, "industry", text(registrant, "industry"));
        answer(fields, "company_size", text(registrant, "no_of_employees"));
        answer(fields, "country", text(registrant, "country"));
        answer(fields, "city", text(registrant, "city"));
        answer(fields, "postal_code", text(registrant, "zip"));
        answer(fields, "message", text(registrant, "comments"));
        answer(fields, "utm_source", text(registrant.path("tracking_source"), "source_name"));
        answer(fields, "landing_page", text(registrant.path("tracking_source"), "tracking_url"));
        answer(fields, "purchasing_time_frame", text(registrant, "purchasing_time_frame"));
        answer(fields, "role_in_purchase_process", text(registrant, "role_in_purchase_process"));
        answer(fields, "state", text(registrant, "state"));
        answer(fields, "address", text(registrant, "address"));
        answer(fields, "registration_status", text(registrant, "status"));
        for (JsonNode q : registrant.path("custom_questions")) {
            answer(fields, text(q, "title"), text(q, "value"));
        }

        Map<String, String> sourceIds = new LinkedHashMap<>();
        put(sourceIds, "webinarId", webinarId);
        put(sourceIds, "webinarUuid", text(object, "uuid"));
        put(sourceIds, "registrantId", registrantId);
        put(sourceIds, "topic", text(object, "topic"));
        put(sourceIds, "accountId", text(event.path("payload"), "account_id"));
        put(sourceIds, "trackingSourceId", text(registrant.path("tracking_source"), "id"));

        String deliveryKey = "registration:" + webinarId + ":"
                + (registrantId != null ? registrantId : "email:" + emailKey(email));
        return record(registrations, fields, sourceIds, epochMillis(event.path("event_ts")), deliveryKey,
                "webinar.registration_created", webinarId, email, requestId);
    }

    private APIGatewayV2HTTPResponse participantJoined(JsonNode event, String requestId) {
        JsonNode object = object(event.path("payload"), "object");
        JsonNode participant = object(object, "participant");
        String webinarId = text(object, "id");
        String webinarUuid = text(object, "uuid");
        if (webinarId == null && webinarUuid == null) {
            throw new ApiException(400, "malformed_event", "webinar.participant_joined without payload.object.id or uuid.");
        }
        String email = text(participant, "email");
        String participantUuid = text(participant, "participant_uuid");
        String registrantId = text(participant, "registrant_id");
        if (email == null) {
            metrics.count("WebinarGuestWithoutEmail");
            LOG.info("guest joined zoom webinar {} without an email (participant uuid {}, registrant id {}); no lead recorded",
                    webinarId, participantUuid, registrantId);
            return skipped("guest_without_email", Map.of());
        }
        String joinTime = text(participant, "join_time");
        Instant occurredAt = isoInstant(joinTime);
        if (occurredAt == null) {
            occurredAt = epochMillis(event.path("event_ts"));
        }

        FormFields fields = answer(new FormFields(), "email", email);
        // The display name in the meeting, not a name the person entered: never overwrites the profile.
        answer(fields, "user_name", text(participant, "user_name"));

        Map<String, String> sourceIds = new LinkedHashMap<>();
        put(sourceIds, "webinarId", webinarId);
        put(sourceIds, "webinarUuid", webinarUuid);
        put(sourceIds, "topic", text(object, "topic"));
        put(sourceIds, "participantUuid", participantUuid);
        put(sourceIds, "registrantId", registrantId);
        put(sourceIds, "participantUserId", text(participant, "user_id"));
        put(sourceIds, "accountId", text(event.path("payload"), "account_id"));

        String who = participantUuid != null ? participantUuid
                : registrantId != null ? registrantId
                : text(participant, "user_id") != null ? "user:" + text(participant, "user_id")
                : "email:" + emailKey(email);
        String when = joinTime != null ? joinTime : text(event, "event_ts");
        String deliveryKey = "joined:" + (webinarUuid != null ? webinarUuid : webinarId) + ":" + who + ":" + when;
        return record(attendance, fields, sourceIds, occurredAt, deliveryKey, "webinar.participant_joined", webinarId,
                email, requestId);
    }

    private APIGatewayV2HTTPResponse record(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                            Instant occurredAt, String deliveryKey, String type, String webinarId,
                                            String email, String requestId) {
        CaptureResult result;
        try {
            result = record(channel, fields, sourceIds, occurredAt, false, deliveryKey);
        } catch (ValidationException e) {
            LOG.info("zoom {} for webinar {} has no valid email or phone; skipped (fields {}, x-zm-request-id {})",
                    type, webinarId, e.fields().keySet(), requestId);
            return invalid(e);
        }
        Map<String, Object> body = captured(result);
        LOG.info("captured zoom {} for webinar {} on lead {} ({}, replayed {}, email {}, x-zm-request-id {})", type,
                webinarId, result.leadId(), result.outcome().wireName(), result.replayed(),
                Pii.maskEmail(emailKey(email)), requestId);
        return HttpResponses.json(200, body, Map.of());
    }

    private static String unauthorizedMessage(String problem) {
        return switch (problem) {
            case "missing_signature" -> "x-zm-signature and x-zm-request-timestamp are required.";
            case "invalid_timestamp" -> "x-zm-request-timestamp is not a time in epoch seconds.";
            case "timestamp_out_of_range" -> "x-zm-request-timestamp is more than 5 minutes away from now.";
            default -> "x-zm-signature does not match the body and timestamp for this endpoint's secret token.";
        };
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.path(field);
        if (!n.isObject()) {
            throw new ApiException(400, "malformed_event", "The event has no '" + field + "' object.");
        }
        return n;
    }

    private static Instant epochMillis(JsonNode n) {
        if (n == null || !(n.isIntegralNumber() || (n.isTextual() && n.asText().matches("\\d{1,15}")))) {
            return null;
        }
        return Instant.ofEpochMilli(n.asLong());
    }

    private static Instant isoInstant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String clip(String s) {
        return s == null || s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }

    private static String emailKey(String email) {
        return email == null ? null : EmailAddresses.normalise(email).orElse(email.strip().toLowerCase(Locale.ROOT));
    }
}

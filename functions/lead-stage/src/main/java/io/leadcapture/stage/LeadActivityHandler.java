package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.IdempotencyConflictException;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.core.Activity;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Text;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.http.IdempotencyKeys;
import io.leadcapture.runtime.store.LeadFollowUps;
import io.leadcapture.runtime.store.LeadFollowUps.ActivityKey;
import io.leadcapture.runtime.store.LeadFollowUps.KeyedActivity;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code POST /leads/{leadId}/activities}: a rep logs what they did with a lead
 * ({@code {"type":"call|email|meeting|note","outcome":"…","note":"…","at":"…"}}) → 201 with the
 * activity. The IAM caller is recorded as {@code by}; {@code at} defaults to now and may lie in the
 * past (a call logged afterwards), not in the future. Any activity stops the follow-up SLA clock.
 * With an {@code Idempotency-Key} a retried request records nothing new and answers the first 201
 * (marked {@code Idempotent-Replayed}); the same key with another body is 422.
 */
public class LeadActivityHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_OUTCOME = 200;
    static final int MAX_NOTE = 4000;
    /** Clocks differ: an activity a few minutes "ahead" is the caller's clock, not a plan. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final LeadReads leads;
    private final LeadFollowUps followUps;
    private final Clock clock;

    public LeadActivityHandler() {
        this(LeadStore.fromEnvironment(), Clock.systemUTC());
    }

    public LeadActivityHandler(LeadStore store, Clock clock) {
        this(store.reads(), store.followUps(), clock);
    }

    public LeadActivityHandler(LeadReads leads, LeadFollowUps followUps, Clock clock) {
        super(MAX_BODY_BYTES);
        this.leads = leads;
        this.followUps = followUps;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = leadIdInPath(request);
        String by = request.callerArn();
        Activity activity = parse(request, by, clock.instant());
        ActivityKey key = activityKey(request, leadId, by);
        for (int attempt = 1; attempt <= 5; attempt++) {
            Lead lead = leads.findLead(leadId).orElseThrow(() -> leadNotFound(leadId));
            if (key != null) {
                Optional<KeyedActivity> earlier = followUps.activityByKey(leadId, key);
                if (earlier.isPresent()) {
                    if (!earlier.get().requestHash().equals(key.requestHash())) {
                        throw new IdempotencyConflictException();
                    }
                    metrics.count("ActivityReplayed");
                    return HttpResponses.json(201, earlier.get().activity(), Map.of("Idempotent-Replayed", "true"));
                }
            }
            if (followUps.recordActivity(lead, activity, key)) {
                metrics.count("ActivityLogged");
                log.info("lead {}: {} activity logged by {}", leadId, activity.type().wireName(), activity.by());
                return HttpResponses.json(201, activity, Map.of());
            }
        }
        return HttpResponses.error(409, "concurrent_update", "The lead kept changing; send the request again.",
                Map.of(), Map.of());
    }

    /**
     * The request's {@code Idempotency-Key}, scoped to the lead and the caller (another rep's key
     * never matches), with the body it came with: a retry after a lost answer gets the first answer.
     */
    private static ActivityKey activityKey(HttpRequest request, String leadId, String by) {
        String key = IdempotencyKeys.checked(request.header("idempotency-key"));
        if (key == null) {
            return null;
        }
        String digest = IdempotencyKey.sha256Hex("activity\n" + leadId.toLowerCase(Locale.ROOT) + "\n" + by + "\n" + key);
        return new ActivityKey(digest, IdempotencyKey.sha256Hex(request.body()));
    }

    /** The activity the body describes; 400 for a body that is no JSON object, 422 naming each bad field. */
    static Activity parse(HttpRequest request, String by, Instant now) {
        JsonNode body = SalesRequests.jsonObject(request);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode typeNode = body.path("type");
        Activity.Type type = typeNode.isTextual() ? Activity.Type.parse(typeNode.asText()).orElse(null) : null;
        if (type == null) {
            errors.put("type", typeNode.isMissingNode() ? "required: call, email, meeting or note"
                    : "one of call, email, meeting, note");
        }
        String outcome = text(body, "outcome", MAX_OUTCOME, false, errors);
        String note = text(body, "note", MAX_NOTE, true, errors);
        Instant at = now;
        JsonNode atNode = body.path("at");
        if (!atNode.isMissingNode() && !atNode.isNull()) {
            try {
                if (!atNode.isTextual()) {
                    throw new DateTimeParseException("not a string", atNode.toString(), 0);
                }
                at = OffsetDateTime.parse(atNode.asText()).toInstant();
                if (at.isAfter(now.plus(CLOCK_SKEW))) {
                    errors.put("at", "lies in the future; log an activity once it happened");
                }
            } catch (DateTimeParseException e) {
                errors.put("at", "an ISO-8601 time with offset, e.g. 2026-11-27T14:30:00+01:00");
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(422, "invalid_activity", "Some fields of the activity are missing or invalid.", errors);
        }
        return new Activity(UUID.randomUUID().toString(), type, outcome, note, at, by);
    }

    private static String text(JsonNode body, String name, int max, boolean multiLine, Map<String, String> errors) {
        JsonNode node = body.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.put(name, "must be a string");
            return null;
        }
        String value = multiLine ? Text.multiLine(node.asText()) : Text.singleLine(node.asText());
        if (value != null && value.length() > max) {
            errors.put(name, "longer than " + max + " characters");
        }
        return value == null || value.isBlank() ? null : value;
    }
}

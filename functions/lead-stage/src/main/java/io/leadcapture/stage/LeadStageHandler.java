package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Text;
import io.leadcapture.core.scoring.IllegalStageChangeException;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadScores;
import io.leadcapture.runtime.store.LeadStore;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PATCH /leads/{leadId}} with {@code {"stage":"SQL","reason":"…","force":false}}: sales accepts,
 * advances or disqualifies a lead. Transitions follow scoring.yaml; each change is recorded with who
 * (the IAM caller), when and why.
 */
public class LeadStageHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 16 * 1024;
    static final int MAX_REASON = 500;
    private static final Logger LOG = LoggerFactory.getLogger(LeadStageHandler.class);

    private final LeadReads leads;
    private final LeadScores stages;
    private final StageRules rules;
    private final Clock clock;

    public LeadStageHandler() {
        this(LeadStore.fromEnvironment(), new StageRules(ScoringConfig.bundled()), Clock.systemUTC());
    }

    private LeadStageHandler(LeadStore store, StageRules rules, Clock clock) {
        this(store.reads(), store.scores(), rules, clock);
    }

    public LeadStageHandler(LeadReads leads, LeadScores stages, StageRules rules, Clock clock) {
        super(MAX_BODY_BYTES);
        this.leads = leads;
        this.stages = stages;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = request.pathParameter("leadId");
        Change change = parse(request);
        String who = request.callerArn();
        for (int attempt = 1; attempt <= 5; attempt++) {
            Lead lead = leads.findLead(leadId).orElseThrow(
                    () -> new ApiException(404, "lead_not_found", "There is no lead '" + leadId + "'."));
            try {
                rules.validateManual(lead.stage(), change.to(), change.force());
            } catch (IllegalStageChangeException e) {
                throw new ApiException(422, "illegal_stage_change", e.getMessage(),
                        Map.of("stage", lead.stage().wireName() + " -> " + change.to().wireName()));
            }
            if (stages.changeStage(lead, change.to(), who, change.reason(), change.force(), clock.instant())) {
                LOG.info("lead {} moved {} -> {} by {}{}", leadId, lead.stage().wireName(), change.to().wireName(),
                        who, change.force() ? " (forced)" : "");
                Lead updated = leads.findLead(leadId).orElseThrow();
                Map<String, Object> body = new LinkedHashMap<>(Json.MAPPER.convertValue(updated, Map.class));
                body.put("stageHistory", leads.stageChanges(leadId));
                return HttpResponses.json(200, body, Map.of());
            }
        }
        return HttpResponses.error(409, "concurrent_update", "The lead kept changing; send the request again.",
                Map.of(), Map.of());
    }

    record Change(Stage to, String reason, boolean force) {
    }

    private static Change parse(HttpRequest request) {
        if (!"application/json".equals(request.mediaType())) {
            throw new ApiException(415, "unsupported_media_type", "Send application/json.");
        }
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "malformed_body", "The body is not valid JSON.");
        } catch (IOException e) {
            throw new ApiException(400, "malformed_body", "The body could not be read.");
        }
        if (body == null || !body.isObject()) {
            throw new ApiException(400, "malformed_body", "The body must be a JSON object.");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode stage = body.path("stage");
        Stage to = stage.isTextual() ? Stage.parse(stage.asText()).orElse(null) : null;
        if (to == null) {
            errors.put("stage", "one of lead, MQL, SQL, opportunity, customer, disqualified");
        }
        JsonNode reasonNode = body.path("reason");
        String reason = null;
        if (!reasonNode.isMissingNode() && !reasonNode.isNull()) {
            if (!reasonNode.isTextual()) {
                errors.put("reason", "must be a string");
            } else {
                reason = Text.singleLine(reasonNode.asText());
                if (reason != null && reason.length() > MAX_REASON) {
                    errors.put("reason", "longer than " + MAX_REASON + " characters");
                }
            }
        }
        JsonNode force = body.path("force");
        if (!force.isMissingNode() && !force.isBoolean()) {
            errors.put("force", "must be true or false");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "malformed_body", "Some fields are missing or have the wrong type.", errors);
        }
        return new Change(to, reason, force.asBoolean(false));
    }
}

package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.Stage;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.scoring.IllegalStageChangeException;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadFollowUps;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadScores;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.ProfileChanges;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PATCH /leads/{leadId}}: sales moves a lead ({@code {"stage":"SQL","reason":"…","force":false}})
 * decides on what unverified submissions proposed ({@code {"acceptProposedChanges":["phone"],
 * "dismissProposedChanges":["first_name"],"reason":"…"}}) and hands it to another rep
 * ({@code {"owner":"rep@…","reason":"…"}}: an active rep of routing.yaml); all may come in one request.
 * Transitions follow scoring.yaml; each change is recorded with who (the IAM caller), when and why.
 */
public class LeadStageHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(LeadStageHandler.class);

    private final LeadReads leads;
    private final LeadScores stages;
    private final ProfileChanges profiles;
    private final LeadFollowUps followUps;
    private final StageRules rules;
    private final Router router;
    private final Clock clock;

    public LeadStageHandler() {
        this(LeadStore.fromEnvironment(), new StageRules(ScoringConfig.bundled()), new Router(RoutingConfig.bundled()),
                Clock.systemUTC());
    }

    /** @param router the reps of routing.yaml: an owner must be one of its active reps */
    public LeadStageHandler(LeadStore store, StageRules rules, Router router, Clock clock) {
        this(store.reads(), store.scores(), store.profileChanges(), store.followUps(), rules, router, clock);
    }

    public LeadStageHandler(LeadReads leads, LeadScores stages, ProfileChanges profiles, LeadFollowUps followUps,
                            StageRules rules, Router router, Clock clock) {
        super(MAX_BODY_BYTES);
        this.leads = leads;
        this.stages = stages;
        this.profiles = profiles;
        this.followUps = followUps;
        this.rules = rules;
        this.router = router;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = request.pathParameter("leadId");
        Change change = parse(request);
        String who = request.callerArn();
        if (change.owner() != null && !router.isActiveRep(change.owner())) {
            // checked before anything is written: a request is applied whole or not at all
            boolean known = router.territoryOfRep(change.owner()).isPresent();
            throw new ApiException(422, known ? "inactive_owner" : "unknown_owner", known
                    ? change.owner() + " is marked inactive in routing.yaml and takes no new leads."
                    : change.owner() + " is not a rep in routing.yaml.",
                    Map.of("owner", known ? "an inactive rep" : "not a rep in routing.yaml"));
        }
        if (change.decidesProposals()) {
            boolean done = onCurrentLead(leadId, lead -> {
                for (String field : change.accept()) {
                    if (lead.proposedChanges().stream().noneMatch(c -> c.field().equals(field))) {
                        throw new ApiException(422, "nothing_proposed", "No submission proposed a value for " + field
                                + "; there is nothing to accept.", Map.of(field, "nothing proposed"));
                    }
                }
                return profiles.decide(lead, change.accept(), change.dismiss(), who, change.reason(), clock.instant());
            });
            if (!done) {
                return concurrentUpdate();
            }
            LOG.info("lead {}: proposed changes accepted {} dismissed {} by {}", leadId, change.accept(),
                    change.dismiss(), who);
        }
        if (change.to() != null) {
            boolean done = onCurrentLead(leadId, lead -> {
                try {
                    rules.validateManual(lead.stage(), change.to(), change.force());
                } catch (IllegalStageChangeException e) {
                    throw new ApiException(422, "illegal_stage_change", e.getMessage(),
                            Map.of("stage", lead.stage().wireName() + " -> " + change.to().wireName()));
                }
                boolean changed = stages.changeStage(lead, change.to(), who, change.reason(), change.force(),
                        clock.instant());
                if (changed) {
                    LOG.info("lead {} moved {} -> {} by {}{}", leadId, lead.stage().wireName(),
                            change.to().wireName(), who, change.force() ? " (forced)" : "");
                }
                return changed;
            });
            if (!done) {
                return concurrentUpdate();
            }
        }
        if (change.owner() != null) {
            boolean done = onCurrentLead(leadId, lead -> {
                String from = SalesFollowUp.orNone(lead.sales()).owner();
                if (change.owner().equals(from)) {
                    return true; // already the owner: nothing to record
                }
                boolean assigned = followUps.assignOwner(lead, change.owner(), who, change.reason(), clock.instant());
                if (assigned) {
                    LOG.info("lead {}: owner changed by {}", leadId, who);
                }
                return assigned;
            });
            if (!done) {
                return concurrentUpdate();
            }
        }
        Lead updated = leads.findLead(leadId).orElseThrow();
        Map<String, Object> body = new LinkedHashMap<>(Json.MAPPER.convertValue(updated, Map.class));
        body.put("stageHistory", leads.stageChanges(leadId));
        body.put("ownerHistory", followUps.ownerChanges(leadId));
        return HttpResponses.json(200, body, Map.of());
    }

    /** Reads the lead and applies {@code write} to it, again when it changed in between; false after five tries. */
    private boolean onCurrentLead(String leadId, Predicate<Lead> write) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            Lead lead = leads.findLead(leadId).orElseThrow(() -> leadNotFound(leadId));
            if (write.test(lead)) {
                return true;
            }
        }
        return false;
    }

    private static APIGatewayV2HTTPResponse concurrentUpdate() {
        return HttpResponses.error(409, "concurrent_update", "The lead kept changing; send the request again.",
                Map.of(), Map.of());
    }

    /**
     * @param to      the new stage, or null to leave it
     * @param accept  profile fields whose newest proposed value sales accepts
     * @param dismiss profile fields whose proposals sales drops
     * @param owner   the rep who owns the lead from now on (normalised address), or null to leave it
     */
    record Change(Stage to, String reason, boolean force, Set<String> accept, Set<String> dismiss, String owner) {

        boolean decidesProposals() {
            return !accept.isEmpty() || !dismiss.isEmpty();
        }
    }

    private static Change parse(HttpRequest request) {
        JsonNode body = SalesRequests.jsonObject(request);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode stage = body.path("stage");
        Stage to = stage.isTextual() ? Stage.parse(stage.asText()).orElse(null) : null;
        if (to == null && !stage.isMissingNode()) {
            errors.put("stage", "one of lead, MQL, SQL, opportunity, customer, disqualified");
        }
        Set<String> accept = fieldList(body, "acceptProposedChanges", errors);
        Set<String> dismiss = fieldList(body, "dismissProposedChanges", errors);
        JsonNode ownerNode = body.path("owner");
        String owner = null;
        if (!ownerNode.isMissingNode()) {
            owner = ownerNode.isTextual() ? EmailAddresses.normalise(ownerNode.asText()).orElse(null) : null;
            if (owner == null) {
                errors.put("owner", "the email address of a rep in routing.yaml");
            }
        }
        if (stage.isMissingNode() && accept.isEmpty() && dismiss.isEmpty() && ownerNode.isMissingNode()) {
            errors.put("stage", "give a stage, an owner, acceptProposedChanges or dismissProposedChanges");
        }
        String reason = SalesRequests.reason(body, errors);
        JsonNode force = body.path("force");
        if (!force.isMissingNode() && !force.isBoolean()) {
            errors.put("force", "must be true or false");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "malformed_body", "Some fields are missing or have the wrong type.", errors);
        }
        return new Change(to, reason, force.asBoolean(false), accept, dismiss, owner);
    }

    /** An optional array of profile field names (the standard vocabulary: phone, first_name, company…). */
    private static Set<String> fieldList(JsonNode body, String name, Map<String, String> errors) {
        JsonNode list = body.path(name);
        if (list.isMissingNode() || list.isNull()) {
            return Set.of();
        }
        Set<String> fields = new LinkedHashSet<>();
        if (list.isArray()) {
            list.forEach(f -> fields.add(f.isTextual() ? f.asText() : ""));
        }
        if (!list.isArray() || !ContactProfile.CHANGEABLE_FIELDS.containsAll(fields)) {
            errors.put(name, "an array of profile fields: " + String.join(", ", ContactProfile.CHANGEABLE_FIELDS));
        }
        return fields;
    }
}

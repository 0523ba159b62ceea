package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.EmailStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.core.Lead;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.AddressQuery;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadFilter;
import io.leadcapture.runtime.store.LeadLists;
import io.leadcapture.runtime.store.LeadNurture;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.ListedLead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /leads/{leadId}}, {@code GET /leads?email=} and {@code GET /leads?phone=}: a lead with
 * its newest touchpoints ({@link LeadReads#RECENT_INTERACTIONS}, at most 1 MB of them, oldest first)
 * and {@code interactionsCursor} to the older ones ({@link LeadInteractionsHandler}), for sales and operations. IAM-authorised in AWS. A phone is read as
 * the forms read it: to E.164, in {@code DEFAULT_PHONE_REGION} when it has no {@code +country}.
 * Without email or phone, {@code GET /leads?stage=&temperature=&source=&owner=&from=&to=&limit=&cursor=}
 * lists lead summaries, what needs attention first (docs/data-model.md#lead-lists).
 */
public class LeadReadHandler extends ApiHandler {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** Queries one list page may make when filters drop most of what it reads; then it ends with a cursor. */
    static final int MAX_REQUESTS = 10;

    private final LeadReads leads;
    private final LeadLists lists;
    private final LeadNurture nurture;
    private final String phoneRegion;

    /** Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE). */
    public LeadReadHandler() {
        this(LeadStore.fromEnvironment(), Env.phoneRegion());
    }

    /** @param phoneRegion region of phone numbers queried without {@code +country} */
    public LeadReadHandler(LeadStore store, String phoneRegion) {
        this(store.reads(), store.lists(), store.nurture(), phoneRegion);
    }

    /** @param phoneRegion region of phone numbers queried without {@code +country} */
    public LeadReadHandler(LeadReads leads, LeadLists lists, LeadNurture nurture, String phoneRegion) {
        super(0);
        this.leads = leads;
        this.lists = lists;
        this.nurture = nurture;
        this.phoneRegion = Env.phoneRegion(phoneRegion);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        if (request.pathParameter("leadId") != null) {
            String leadId = leadIdInPath(request);
            LeadReads.LeadView lead = leads.findLeadView(leadId).orElseThrow(() -> leadNotFound(leadId));
            return HttpResponses.json(200, withNurture(shown(lead), leadId), Map.of());
        }
        if (request.queryParameter("email") == null && request.queryParameter("phone") == null) {
            return list(request);
        }
        Optional<String> owner = AddressQuery.from(request, phoneRegion, "to look a lead up").owner(leads);
        Optional<ObjectNode> lead = owner.flatMap(id -> leads.findLeadView(id).map(v -> withNurture(shown(v), id)));
        return HttpResponses.json(200, Map.of("items", lead.map(List::of).orElse(List.of())), Map.of());
    }

    private APIGatewayV2HTTPResponse list(HttpRequest request) {
        LeadFilter filter = LeadListQuery.filter(request);
        int limit = LeadListQuery.limit(request, DEFAULT_LIMIT, MAX_LIMIT);
        LeadLists.Page page;
        try {
            page = lists.list(filter, LeadListQuery.cursor(request), limit, MAX_REQUESTS);
        } catch (LeadLists.InvalidCursorException e) {
            throw LeadListQuery.invalidCursor(e.getMessage());
        }
        log.info("listed {} leads: {} queries, {} items read, read units {}", page.items().size(), page.requests(),
                page.evaluated(), page.readUnits());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items().stream().map(LeadReadHandler::summary).toList());
        body.put("nextCursor", page.next());
        return HttpResponses.json(200, body, Map.of());
    }

    /** What a list shows of a lead; the lead itself is {@code GET /leads/{leadId}}. */
    private static Map<String, Object> summary(ListedLead l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("leadId", l.leadId());
        m.put("name", l.name());
        m.put("company", l.company());
        m.put("email", l.email());
        m.put("stage", l.stage());
        m.put("temperature", l.temperature());
        m.put("score", l.score());
        m.put("owner", l.owner());
        m.put("source", l.source());
        m.put("createdAt", l.createdAt());
        m.put("lastTouchAt", l.lastTouchAt());
        return m;
    }

    /**
     * The lead's nurture sequence (the newest it entered) as {@code nurture: {sequence, step, nextAt,
     * stoppedReason, completedAt}}: {@code step} is how many steps were sent, {@code nextAt} when the next
     * is due (null once finished or stopped). Absent for a lead never enrolled.
     */
    private ObjectNode withNurture(ObjectNode json, String leadId) {
        List<LeadNurture.Enrolment> enrolments = nurture.of(leadId);
        if (!enrolments.isEmpty()) {
            LeadNurture.Enrolment e = enrolments.get(0);
            ObjectNode n = json.putObject("nurture");
            n.put("sequence", e.sequence());
            n.put("step", e.step());
            n.put("nextAt", e.nextAt() == null ? null : e.nextAt().toString());
            n.put("stoppedReason", e.stoppedReason());
            if (e.completedAt() != null) {
                n.put("completedAt", e.completedAt().toString());
            }
        }
        return json;
    }

    /**
     * The lead with its newest interactions and {@code interactionsCursor}, the first page of
     * {@code GET /leads/{leadId}/interactions?cursor=} that continues below them (null: no older ones).
     * Mail reaches a lead no bounce or complaint was received for: its emailStatus shows {@code ok}.
     */
    private static ObjectNode shown(LeadReads.LeadView view) {
        Lead lead = view.lead();
        ObjectNode json = Json.MAPPER.valueToTree(lead.emailStatus() == null ? lead.withEmailStatus(EmailStatus.OK) : lead);
        json.put("interactionsCursor", view.interactionsCursor());
        return json;
    }
}

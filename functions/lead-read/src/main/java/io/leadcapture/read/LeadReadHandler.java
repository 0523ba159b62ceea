package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.Lead;
import io.leadcapture.core.PhoneNumbers;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadFilter;
import io.leadcapture.runtime.store.LeadLists;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.ListedLead;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /leads/{leadId}}, {@code GET /leads?email=} and {@code GET /leads?phone=}: a lead with
 * its whole touchpoint history, for sales and operations. IAM-authorised in AWS. A phone is read as
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
    private final String phoneRegion;

    /** Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE). */
    public LeadReadHandler() {
        this(LeadStore.fromEnvironment(), Env.phoneRegion());
    }

    /** @param phoneRegion region of phone numbers queried without {@code +country} */
    public LeadReadHandler(LeadStore store, String phoneRegion) {
        this(store.reads(), store.lists(), phoneRegion);
    }

    /** @param phoneRegion region of phone numbers queried without {@code +country} */
    public LeadReadHandler(LeadReads leads, LeadLists lists, String phoneRegion) {
        super(0);
        this.leads = leads;
        this.lists = lists;
        this.phoneRegion = Env.phoneRegion(phoneRegion);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = request.pathParameter("leadId");
        if (leadId != null) {
            if (!leadId.matches("[0-9a-fA-F-]{1,64}")) {
                throw new ApiException(404, "lead_not_found", "There is no lead '" + leadId + "'.");
            }
            Lead lead = leads.findLead(leadId).orElseThrow(
                    () -> new ApiException(404, "lead_not_found", "There is no lead '" + leadId + "'."));
            return HttpResponses.json(200, shown(lead), Map.of());
        }
        String email = request.queryParameter("email");
        String phone = request.queryParameter("phone");
        if (email == null && phone == null) {
            return list(request);
        }
        boolean byEmail = email != null && !email.isBlank();
        boolean byPhone = phone != null && !phone.isBlank();
        if (!byEmail && !byPhone) {
            throw new ApiException(400, "missing_query", "Give ?email= or ?phone= to look a lead up.",
                    Map.of("email", "required", "phone", "required"));
        }
        if (byEmail && byPhone) {
            throw new ApiException(400, "invalid_query", "Give either ?email= or ?phone=, not both.",
                    Map.of("email", "give only one of email and phone", "phone", "give only one of email and phone"));
        }
        Optional<String> owner;
        if (byEmail) {
            String normalised = EmailAddresses.normalise(email).orElseThrow(() -> new ApiException(400,
                    "invalid_query", "The email is not a valid address.", Map.of("email", EmailAddresses.problem(email))));
            owner = leads.findLeadIdByEmail(normalised);
        } else {
            String e164 = PhoneNumbers.toE164(plusRestored(phone), phoneRegion).orElseThrow(() -> new ApiException(400,
                    "invalid_query", "The phone is not a valid number.", Map.of("phone", "not a valid phone number")));
            owner = leads.findLeadIdByPhone(e164);
        }
        Optional<Lead> lead = owner.flatMap(leads::findLead).map(LeadReadHandler::shown);
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

    /** Mail reaches a lead no bounce or complaint was received for: its emailStatus shows {@code ok}. */
    private static Lead shown(Lead lead) {
        return lead.emailStatus() == null ? lead.withEmailStatus(EmailStatus.OK) : lead;
    }

    /** A '+' written unencoded in a query string ({@code ?phone=+49…}) arrives decoded as a space. */
    private static String plusRestored(String phone) {
        return phone.length() > 1 && phone.charAt(0) == ' ' && phone.charAt(1) >= '1' && phone.charAt(1) <= '9'
                ? "+" + phone.substring(1) : phone;
    }
}

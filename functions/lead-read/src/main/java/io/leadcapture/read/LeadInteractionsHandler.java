package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /leads/{leadId}/interactions?cursor=&limit=}: a lead's interactions, newest first, a page
 * at a time — {@code limit} (1 to 100, default 50) and at most 1 MB of them; {@code nextCursor} names
 * the next page (null on the last). Without a cursor from the newest; with the
 * {@code interactionsCursor} of {@code GET /leads/{leadId}} below the ones it showed. IAM-authorised in AWS.
 */
public class LeadInteractionsHandler extends ApiHandler {
    static final int DEFAULT_LIMIT = 50;

    private final LeadReads leads;

    /** Used by Lambda: {@code TABLE_NAME}. */
    public LeadInteractionsHandler() {
        this(LeadStore.fromEnvironment().reads());
    }

    public LeadInteractionsHandler(LeadReads leads) {
        super(0);
        this.leads = leads;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = leadIdInPath(request);
        int limit = LeadListQuery.limit(request, DEFAULT_LIMIT, LeadReads.MAX_INTERACTIONS_PAGE);
        String cursor = LeadListQuery.cursor(request);
        LeadReads.InteractionPage page;
        try {
            page = leads.interactions(leadId, cursor == null || cursor.isBlank() ? null : cursor, limit)
                    .orElseThrow(() -> leadNotFound(leadId));
        } catch (LeadReads.InvalidCursorException e) {
            throw new ApiException(400, "invalid_cursor",
                    "The cursor is not one this lead's interactions gave; start without one.",
                    Map.of("cursor", e.getMessage()));
        }
        log.info("listed {} interactions of lead {}", page.items().size(), leadId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("leadId", leadId);
        body.put("items", page.items());
        body.put("nextCursor", page.next());
        return HttpResponses.json(200, body, Map.of());
    }
}

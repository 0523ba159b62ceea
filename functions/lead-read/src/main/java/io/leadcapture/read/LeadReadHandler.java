package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.Lead;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /leads/{leadId}} and {@code GET /leads?email=}: a lead with its whole touchpoint
 * history, for sales and operations. IAM-authorised in AWS.
 */
public class LeadReadHandler extends ApiHandler {
    private final LeadReads leads;

    public LeadReadHandler() {
        this(LeadStore.fromEnvironment().reads());
    }

    public LeadReadHandler(LeadReads leads) {
        super(0);
        this.leads = leads;
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
            return HttpResponses.json(200, lead, Map.of());
        }
        String email = request.queryParameter("email");
        if (email == null || email.isBlank()) {
            throw new ApiException(400, "missing_query", "Give ?email= to look a lead up by email.",
                    Map.of("email", "required"));
        }
        String normalised = EmailAddresses.normalise(email).orElseThrow(() -> new ApiException(400,
                "invalid_query", "The email is not a valid address.", Map.of("email", "not a valid email address")));
        Optional<Lead> lead = leads.findLeadIdByEmail(normalised).flatMap(leads::findLead);
        return HttpResponses.json(200, Map.of("items", lead.map(List::of).orElse(List.of())), Map.of());
    }
}

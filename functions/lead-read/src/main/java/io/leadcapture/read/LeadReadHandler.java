package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.Lead;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.AddressQuery;
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
 * {@code GET /leads/{leadId}}, {@code GET /leads?email=} and {@code GET /leads?phone=}: a lead with
 * its whole touchpoint history, for sales and operations. IAM-authorised in AWS. A phone is read as
 * the forms read it: to E.164, in {@code DEFAULT_PHONE_REGION} when it has no {@code +country}.
 */
public class LeadReadHandler extends ApiHandler {
    private final LeadReads leads;
    private final String phoneRegion;

    /** Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE). */
    public LeadReadHandler() {
        this(LeadStore.fromEnvironment().reads(), Env.phoneRegion());
    }

    /** @param phoneRegion region of phone numbers queried without {@code +country} */
    public LeadReadHandler(LeadReads leads, String phoneRegion) {
        super(0);
        this.leads = leads;
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
        Optional<String> owner = AddressQuery.from(request, phoneRegion, "to look a lead up").owner(leads);
        Optional<Lead> lead = owner.flatMap(leads::findLead).map(LeadReadHandler::shown);
        return HttpResponses.json(200, Map.of("items", lead.map(List::of).orElse(List.of())), Map.of());
    }

    /** Mail reaches a lead no bounce or complaint was received for: its emailStatus shows {@code ok}. */
    private static Lead shown(Lead lead) {
        return lead.emailStatus() == null ? lead.withEmailStatus(EmailStatus.OK) : lead;
    }
}

package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.Lead;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.CorrelationIdPaths;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * {@code GET /leads/{leadId}} and {@code GET /leads?email=}: a lead with its whole touchpoint
 * history, for sales and operations. IAM-authorised in AWS.
 */
public class LeadReadHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(LeadReadHandler.class);

    private final LeadReads leads;

    public LeadReadHandler() {
        this(LeadStore.fromEnvironment().reads());
    }

    public LeadReadHandler(LeadReads leads) {
        this.leads = leads;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, CorrelationIdPaths.API_GATEWAY_HTTP, event,
                () -> handle(new HttpRequest(event, 0)));
    }

    private APIGatewayV2HTTPResponse handle(HttpRequest request) {
        try {
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
        } catch (ApiException e) {
            return HttpResponses.error(e, Map.of());
        } catch (StoreUnavailableException e) {
            LOG.warn("lead store unavailable; answered 503: {}", e.getMessage());
            return HttpResponses.unavailable(Map.of());
        }
    }
}

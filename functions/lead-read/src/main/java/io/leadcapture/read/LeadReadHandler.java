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
        String email = request.queryParameter("email");
        String phone = request.queryParameter("phone");
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

package io.leadcapture.runtime.http;

import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.PhoneNumbers;
import io.leadcapture.runtime.store.LeadReads;
import java.util.Map;
import java.util.Optional;

/**
 * A person named by {@code ?email=} or {@code ?phone=}, read the way the forms read them: the email
 * normalised, the phone in E.164 with the default region for numbers without {@code +country}.
 * Exactly one of the two is set.
 */
public record AddressQuery(String email, String e164) {

    /**
     * @param task what the address is for, ending the 400 message ("to look a lead up")
     * @throws ApiException 400 when neither or both are given, or the value is not an address
     */
    public static AddressQuery from(HttpRequest request, String phoneRegion, String task) {
        String email = request.queryParameter("email");
        String phone = request.queryParameter("phone");
        boolean byEmail = email != null && !email.isBlank();
        boolean byPhone = phone != null && !phone.isBlank();
        if (!byEmail && !byPhone) {
            throw new ApiException(400, "missing_query", "Give ?email= or ?phone= " + task + ".",
                    Map.of("email", "required", "phone", "required"));
        }
        if (byEmail && byPhone) {
            throw new ApiException(400, "invalid_query", "Give either ?email= or ?phone=, not both.",
                    Map.of("email", "give only one of email and phone", "phone", "give only one of email and phone"));
        }
        if (byEmail) {
            return new AddressQuery(EmailAddresses.normalise(email).orElseThrow(() -> new ApiException(400,
                    "invalid_query", "The email is not a valid address.", Map.of("email", EmailAddresses.problem(email)))),
                    null);
        }
        return new AddressQuery(null, PhoneNumbers.toE164(plusRestored(phone), phoneRegion).orElseThrow(() ->
                new ApiException(400, "invalid_query", "The phone is not a valid number.",
                        Map.of("phone", "not a valid phone number"))));
    }

    /** The id of the lead that holds the address, if one does. */
    public Optional<String> owner(LeadReads leads) {
        return email != null ? leads.findLeadIdByEmail(email) : leads.findLeadIdByPhone(e164);
    }

    /** "email" or "phone", for messages. */
    public String kind() {
        return email != null ? "email" : "phone";
    }

    /** A '+' written unencoded in a query string ({@code ?phone=+49…}) arrives decoded as a space. */
    private static String plusRestored(String phone) {
        return phone.length() > 1 && phone.charAt(0) == ' ' && phone.charAt(1) >= '1' && phone.charAt(1) <= '9'
                ? "+" + phone.substring(1) : phone;
    }
}

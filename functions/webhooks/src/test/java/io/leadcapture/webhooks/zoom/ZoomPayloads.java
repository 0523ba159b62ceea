package io.leadcapture.webhooks.zoom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.webhooks.Payloads;
import java.math.BigInteger;

/**
 * Zoom webinar events in the form Zoom documents, from the payload files next to this class; a test
 * sets only what it is about. Bodies come out compact, as Zoom sends them, and are signed as sent.
 */
final class ZoomPayloads {
    /** 19 digits, beyond Long.MAX_VALUE: a JSON number in registrations, a string in joins. */
    static final String WEBINAR_ID = "9876543210987654321";

    private ZoomPayloads() {
    }

    /** webinar.registration_created of this registrant, with the rest of the registration form filled in. */
    static Registration registration(String registrantId, String firstName, String lastName, String email) {
        return new Registration(registrantId, firstName, lastName, email);
    }

    /** webinar.participant_joined of registrant reg-joerg-01, joining under the display name "Jörgs iPad". */
    static String joined(String email, String participantUuid, String joinTime) {
        ObjectNode event = Payloads.object(ZoomPayloads.class, "webinar.participant_joined.json");
        ObjectNode webinar = (ObjectNode) event.path("payload").path("object");
        webinar.put("id", WEBINAR_ID);
        ((ObjectNode) webinar.path("participant")).put("join_time", joinTime).put("email", email)
                .put("participant_uuid", participantUuid);
        return Payloads.compact(event);
    }

    /** endpoint.url_validation with the plain token qgg8vlvZRS6UYooatFL8Aw. */
    static String urlValidation() {
        return Payloads.compact(Payloads.object(ZoomPayloads.class, "endpoint.url_validation.json"));
    }

    static final class Registration {
        private final ObjectNode event = Payloads.object(ZoomPayloads.class, "webinar.registration_created.json");
        private final ObjectNode registrant;

        private Registration(String registrantId, String firstName, String lastName, String email) {
            ObjectNode webinar = (ObjectNode) event.path("payload").path("object");
            webinar.put("id", new BigInteger(WEBINAR_ID));
            registrant = ((ObjectNode) webinar.path("registrant")).put("id", registrantId).put("first_name", firstName)
                    .put("last_name", lastName).put("email", email);
        }

        Registration phone(String phone) {
            registrant.put("phone", phone);
            return this;
        }

        Registration withoutPhone() {
            registrant.remove("phone");
            return this;
        }

        Registration country(String country) {
            registrant.put("country", country);
            return this;
        }

        String json() {
            return Payloads.compact(event);
        }
    }
}

package io.leadcapture.webhooks.linkedin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.webhooks.Payloads;

/**
 * LinkedIn Lead Sync payloads in the form LinkedIn documents them, from the files next to this
 * class: the LEAD_ACTION notification, form responses and the form they answer
 * (urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246,1)).
 */
final class LinkedInPayloads {

    private LinkedInPayloads() {
    }

    /** The documented LEAD_ACTION notification of this form response; compact, as LinkedIn sends it. */
    static String notification(String responseId, String action) {
        ObjectNode body = Payloads.object(LinkedInPayloads.class, "lead-action-notification.json");
        body.put("leadGenFormResponse", "urn:li:leadGenFormResponse:" + responseId).put("leadAction", action);
        return Payloads.compact(body);
    }

    /**
     * José Müller's response (a9a29e52-c0a3-42e3-8af1-2fc83b697003-4) as /rest/leadFormResponses
     * returns it: answers by question id, unicode escaped, one multiple-choice answer.
     */
    static String joseResponse() {
        return Payloads.text(LinkedInPayloads.class, "form-response-jose.json");
    }

    /** Jörg Weiß's response (249592fc-d272-44ba-a7db-c2bdce579507-6), a test lead. */
    static String joergResponse() {
        return Payloads.text(LinkedInPayloads.class, "form-response-joerg.json");
    }

    /** The form: questions with predefined fields, a multiple-choice question, hidden fields. */
    static String form() {
        return Payloads.text(LinkedInPayloads.class, "lead-form-7234246.json");
    }
}

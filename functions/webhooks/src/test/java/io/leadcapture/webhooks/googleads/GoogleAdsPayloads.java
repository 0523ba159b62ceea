package io.leadcapture.webhooks.googleads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.Payloads;
import java.util.Map;

/** Google Ads lead form webhook bodies in the form Google documents them, from the files next to this class. */
final class GoogleAdsPayloads {

    private GoogleAdsPayloads() {
    }

    /**
     * A lead form submission with this lead id (its gclid derived from it), the campaign and form
     * ids of lead-form-submission.json, not a test lead, no columns yet. Compact, as Google sends it.
     */
    static Submission submission(String leadId) {
        return new Submission(leadId);
    }

    /** Google's documented test lead ("Send test data"), trailing comma fixed: John Doe, +1 123 456 7890. */
    static String googleSampleTestLead() {
        return Payloads.text(GoogleAdsPayloads.class, "google-sample-test-lead.json");
    }

    static final class Submission {
        private ObjectNode lead = Payloads.object(GoogleAdsPayloads.class, "lead-form-submission.json");
        private final ArrayNode columns = (ArrayNode) lead.path("user_column_data");

        private Submission(String leadId) {
            lead.put("lead_id", leadId).put("gcl_id", "Cj0KCQiA-test-gclid_" + leadId);
        }

        /** A listed column: its column_id and the question as the form asked it. */
        Submission column(String columnId, String columnName, String value) {
            columns.addObject().put("column_name", columnName).put("string_value", value).put("column_id", columnId);
            return this;
        }

        /** A custom question: a column with a name and no column_id. */
        Submission question(String columnName, String value) {
            columns.addObject().put("column_name", columnName).put("string_value", value);
            return this;
        }

        Submission key(String googleKey) {
            lead.put("google_key", googleKey);
            return this;
        }

        Submission withoutKey() {
            lead.remove("google_key");
            return this;
        }

        /** The key under another field name, in google_key's place. */
        Submission keyNamed(String field, String googleKey) {
            ObjectNode renamed = Json.MAPPER.createObjectNode();
            for (Map.Entry<String, JsonNode> e : lead.properties()) {
                if (e.getKey().equals("google_key")) {
                    renamed.put(field, googleKey);
                } else {
                    renamed.set(e.getKey(), e.getValue());
                }
            }
            lead = renamed;
            return this;
        }

        String json() {
            return Payloads.compact(lead);
        }
    }
}

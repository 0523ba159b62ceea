package io.leadcapture.webhooks.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.Payloads;
import java.math.BigInteger;

/**
 * Meta Lead Ads payloads in the form Meta documents them, from the files next to this class: the
 * leadgen webhook body and lead documents as the Graph API returns them.
 */
final class MetaPayloads {

    private MetaPayloads() {
    }

    /** The documented leadgen body with one change per id, 19-digit ids as unquoted numbers; compact, as Meta sends it. */
    static String notification(String... leadgenIds) {
        ObjectNode body = Payloads.object(MetaPayloads.class, "leadgen-notification.json");
        ArrayNode changes = (ArrayNode) body.path("entry").path(0).path("changes");
        JsonNode change = changes.remove(0);
        for (String id : leadgenIds) {
            ObjectNode c = change.deepCopy();
            ((ObjectNode) c.path("value")).put("leadgen_id", new BigInteger(id));
            changes.add(c);
        }
        return Payloads.compact(body);
    }

    /** José Müller (lead 1487263509812345678) as the Graph API returns him: unicode escaped, ids as strings, ISO time with +0000. */
    static String joseLead() {
        return Payloads.text(MetaPayloads.class, "graph-lead-jose.json");
    }

    /** Jörg Weiß (lead 1487263509812345679), an organic lead with a first and last name. */
    static String joergLead() {
        return Payloads.text(MetaPayloads.class, "graph-lead-joerg.json");
    }

    /** A lead document with only the fields a test gives. */
    static GraphLead graphLead(String id, String createdTime) {
        return new GraphLead(id, createdTime);
    }

    static final class GraphLead {
        private final ObjectNode lead = Json.MAPPER.createObjectNode();
        private final ArrayNode fields;

        private GraphLead(String id, String createdTime) {
            lead.put("created_time", createdTime).put("id", id);
            fields = lead.putArray("field_data");
        }

        GraphLead field(String name, String... values) {
            ArrayNode v = fields.addObject().put("name", name).putArray("values");
            for (String value : values) {
                v.add(value);
            }
            return this;
        }

        String json() {
            return Payloads.compact(lead);
        }
    }
}

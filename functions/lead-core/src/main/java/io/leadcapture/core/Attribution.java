package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where an interaction came from: campaign parameters, click ids, referrer and landing page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Attribution(String utmSource, String utmMedium, String utmCampaign, String utmTerm, String utmContent,
                          String gclid, String fbclid, String msclkid, String referrer, String landingPage) {

    public static final Attribution EMPTY = new Attribution(null, null, null, null, null, null, null, null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return asMap().isEmpty();
    }

    /** Field name to value for every non-empty field, in a stable order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "utmSource", utmSource);
        put(m, "utmMedium", utmMedium);
        put(m, "utmCampaign", utmCampaign);
        put(m, "utmTerm", utmTerm);
        put(m, "utmContent", utmContent);
        put(m, "gclid", gclid);
        put(m, "fbclid", fbclid);
        put(m, "msclkid", msclkid);
        put(m, "referrer", referrer);
        put(m, "landingPage", landingPage);
        return m;
    }

    public static Attribution fromMap(Map<String, String> m) {
        if (m == null || m.isEmpty()) {
            return EMPTY;
        }
        return new Attribution(m.get("utmSource"), m.get("utmMedium"), m.get("utmCampaign"), m.get("utmTerm"),
                m.get("utmContent"), m.get("gclid"), m.get("fbclid"), m.get("msclkid"), m.get("referrer"),
                m.get("landingPage"));
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}

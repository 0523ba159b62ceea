package io.leadcapture.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformMappingTest {

    @Test
    void sourceIdsAreCleanedLikeAnyStoredText() {
        Map<String, String> ids = new LinkedHashMap<>();
        PlatformMapping.put(ids, "webinarId", "81234567890");
        PlatformMapping.put(ids, "topic", "Webinar\u2028Teil 2 \u202Eenilno\u202C");
        PlatformMapping.put(ids, "leadGenForm", "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246, 1)");
        PlatformMapping.put(ids, "blank", " \u2028\u202E ");
        PlatformMapping.put(ids, "missing", null);

        assertThat(ids).containsExactly(Map.entry("webinarId", "81234567890"),
                Map.entry("topic", "Webinar Teil 2 enilno"),
                Map.entry("leadGenForm", "urn:li:versionedLeadGenForm:(urn:li:leadGenForm:7234246, 1)"));
    }
}

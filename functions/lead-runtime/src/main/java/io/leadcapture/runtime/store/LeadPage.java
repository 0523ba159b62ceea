package io.leadcapture.runtime.store;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** One page of lead ids and the cursor of the next page (null at the end). */
public record LeadPage(List<String> leadIds, Map<String, AttributeValue> next) {
}

package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every lead, page by page, for jobs that visit them all (the daily rescoring). */
public final class LeadScan {
    private final Table table;

    LeadScan(Table table) {
        this.table = table;
    }

    /**
     * One page of lead ids and the cursor of the next page.
     *
     * @param cursor the previous page's {@link Page#next()}, or null for the first page
     * @param limit  items examined per page (DynamoDB applies it before the filter, so a page may hold fewer leads)
     */
    public Page scan(String cursor, int limit) {
        return Table.guarded(() -> {
            var page = table.ddb.scan(r -> r.tableName(table.name).limit(limit).exclusiveStartKey(decode(cursor))
                    .filterExpression("#t = :lead")
                    .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                    .expressionAttributeValues(Map.of(":lead", s("lead"))));
            return new Page(page.items().stream().map(i -> str(i, "leadId")).toList(),
                    page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? encode(page.lastEvaluatedKey()) : null);
        });
    }

    /** Lead ids and the opaque cursor of the next page (null at the end). */
    public record Page(List<String> leadIds, String next) {
    }

    // The table's keys are strings, so the last evaluated key is exactly its pk and sk.
    private static String encode(Map<String, AttributeValue> key) {
        String raw = str(key, PK) + "\n" + str(key, SK);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, AttributeValue> decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        int nl = raw.indexOf('\n');
        if (nl < 0) {
            throw new IllegalArgumentException("not a scan cursor");
        }
        return Map.of(PK, s(raw.substring(0, nl)), SK, s(raw.substring(nl + 1)));
    }
}

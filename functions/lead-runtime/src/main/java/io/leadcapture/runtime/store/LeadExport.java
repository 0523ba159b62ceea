package io.leadcapture.runtime.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of everything stored about a person (docs/data-protection.md#export). Items are plain
 * JSON: their attributes as stored, without the table's keys. {@code complete} is true only on the
 * page that ends the lead's partition; otherwise {@code nextCursor} continues the export.
 *
 * @param lead       the profile item: contact fields, consent, scores, stage, proposed changes, mail status
 * @param consents   each interaction's consent as captured and each recorded consent change, by time
 * @param identities the email and phone claims naming this lead, for the addresses this page's items hold
 * @param ownerChanges who owned the lead when, as each change was recorded (who, when, why)
 * @param activities the calls, emails, meetings and notes sales logged about the person
 * @param nurture    the nurture sequences the person was enrolled in: step reached, next due time, why it stopped
 * @param other      items of any other kind in the lead's partition, with their sort key and item type
 */
@JsonPropertyOrder({"leadId", "exportedAt", "complete", "nextCursor", "lead", "proposedChanges", "interactions",
        "consents", "scores", "stageChanges", "profileChanges", "ownerChanges", "activities", "merges", "mails", "nurture", "identities", "optIns",
        "duplicates", "other"})
public record LeadExport(String leadId, Instant exportedAt, boolean complete,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor,
                         Map<String, Object> lead, List<Object> proposedChanges,
                         List<Map<String, Object>> interactions, List<Map<String, Object>> consents,
                         List<Map<String, Object>> scores, List<Map<String, Object>> stageChanges,
                         List<Map<String, Object>> profileChanges, List<Map<String, Object>> ownerChanges,
                         List<Map<String, Object>> activities, List<Map<String, Object>> merges,
                         List<Map<String, Object>> mails, List<Map<String, Object>> nurture,
                         List<Map<String, Object>> identities,
                         List<Map<String, Object>> optIns, List<Map<String, Object>> duplicates,
                         List<Map<String, Object>> other) {
}

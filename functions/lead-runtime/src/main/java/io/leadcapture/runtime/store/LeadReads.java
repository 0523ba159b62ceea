package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Activity;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reading leads: one lead with its history (interactions oldest first, activities newest first), a
 * lead by email or by phone, a lead's stage changes.
 */
public final class LeadReads {
    private final Table table;

    LeadReads(Table table) {
        this.table = table;
    }

    /** The lead with its whole interaction history, oldest first, and the leads it may duplicate. */
    public Optional<Lead> findLead(String leadId) {
        return Table.guarded(() -> {
            Lead lead = null;
            List<Interaction> history = new ArrayList<>();
            List<String> duplicates = new ArrayList<>();
            List<Map<String, AttributeValue>> partition = table.partition(leadPk(leadId));
            for (Map<String, AttributeValue> item : partition) {
                String sk = str(item, SK);
                if (PROFILE.equals(sk)) {
                    lead = LeadItems.lead(item);
                } else if (sk.startsWith(INTERACTION_PREFIX)) {
                    history.add(LeadItems.interaction(item));
                } else if (sk.startsWith(LeadItems.DUPLICATE_PREFIX)) {
                    duplicates.add(str(item, "otherLeadId"));
                }
            }
            if (lead == null) {
                return Optional.empty();
            }
            List<Activity> activities = LeadFollowUps.activities(partition);
            Lead read = lead.withInteractions(history).withPossibleDuplicates(duplicates);
            return Optional.of(activities.isEmpty() ? read
                    : read.withSales(SalesFollowUp.orNone(read.sales()).withActivities(activities)));
        });
    }

    /** The lead that owns a normalised email, if any. */
    public Optional<String> findLeadIdByEmail(String normalisedEmail) {
        return Table.guarded(() -> table.item(LeadItems.emailKey(normalisedEmail), IDENTITY)
                .map(item -> str(item, "leadId")));
    }

    /** The lead that owns an E.164 phone, if any. */
    public Optional<String> findLeadIdByPhone(String e164) {
        return Table.guarded(() -> table.item(LeadItems.phoneKey(e164), IDENTITY)
                .map(item -> str(item, "leadId")));
    }

    /** The stage changes of a lead, oldest first. */
    public List<StageChangeRecord> stageChanges(String leadId) {
        return Table.guarded(() -> table.partition(leadPk(leadId)).stream()
                .filter(i -> str(i, SK).startsWith(LeadScores.STAGE_PREFIX))
                .map(i -> new StageChangeRecord(Stage.fromWireName(str(i, "from")), Stage.fromWireName(str(i, "to")),
                        str(i, "who"), str(i, "why"), i.containsKey("forced") && i.get("forced").bool(),
                        Instant.parse(str(i, "at"))))
                .toList());
    }
}

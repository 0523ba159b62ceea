package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.ProposedChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sales deciding on what unverified submissions proposed: accepted values go onto the profile (the
 * newest proposal of each field), dismissed ones are dropped, and the decision is recorded with who,
 * when and why. Written onto the lead version that was read; false when it changed meanwhile.
 */
public final class ProfileChanges {
    static final String PROFILE_CHANGE_PREFIX = "PROFILECHANGE#";

    private final Table table;
    private final FreeMailDomains freeMail;

    ProfileChanges(Table table, FreeMailDomains freeMail) {
        this.table = table;
        this.freeMail = freeMail;
    }

    /**
     * @param accept  fields whose newest proposed value becomes the profile's
     * @param dismiss fields whose proposals are dropped without a change
     * @return false when the lead changed since it was read (read again and decide again)
     */
    public boolean decide(Lead read, Set<String> accept, Set<String> dismiss, String who, String why, Instant at) {
        return Table.guarded(() -> {
            Map<String, String> values = new LinkedHashMap<>();
            for (ProposedChange c : read.proposedChanges()) {
                if (accept.contains(c.field())) {
                    values.put(c.field(), c.value()); // oldest first, so the newest wins
                }
            }
            List<TransactWriteItem> writes = new ArrayList<>();
            ContactProfile profile = ProfileValues.apply(table, read.leadId(), read.profile(), values, freeMail, writes);
            List<ProposedChange> remaining = read.proposedChanges().stream()
                    .filter(c -> !accept.contains(c.field()) && !dismiss.contains(c.field())).toList();
            Lead updated = new Lead(read.leadId(), profile, read.consent(), read.firstTouch(), read.lastTouch(),
                    read.interactionCount(), read.test(), read.createdAt(), at, read.version() + 1, read.stage(),
                    read.scoring(), remaining, read.possibleDuplicateOf(), null,
                    // the feedback status belongs to the address it was about
                    java.util.Objects.equals(profile.email(), read.profile().email()) ? read.emailStatus() : null,
                    read.sales());
            writes.add(0, table.replaceLead(updated, read.version()));
            Map<String, AttributeValue> record = new HashMap<>();
            record.put(PK, s(leadPk(read.leadId())));
            record.put(SK, s(PROFILE_CHANGE_PREFIX + Times.sortable(at) + "#" + (read.version() + 1)));
            record.put(LeadItems.ITEM_TYPE, s("profileChange"));
            record.put("leadId", s(read.leadId()));
            Map<String, AttributeValue> applied = new LinkedHashMap<>();
            profile.changeableValues().forEach((field, value) -> {
                if (values.containsKey(field) && value != null && value.equals(values.get(field))) {
                    applied.put(field, s(value));
                }
            });
            record.put("applied", AttributeValue.fromM(applied));
            if (!dismiss.isEmpty()) {
                record.put("dismissed", AttributeValue.fromSs(List.copyOf(dismiss)));
            }
            record.put("who", s(who));
            if (why != null) {
                record.put("why", s(why));
            }
            record.put("at", s(at.toString()));
            writes.add(table.putNew(record));
            return table.transact(writes);
        });
    }
}

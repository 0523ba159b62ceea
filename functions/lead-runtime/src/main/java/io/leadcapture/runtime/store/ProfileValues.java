package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FreeMailDomains;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Values applied to a lead's profile on evidence (the person's confirmation, a sales decision). A
 * phone is the lead's identity too: it is applied only while no other lead claims it, and claimed
 * in the same transaction when nobody does.
 */
final class ProfileValues {
    private ProfileValues() {
    }

    /**
     * The profile with {@code values} (field → stored value) applied.
     *
     * @param writes receives the identity claim a newly applied phone needs
     */
    static ContactProfile apply(Table table, String leadId, ContactProfile profile, Map<String, String> values,
                                FreeMailDomains freeMail, List<TransactWriteItem> writes) {
        ContactProfile result = profile;
        for (Map.Entry<String, String> field : values.entrySet()) {
            String value = field.getValue();
            if (value == null || Objects.equals(value, result.changeableValues().get(field.getKey()))) {
                continue;
            }
            if (FieldNames.PHONE.equals(field.getKey())) {
                String owner = table.item(LeadItems.phoneKey(value), IDENTITY).map(i -> str(i, "leadId")).orElse(null);
                if (owner != null && !owner.equals(leadId)) {
                    continue; // another lead's number
                }
                if (owner == null) {
                    writes.add(table.putNew(LeadItems.identityItem(LeadItems.phoneKey(value), leadId)));
                }
            }
            result = result.with(field.getKey(), value, freeMail);
        }
        return result;
    }
}

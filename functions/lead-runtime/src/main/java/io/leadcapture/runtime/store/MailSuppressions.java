package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.ITEM_TYPE;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;

import io.leadcapture.application.Backoff;
import io.leadcapture.application.MailFeedbackRecord;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.application.port.RecordMailFeedbackPort;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.Lead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Addresses mail must not go to, from SES's bounce and complaint feedback: one item per address
 * ({@code SUPPRESSION#<email>}), whether or not a lead owns it, the status on the owning lead's
 * profile ({@code emailStatus}), and a receipt per feedback ({@code MAILFEEDBACK#<feedbackId>},
 * without the address, expiring after {@link #RECEIPT_TTL}) written in the same transaction, so a
 * redelivered notification changes nothing.
 */
public final class MailSuppressions implements RecordMailFeedbackPort {
    static final String SUPPRESSION_PREFIX = "SUPPRESSION#";
    static final String SUPPRESSION = "SUPPRESSION";
    static final String FEEDBACK_PREFIX = "MAILFEEDBACK#";
    static final String FEEDBACK = "MAILFEEDBACK";
    /** Longer than SNS and Lambda redeliver a notification. */
    static final Duration RECEIPT_TTL = Duration.ofDays(30);

    private final Table table;

    MailSuppressions(Table table) {
        this.table = table;
    }

    /** Whether mail to this address is suppressed (read strongly consistent). */
    public boolean isSuppressed(String email) {
        return Table.guarded(() -> table.item(SUPPRESSION_PREFIX + key(email), SUPPRESSION).isPresent());
    }

    @Override
    public boolean recorded(String feedbackId) {
        return Table.guarded(() -> table.item(FEEDBACK_PREFIX + feedbackId, FEEDBACK).isPresent());
    }

    @Override
    public boolean record(MailFeedbackRecord record) {
        return Table.guarded(() -> {
            for (int attempt = 1; attempt <= Table.MAX_ATTEMPTS; attempt++) {
                List<TransactWriteItem> writes = new ArrayList<>();
                writes.add(table.putNew(receipt(record)));
                Set<String> leads = new LinkedHashSet<>();
                for (MailFeedbackRecord.Address a : record.addresses()) {
                    if (record.suppression() != null) {
                        writes.add(suppression(a, record));
                    }
                    if (a.leadId() != null) {
                        leads.add(a.leadId());
                    }
                }
                for (String leadId : leads) {
                    Optional<Lead> lead = table.item(leadPk(leadId), PROFILE).map(LeadItems::lead);
                    if (lead.isEmpty()) {
                        continue; // merged or erased meanwhile: the address item is what counts
                    }
                    EmailStatus next = record.status().apply(lead.get().emailStatus());
                    if (!next.equals(lead.get().emailStatus())) {
                        writes.add(table.versionedUpdate(lead.get(), "SET emailStatus = :es, #v = :next",
                                Map.of(":es", LeadItems.emailStatus(next))));
                    }
                }
                if (table.transact(writes)) {
                    return true;
                }
                if (recorded(record.feedbackId())) {
                    return false;
                }
                Backoff.pause(attempt); // a lead changed between read and write
            }
            throw new StoreUnavailableException("too much contention on the leads of one feedback; retry", null);
        });
    }

    private Map<String, AttributeValue> receipt(MailFeedbackRecord record) {
        return Map.of(PK, s(FEEDBACK_PREFIX + record.feedbackId()), SK, s(FEEDBACK), ITEM_TYPE, s("mailFeedback"),
                "type", s(record.type()), "processedAt", s(record.processedAt().toString()),
                "expiresAt", LeadItems.n(record.processedAt().plus(RECEIPT_TTL).getEpochSecond()));
    }

    /** The address item: the first suppression's reason and time stay; the owning lead is noted when known. */
    private TransactWriteItem suppression(MailFeedbackRecord.Address a, MailFeedbackRecord record) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":type", s("suppression"), ":email", s(a.email()),
                ":reason", s(record.suppression().wireName()), ":at", s(record.at().toString())));
        Map<String, String> names = new HashMap<>(Map.of("#type", ITEM_TYPE, "#email", "email", "#reason", "reason",
                "#at", "at"));
        String set = "SET #type = :type, #email = :email, #reason = if_not_exists(#reason, :reason), "
                + "#at = if_not_exists(#at, :at)";
        if (a.leadId() != null) {
            set += ", #lead = :lead";
            names.put("#lead", "leadId");
            values.put(":lead", s(a.leadId()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(SUPPRESSION_PREFIX + key(a.email())), SK, s(SUPPRESSION)))
                .updateExpression(set)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values).build()).build();
    }

    /** Addresses as leads store them, so a suppression matches however the address was written. */
    /** The key of an address's suppression entry; erasure deletes it by the same key. */
    static String suppressionPk(String email) {
        return SUPPRESSION_PREFIX + key(email);
    }

    private static String key(String email) {
        return EmailAddresses.normalise(email).orElse(email.strip().toLowerCase(Locale.ROOT));
    }
}

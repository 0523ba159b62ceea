package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.Backoff;
import io.leadcapture.application.StoreUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What makes each mail go out exactly once, beside the lead: a marker per notification (claimed
 * before sending, marked sent after), the lead's automated-mail slot (the frequency cap), its opt-in
 * slot per consent purpose (one confirmation request per window), and the round-robin counters of
 * sales routing.
 */
public final class NotificationMarkers {
    private static final String NOTIFICATION_PREFIX = "NOTIFICATION#";
    private static final String OPT_IN_CAP_PREFIX = "OPTINCAP#";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final Table table;

    NotificationMarkers(Table table) {
        this.table = table;
    }

    /** Which notification of a lead a marker stands for. */
    public record Notification(String leadId, String key) {

        /** The sales mail for the lead version that made a transition (became MQL, turned hot). */
        public static Notification sales(String leadId, long version) {
            return new Notification(leadId, "SALES#" + version);
        }

        /** The double opt-in mail for one interaction's pending consent. */
        public static Notification optIn(String leadId, String interactionId) {
            return new Notification(leadId, "OPTIN#" + interactionId);
        }

        /** The form's auto-response to one interaction. */
        public static Notification autoResponse(String leadId, String interactionId) {
            return new Notification(leadId, "AUTO#" + interactionId);
        }

        private Map<String, AttributeValue> itemKey() {
            return Map.of(PK, s(leadPk(leadId)), SK, s(NOTIFICATION_PREFIX + key));
        }
    }

    /**
     * Claims the right to send one notification. A claim older than {@code staleAfter} belongs to an
     * invocation that died between claiming and marking, and may be taken over.
     */
    public NotificationClaim claim(Notification n, String detail, Instant now, Duration staleAfter) {
        // Names this claim, so a put the SDK retried after a lost answer finds its own first attempt.
        String claimId = UUID.randomUUID().toString();
        return Table.guarded(() -> {
            Map<String, AttributeValue> item = new HashMap<>(n.itemKey());
            item.put(LeadItems.ITEM_TYPE, s("notification"));
            item.put("leadId", s(n.leadId()));
            item.put("status", s("sending"));
            item.put("claimedAt", s(now.toString()));
            item.put("claimId", s(claimId));
            if (detail != null) {
                item.put("detail", s(detail));
            }
            // Only while the lead exists: a record still in the stream must not recreate items of an erased lead.
            TransactWriteItem put = table.put(item, "attribute_not_exists(pk) OR (#s = :sending AND claimedAt < :stale)",
                    Map.of(":sending", s("sending"), ":stale", s(now.minus(staleAfter).toString())), Map.of("#s", "status"));
            for (int attempt = 1; ; attempt++) {
                try {
                    table.ddb.transactWriteItems(r -> r.transactItems(put, profileExists(n.leadId())));
                    return NotificationClaim.CLAIMED;
                } catch (TransactionCanceledException e) {
                    if (attempt < Table.MAX_ATTEMPTS && conflictOnly(e)) {
                        Backoff.pause(attempt); // a capture was writing the lead at the same moment
                        continue;
                    }
                    return claimRefused(e, n, claimId);
                }
            }
        });
    }

    private static boolean conflictOnly(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().noneMatch(r -> CONDITION_FAILED.equals(r.code()))
                && e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }

    /** Why a claim's transaction was cancelled: the lead is gone, the marker was sent or is being sent. */
    private NotificationClaim claimRefused(TransactionCanceledException e, Notification n, String claimId) {
        if (!e.hasCancellationReasons() || e.cancellationReasons().size() < 2) {
            throw new StoreUnavailableException("notification claim cancelled without reasons", e);
        }
        String markerCode = e.cancellationReasons().get(0).code();
        String leadCode = e.cancellationReasons().get(1).code();
        if (CONDITION_FAILED.equals(leadCode)) {
            return NotificationClaim.LEAD_GONE;
        }
        if (!CONDITION_FAILED.equals(markerCode)) {
            throw new StoreUnavailableException("notification claim cancelled: " + markerCode + ", " + leadCode, e);
        }
        Map<String, AttributeValue> existing = table.ddb.getItem(r -> r.tableName(table.name)
                .consistentRead(true).key(n.itemKey())).item();
        if (existing != null && "sent".equals(str(existing, "status"))) {
            return NotificationClaim.ALREADY_SENT;
        }
        return existing != null && claimId.equals(str(existing, "claimId"))
                ? NotificationClaim.CLAIMED : NotificationClaim.IN_FLIGHT;
    }

    /** SES accepted the mail (or it was deliberately not sent): the claim becomes final. */
    public void markSent(Notification n, String messageId, List<String> to, Instant at) {
        // The marker is updated, never created: an erasure that deleted it meanwhile leaves no recipient behind.
        conditionalUpdate(r -> r.key(n.itemKey())
                .updateExpression("SET #s = :sent, messageId = :id, sentAt = :at, recipients = :to")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":sent", s("sent"), ":id", s(messageId), ":at", s(at.toString()),
                        ":to", AttributeValue.fromL(to.stream().map(LeadItems::s).toList()))));
    }

    /** The send failed for sure (SES refused or throttled): drop the claim so a retry can send. */
    public void release(Notification n) {
        Table.guarded(() -> {
            try {
                return table.ddb.deleteItem(r -> r.tableName(table.name).key(n.itemKey())
                        .conditionExpression("#s = :sending")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":sending", s("sending"))));
            } catch (ConditionalCheckFailedException e) {
                return null; // already sent or gone: nothing to release
            }
        });
    }

    /**
     * Takes the lead's slot for one automated mail if none was sent within {@code window}
     * (the frequency cap). Opt-in confirmations do not use it. The notification that holds the slot
     * may take it again, so a retry after a failed send is not capped by its own first attempt.
     */
    public boolean takeMailSlot(Notification n, Instant now, Duration window) {
        // lastAutomatedMailAt (an ISO string) is how the slot was kept before it held epoch milliseconds
        return slotUpdate(n.leadId(), r -> r.key(Map.of(PK, s(leadPk(n.leadId())), SK, s("MAILCAP")))
                .updateExpression("SET lastAutomatedMailAtMillis = :now, #t = :cap, leadId = :lead, holder = :holder"
                        + " REMOVE lastAutomatedMailAt")
                .conditionExpression("(attribute_not_exists(lastAutomatedMailAtMillis) AND (attribute_not_exists("
                        + "lastAutomatedMailAt) OR lastAutomatedMailAt < :legacyCutoff))"
                        + " OR lastAutomatedMailAtMillis < :cutoff OR holder = :holder")
                .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":now", millis(now), ":cap", s("mailCap"), ":lead", s(n.leadId()),
                        ":holder", s(n.key()), ":cutoff", millis(now.minus(window)),
                        ":legacyCutoff", s(now.minus(window).toString()))));
    }

    /**
     * Takes the lead's slot for one double opt-in mail for {@code purpose} if none went out within
     * {@code window}: however many posts ask, an address gets one confirmation request per window.
     * The notification that holds the slot may take it again (a retry after a failed send).
     */
    public boolean takeOptInSlot(Notification n, String purpose, Instant now, Duration window) {
        return slotUpdate(n.leadId(), r -> r.key(Map.of(PK, s(leadPk(n.leadId())), SK, s(OPT_IN_CAP_PREFIX + purpose)))
                .updateExpression("SET lastOptInMailAt = :now, #t = :cap, leadId = :lead, purpose = :purpose,"
                        + " holder = :holder")
                .conditionExpression("attribute_not_exists(lastOptInMailAt) OR lastOptInMailAt < :cutoff"
                        + " OR holder = :holder")
                .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":now", millis(now), ":cap", s("optInCap"), ":lead", s(n.leadId()),
                        ":purpose", s(purpose), ":holder", s(n.key()), ":cutoff", millis(now.minus(window)))));
    }

    /**
     * Slot times are epoch milliseconds (numbers): ISO strings do not compare as instants when their
     * fractional seconds differ ("…:00Z" sorts after "…:00.5Z").
     */
    private static AttributeValue millis(Instant t) {
        return LeadItems.n(t.toEpochMilli());
    }

    /** True when the update's condition held and it was written. */
    private boolean conditionalUpdate(Consumer<UpdateItemRequest.Builder> update) {
        return Table.guarded(() -> {
            try {
                table.ddb.updateItem(r -> update.accept(r.tableName(table.name)));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false;
            }
        });
    }

    /**
     * As {@link #conditionalUpdate}, and only while the lead's profile exists: a record still in the
     * stream must not recreate a slot in an erased lead's partition. False when either condition failed.
     */
    private boolean slotUpdate(String leadId, Consumer<UpdateItemRequest.Builder> update) {
        UpdateItemRequest.Builder b = UpdateItemRequest.builder();
        update.accept(b.tableName(table.name));
        UpdateItemRequest r = b.build();
        Update slot = Update.builder().tableName(r.tableName()).key(r.key()).updateExpression(r.updateExpression())
                .conditionExpression(r.conditionExpression()).expressionAttributeNames(r.expressionAttributeNames())
                .expressionAttributeValues(r.expressionAttributeValues()).build();
        return Table.guarded(() -> table.transact(List.of(TransactWriteItem.builder().update(slot).build(),
                profileExists(leadId))));
    }

    private TransactWriteItem profileExists(String leadId) {
        return TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table.name)
                .key(Map.of(PK, s(leadPk(leadId)), SK, s(LeadItems.PROFILE)))
                .conditionExpression("attribute_exists(pk)").build()).build();
    }

    /** The next value of a territory's round-robin counter (atomic). */
    public long nextRoutingCounter(String territory) {
        return Table.guarded(() -> Long.parseLong(table.ddb.updateItem(r -> r.tableName(table.name)
                .key(Map.of(PK, s("ROUTING#" + territory), SK, s("COUNTER")))
                .updateExpression("ADD #c :one SET #t = :routing")
                .expressionAttributeNames(Map.of("#c", "counter", "#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":one", LeadItems.n(1), ":routing", s("routing")))
                .returnValues(ReturnValue.UPDATED_NEW)).attributes().get("counter").n()));
    }
}

package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
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

        /**
         * The escalation of a missed follow-up: one per lead and SLA window, the window named by when it
         * began (the lead became MQL or hot, or got a new owner).
         */
        public static Notification escalation(String leadId, Instant windowStart) {
            return new Notification(leadId, "ESCALATION#" + Times.sortable(windowStart));
        }

        /** Step {@code step} (1-based) of a nurture sequence: each is sent to a lead at most once. */
        public static Notification nurture(String leadId, String sequence, int step) {
            return new Notification(leadId, "NURTURE#" + sequence + "#" + step);
        }

        /**
         * The kind of mail, recorded on the marker: {@code sales}, {@code optIn}, {@code autoResponse},
         * {@code escalation}, {@code nurture}.
         */
        public String kind() {
            return kindOf(key);
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
            item.put("claimedAtMillis", millis(now));
            item.put("claimId", s(claimId));
            item.put("kind", s(n.kind()));
            if (detail != null) {
                item.put("detail", s(detail));
            }
            NotificationClaim claim;
            try {
                table.ddb.putItem(r -> r.tableName(table.name).item(item)
                        // claims written before claimedAtMillis carry only the ISO claimedAt; an uncertain
                        // claim (SES gave no answer) may be taken over at once
                        .conditionExpression("attribute_not_exists(pk) OR (#s = :sending AND (claimedAtMillis < :stale"
                                + " OR (attribute_not_exists(claimedAtMillis) AND claimedAt < :legacyStale)"
                                + " OR attribute_exists(uncertainAt)))")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(":sending", s("sending"),
                                ":stale", millis(now.minus(staleAfter)),
                                ":legacyStale", s(legacyCutoff(now.minus(staleAfter))))));
                claim = NotificationClaim.CLAIMED;
            } catch (ConditionalCheckFailedException e) {
                Map<String, AttributeValue> existing = table.ddb.getItem(r -> r.tableName(table.name)
                        .consistentRead(true).key(n.itemKey())).item();
                if (existing != null && "sent".equals(str(existing, "status"))) {
                    return NotificationClaim.ALREADY_SENT;
                }
                claim = existing != null && claimId.equals(str(existing, "claimId"))
                        ? NotificationClaim.CLAIMED : NotificationClaim.IN_FLIGHT;
            }
            if (claim == NotificationClaim.CLAIMED && !leadExists(n.leadId())) {
                // a record of an erased lead still in the stream: take the claim back, send nothing
                deleteIfLeadGone(n.itemKey(), "claimId = :mine", Map.of(":mine", s(claimId)));
                return NotificationClaim.LEAD_GONE;
            }
            return claim;
        });
    }

    /**
     * Whether the lead's profile exists (strongly consistent). Checked after every write into its
     * partition: an erasure deletes the profile last and sweeps what arrived before that, so a write
     * that finds the profile gone afterwards undoes itself and nothing is left behind.
     */
    private boolean leadExists(String leadId) {
        return table.item(leadPk(leadId), LeadItems.PROFILE).isPresent();
    }

    private void deleteIfLeadGone(Map<String, AttributeValue> key, String condition, Map<String, AttributeValue> values) {
        try {
            table.ddb.deleteItem(r -> {
                r.tableName(table.name).key(key);
                if (condition != null) {
                    r.conditionExpression(condition).expressionAttributeValues(values);
                }
            });
        } catch (ConditionalCheckFailedException e) {
            // taken over meanwhile: not ours to drop
        }
    }

    /** SES accepted the mail (or it was deliberately not sent): the claim becomes final. */
    public void markSent(Notification n, String messageId, List<String> to, Instant at) {
        markSent(n, messageId, to, null, at);
    }

    /**
     * As {@link #markSent(Notification, String, List, Instant)}, recording the mail's subject too
     * (null for none), so the lead's mail log says what was sent.
     */
    public void markSent(Notification n, String messageId, List<String> to, String subject, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sent", s("sent"), ":id", s(messageId),
                ":at", s(at.toString()), ":to", AttributeValue.fromL(to.stream().map(LeadItems::s).toList()),
                ":kind", s(n.kind())));
        String set = "SET #s = :sent, messageId = :id, sentAt = :at, recipients = :to, #k = :kind";
        if (subject != null) {
            values.put(":subject", s(subject));
            set += ", #subject = :subject";
        }
        Map<String, String> names = subject == null ? Map.of("#s", "status", "#k", "kind")
                : Map.of("#s", "status", "#k", "kind", "#subject", "subject");
        String update = set;
        // The marker is updated, never created: an erasure that deleted it meanwhile leaves no recipient behind.
        conditionalUpdate(r -> r.key(n.itemKey()).updateExpression(update).conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    /**
     * The kind of mail a notification key names. Markers written before they recorded their kind
     * are read through this too; a sales marker moved by a merge keeps its {@code SALES#} start.
     */
    static String kindOf(String key) {
        int hash = key.indexOf('#');
        String start = hash < 0 ? key : key.substring(0, hash);
        return switch (start) {
            case "SALES" -> "sales";
            case "OPTIN" -> "optIn";
            case "AUTO" -> "autoResponse";
            default -> start.toLowerCase(Locale.ROOT);
        };
    }

    /**
     * SES gave no answer for the claimed notification (a timeout, a broken connection): whether the
     * mail left is unknown and stays unknown, as SES has no way to look a send up. Waiting for the
     * claim to go stale would tell nothing more, so the next attempt may take it over at once
     * ({@link #claim}); the claim stays {@code sending} until then, with {@code uncertainAt}.
     */
    public void markUncertain(Notification n, Instant at) {
        conditionalUpdate(r -> r.key(n.itemKey()).updateExpression("SET uncertainAt = :at")
                .conditionExpression("#s = :sending").expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":at", s(at.toString()), ":sending", s("sending"))));
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
        return slotUpdate(n.leadId(), Map.of(PK, s(leadPk(n.leadId())), SK, s("MAILCAP")), r -> r
                .updateExpression("SET lastAutomatedMailAtMillis = :now, #t = :cap, leadId = :lead, holder = :holder"
                        + " REMOVE lastAutomatedMailAt")
                .conditionExpression("(attribute_not_exists(lastAutomatedMailAtMillis) AND (attribute_not_exists("
                        + "lastAutomatedMailAt) OR lastAutomatedMailAt < :legacyCutoff))"
                        + " OR lastAutomatedMailAtMillis < :cutoff OR holder = :holder")
                .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":now", millis(now), ":cap", s("mailCap"), ":lead", s(n.leadId()),
                        ":holder", s(n.key()), ":cutoff", millis(now.minus(window)),
                        ":legacyCutoff", s(legacyCutoff(now.minus(window))))));
    }

    /**
     * Takes the lead's slot for one double opt-in mail for {@code purpose} if none went out within
     * {@code window}: however many posts ask, an address gets one confirmation request per window.
     * The notification that holds the slot may take it again (a retry after a failed send).
     */
    public boolean takeOptInSlot(Notification n, String purpose, Instant now, Duration window) {
        return slotUpdate(n.leadId(), Map.of(PK, s(leadPk(n.leadId())), SK, s(OPT_IN_CAP_PREFIX + purpose)), r -> r
                .updateExpression("SET lastOptInMailAt = :now, #t = :cap, leadId = :lead, purpose = :purpose,"
                        + " holder = :holder")
                .conditionExpression("attribute_not_exists(lastOptInMailAt) OR lastOptInMailAt < :cutoff"
                        + " OR holder = :holder")
                .expressionAttributeNames(Map.of("#t", LeadItems.ITEM_TYPE))
                .expressionAttributeValues(Map.of(":now", millis(now), ":cap", s("optInCap"), ":lead", s(n.leadId()),
                        ":purpose", s(purpose), ":holder", s(n.key()), ":cutoff", millis(now.minus(window)))));
    }

    /**
     * Slot and claim times are compared as epoch milliseconds (numbers): ISO strings do not compare
     * as instants when their fractional seconds differ ("…:00Z" sorts after "…:00.5Z").
     */
    private static AttributeValue millis(Instant t) {
        return LeadItems.n(t.toEpochMilli());
    }

    /**
     * A bound for an ISO attribute written by {@link Instant#toString()} (with or without a
     * fraction): the cutoff's whole second without its {@code Z} sorts after every value of an
     * earlier second and before every value of its own, so "attribute &lt; bound" holds exactly for
     * times before that second. It errs by under a second towards "not yet", never towards "already".
     */
    static String legacyCutoff(Instant t) {
        String whole = t.truncatedTo(ChronoUnit.SECONDS).toString();
        return whole.substring(0, whole.length() - 1);
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

    /** As {@link #conditionalUpdate} on a slot of the lead; false, with the slot dropped, when the lead is gone. */
    private boolean slotUpdate(String leadId, Map<String, AttributeValue> key, Consumer<UpdateItemRequest.Builder> update) {
        if (!conditionalUpdate(r -> update.accept(r.key(key)))) {
            return false;
        }
        return Table.guarded(() -> {
            if (leadExists(leadId)) {
                return true;
            }
            deleteIfLeadGone(key, null, Map.of());
            return false;
        });
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

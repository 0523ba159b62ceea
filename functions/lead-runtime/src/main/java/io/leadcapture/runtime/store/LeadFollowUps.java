package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Activity;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sales follow-up on a lead: its owner (with every change as an {@code OWNER#} item), the
 * activities reps log ({@code ACTIVITY#} items, with the first and last activity time on the profile)
 * and the follow-up SLA state ({@code followUp}).
 * Each write goes onto the lead version that was read, with its item, in one transaction; false means
 * the lead changed since it was read (read again and decide again).
 */
public final class LeadFollowUps {
    /** {@code owner} is a DynamoDB reserved word: expressions name it through {@code #owner}. */
    private static final Map<String, String> OWNER_NAME = Map.of("#owner", LeadItems.OWNER);

    private final Table table;

    LeadFollowUps(Table table) {
        this.table = table;
    }

    /**
     * Makes {@code to} the owner of the lead read at {@code read.version()} since {@code at}, recorded
     * with who and why. A new owner starts a new follow-up window: the SLA state of the previous one is
     * dropped.
     */
    public boolean assignOwner(Lead read, String to, String who, String why, Instant at) {
        return Table.guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":owner", s(to));
            values.put(":at", s(at.toString()));
            String set = "SET #v = :next, #owner = :owner, " + LeadItems.OWNER_SINCE + " = :at,"
                    + " updatedAt = :at REMOVE " + LeadItems.FOLLOW_UP;
            return table.transact(List.of(table.versionedUpdate(read, set, values, OWNER_NAME),
                    table.putNew(ownerChangeItem(read, to, who, why, at))));
        });
    }

    /**
     * Records an activity on the lead read at {@code read.version()}: its item, and the lead's first
     * and last activity times (the activity's own time, which may lie before others already logged).
     */
    public boolean recordActivity(Lead read, Activity activity) {
        return recordActivity(read, activity, null);
    }

    /**
     * As {@link #recordActivity(Lead, Activity)}, and with {@code key} given, the key's record in the
     * same transaction: false as well when the key was recorded meanwhile ({@link #activityByKey} then finds it).
     */
    public boolean recordActivity(Lead read, Activity activity, ActivityKey key) {
        return Table.guarded(() -> {
            SalesFollowUp f = SalesFollowUp.orNone(read.sales());
            Instant first = f.firstActivityAt() == null || activity.at().isBefore(f.firstActivityAt())
                    ? activity.at() : f.firstActivityAt();
            Instant last = f.lastActivityAt() == null || activity.at().isAfter(f.lastActivityAt())
                    ? activity.at() : f.lastActivityAt();
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":first", s(first.toString()));
            values.put(":last", s(last.toString()));
            String set = "SET #v = :next, " + LeadItems.FIRST_ACTIVITY_AT + " = :first, "
                    + LeadItems.LAST_ACTIVITY_AT + " = :last";
            Map<String, AttributeValue> item = new HashMap<>();
            item.put(PK, s(leadPk(read.leadId())));
            item.put(SK, s(LeadItems.ACTIVITY_PREFIX + Times.sortable(activity.at()) + "#" + activity.activityId()));
            item.put(LeadItems.ITEM_TYPE, s("activity"));
            item.put("leadId", s(read.leadId()));
            item.put("activityId", s(activity.activityId()));
            item.put("type", s(activity.type().wireName()));
            if (activity.outcome() != null) {
                item.put("outcome", s(activity.outcome()));
            }
            if (activity.note() != null) {
                item.put("note", s(activity.note()));
            }
            item.put("at", s(activity.at().toString()));
            if (activity.by() != null) {
                item.put("by", s(activity.by()));
            }
            List<TransactWriteItem> writes = new ArrayList<>(List.of(table.versionedUpdate(read, set, values),
                    table.putNew(item)));
            if (key != null) {
                Map<String, AttributeValue> record = new HashMap<>();
                record.put(PK, s(leadPk(read.leadId())));
                record.put(SK, s(LeadItems.ACTIVITY_KEY_PREFIX + key.digest()));
                record.put(LeadItems.ITEM_TYPE, s("activityKey"));
                record.put("leadId", s(read.leadId()));
                record.put("requestHash", s(key.requestHash()));
                record.put("activitySk", item.get(SK));
                record.put("activityId", s(activity.activityId()));
                writes.add(table.putNew(record));
            }
            return table.transact(writes);
        });
    }

    /**
     * A client's key for one activity request: {@code digest} names it (hashed, so any key is a safe
     * storage key), {@code requestHash} is the body it came with.
     */
    public record ActivityKey(String digest, String requestHash) {
    }

    /** An activity recorded earlier under a key, with the body hash it was recorded with. */
    public record KeyedActivity(String requestHash, Activity activity) {
    }

    /**
     * The activity recorded under {@code key} on the lead, if any. The record lives in the lead's
     * partition, so it moves with a merge and goes with an erasure like the activity itself.
     */
    public Optional<KeyedActivity> activityByKey(String leadId, ActivityKey key) {
        return Table.guarded(() -> table.item(leadPk(leadId), LeadItems.ACTIVITY_KEY_PREFIX + key.digest())
                .flatMap(record -> table.item(leadPk(leadId), str(record, "activitySk"))
                        .map(i -> new KeyedActivity(str(record, "requestHash"), activity(i)))));
    }

    /** The follow-up SLA state of the lead read at {@code read.version()} (a new window's due time). */
    public boolean writeFollowUp(Lead read, SalesFollowUp.FollowUp followUp) {
        return Table.guarded(() -> table.transact(List.of(table.versionedUpdate(read,
                "SET #v = :next, " + LeadItems.FOLLOW_UP + " = :followUp",
                Map.of(":followUp", LeadItems.followUp(followUp))))));
    }

    /**
     * A missed follow-up on the lead read at {@code read.version()}: its SLA state with the breach and
     * whom it was escalated to and, when {@code reassignTo} is given, the lead handed to that rep
     * (recorded as an owner change by {@code who}, a new window from {@code at}).
     */
    public boolean recordBreach(Lead read, SalesFollowUp.FollowUp followUp, String reassignTo, String who, String why,
                                Instant at) {
        if (reassignTo == null) {
            return writeFollowUp(read, followUp);
        }
        return Table.guarded(() -> {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":owner", s(reassignTo));
            values.put(":at", s(at.toString()));
            values.put(":followUp", LeadItems.followUp(followUp));
            String set = "SET #v = :next, #owner = :owner, " + LeadItems.OWNER_SINCE + " = :at,"
                    + " updatedAt = :at, " + LeadItems.FOLLOW_UP + " = :followUp";
            return table.transact(List.of(table.versionedUpdate(read, set, values, OWNER_NAME),
                    table.putNew(ownerChangeItem(read, reassignTo, who, why, at))));
        });
    }

    private static Map<String, AttributeValue> ownerChangeItem(Lead read, String to, String who, String why, Instant at) {
        Map<String, AttributeValue> change = new HashMap<>();
        change.put(PK, s(leadPk(read.leadId())));
        change.put(SK, s(LeadItems.OWNER_PREFIX + Times.sortable(at) + "#" + (read.version() + 1)));
        change.put(LeadItems.ITEM_TYPE, s("ownerChange"));
        change.put("leadId", s(read.leadId()));
        String from = SalesFollowUp.orNone(read.sales()).owner();
        if (from != null) {
            change.put("from", s(from));
        }
        change.put("to", s(to));
        change.put("who", s(who));
        if (why != null) {
            change.put("why", s(why));
        }
        change.put("at", s(at.toString()));
        return change;
    }

    /** The newest {@link LeadReads#RECENT_RECORDS} owner changes of a lead, oldest first. */
    public List<OwnerChangeRecord> ownerChanges(String leadId) {
        return Table.guarded(() -> {
            List<OwnerChangeRecord> changes = new ArrayList<>(new LeadReads(table).newest(leadId, LeadItems.OWNER_PREFIX)
                    .stream().map(LeadFollowUps::ownerChange).toList());
            java.util.Collections.reverse(changes);
            return changes;
        });
    }

    /** The newest {@link LeadReads#RECENT_RECORDS} activities of a lead, newest first. */
    public List<Activity> activities(String leadId) {
        return Table.guarded(() -> activities(new LeadReads(table).newest(leadId, LeadItems.ACTIVITY_PREFIX)));
    }

    static List<Activity> activities(List<Map<String, AttributeValue>> partition) {
        List<Activity> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : partition) {
            if (str(i, SK).startsWith(LeadItems.ACTIVITY_PREFIX)) {
                out.add(activity(i));
            }
        }
        out.sort(Comparator.comparing(Activity::at).thenComparing(Activity::activityId).reversed());
        return out;
    }

    static Activity activity(Map<String, AttributeValue> i) {
        return new Activity(str(i, "activityId"), Activity.Type.fromWireName(str(i, "type")), str(i, "outcome"),
                str(i, "note"), Instant.parse(str(i, "at")), str(i, "by"));
    }

    static OwnerChangeRecord ownerChange(Map<String, AttributeValue> i) {
        return new OwnerChangeRecord(str(i, "from"), str(i, "to"), str(i, "who"), str(i, "why"),
                Instant.parse(str(i, "at")));
    }
}

package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.ENGAGEMENT;
import static io.leadcapture.runtime.store.LeadItems.ENTRY_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.LEDGER_ADDS;
import static io.leadcapture.runtime.store.LeadItems.LEDGER_COMPLETE;
import static io.leadcapture.runtime.store.LeadItems.LEDGER_FOLDED;
import static io.leadcapture.runtime.store.LeadItems.LEDGER_GENERATION;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.n;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.core.Activity;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.Stage;
import io.leadcapture.core.scoring.EngagementLedger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Reading leads, each read bounded however long a lead's history grows: one lead with its newest
 * interactions (and a cursor to the older ones), activities, stage changes; a lead by email or
 * phone; a lead with its engagement ledger for scoring. Only the export reads a whole partition
 * ({@link LeadExports}, paged by bytes).
 */
public final class LeadReads {
    /** The interactions a lead is read with: the newest. Older ones are paged by {@link #interactions}. */
    public static final int RECENT_INTERACTIONS = 50;
    /** The largest page of {@link #interactions}. */
    public static final int MAX_INTERACTIONS_PAGE = 100;
    /**
     * The interaction bytes one read returns at most (a page ends early beyond them): a lead and its
     * interactions stay well below Lambda's 6 MB response, however large each post was (in the response
     * envelope the body is one JSON string escaped again: up to four bytes per stored byte).
     */
    static final long INTERACTION_BYTES = 1024L * 1024;
    /** The newest activities, stage changes and owner changes a lead is read with. */
    public static final int RECENT_RECORDS = 50;
    /** The possible-duplicate links a lead is read with. */
    static final int MAX_DUPLICATES = 100;
    private static final long RECORD_BYTES = 512L * 1024;

    private final Table table;

    LeadReads(Table table) {
        this.table = table;
    }

    /** A lead with its newest interactions; {@code interactionsCursor} pages the older ones (null: none). */
    public record LeadView(Lead lead, String interactionsCursor) {
    }

    /** One page of a lead's interactions, newest first; {@code next} is null on the last page. */
    public record InteractionPage(List<Interaction> items, String next) {
    }

    /** A cursor of {@link #interactions} that is not one this lead handed out. */
    public static final class InvalidCursorException extends RuntimeException {
        InvalidCursorException(String message) {
            super(message);
        }
    }

    /**
     * A lead with its engagement ledger for scoring. {@code rebuilt}: the ledger was computed from
     * the interactions because none was stored complete (a lead from before ledgers, or after a
     * merge): the caller writes it back with {@link #saveLedger}.
     */
    public static final class ScoringView {
        private final Lead lead;
        private final EngagementLedger ledger;
        private final boolean rebuilt;
        private final Map<String, AttributeValue> stored;
        private final int itemsRead;

        ScoringView(Lead lead, EngagementLedger ledger, boolean rebuilt, Map<String, AttributeValue> stored,
                    int itemsRead) {
            this.lead = lead;
            this.ledger = ledger;
            this.rebuilt = rebuilt;
            this.stored = stored;
            this.itemsRead = itemsRead;
        }

        public Lead lead() {
            return lead;
        }

        public EngagementLedger ledger() {
            return ledger;
        }

        public boolean rebuilt() {
            return rebuilt;
        }

        /** The items this read fetched: the profile, the ledger, and on a rebuild every interaction (projected). */
        public int itemsRead() {
            return itemsRead;
        }
    }

    /**
     * The lead with its newest {@link #RECENT_INTERACTIONS} interactions (oldest first, at most
     * {@link #INTERACTION_BYTES} of them), its newest activities and the leads it may duplicate.
     */
    public Optional<Lead> findLead(String leadId) {
        return findLeadView(leadId).map(LeadView::lead);
    }

    /** As {@link #findLead}, with the cursor to the lead's older interactions. */
    public Optional<LeadView> findLeadView(String leadId) {
        return Table.guarded(() -> {
            Optional<Lead> profile = table.item(leadPk(leadId), PROFILE).map(LeadItems::lead);
            if (profile.isEmpty()) {
                return Optional.empty();
            }
            String pk = leadPk(leadId);
            Table.Slice recent = table.newestFirst(pk, INTERACTION_PREFIX, null, RECENT_INTERACTIONS, INTERACTION_BYTES);
            List<Interaction> history = new ArrayList<>(recent.items().stream().map(LeadItems::interaction).toList());
            Collections.reverse(history);
            List<String> duplicates = new ArrayList<>(table.newestFirst(pk, LeadItems.DUPLICATE_PREFIX, null,
                    MAX_DUPLICATES, RECORD_BYTES).items().stream().map(i -> str(i, "otherLeadId")).toList());
            Collections.reverse(duplicates);
            List<Activity> activities = LeadFollowUps.activities(table.newestFirst(pk, LeadItems.ACTIVITY_PREFIX, null,
                    RECENT_RECORDS, RECORD_BYTES).items());
            Lead read = profile.get().withInteractions(history).withPossibleDuplicates(duplicates);
            Lead lead = activities.isEmpty() ? read
                    : read.withSales(SalesFollowUp.orNone(read.sales()).withActivities(activities));
            return Optional.of(new LeadView(lead, recent.more() ? cursor(leadId, lastSk(recent)) : null));
        });
    }

    /**
     * A page of the lead's interactions, newest first: the first page from the newest, a cursor's page
     * from below the interaction it names. At most {@code limit} and {@link #INTERACTION_BYTES}; empty
     * when the lead does not exist.
     *
     * @throws InvalidCursorException when the cursor is not one of this lead's
     */
    public Optional<InteractionPage> interactions(String leadId, String cursor, int limit) {
        String below = cursor == null ? null : decode(leadId, cursor);
        return Table.guarded(() -> {
            if (table.item(leadPk(leadId), PROFILE).isEmpty()) {
                return Optional.empty();
            }
            Table.Slice page = table.newestFirst(leadPk(leadId), INTERACTION_PREFIX, below,
                    Math.max(1, Math.min(limit, MAX_INTERACTIONS_PAGE)), INTERACTION_BYTES);
            return Optional.of(new InteractionPage(page.items().stream().map(LeadItems::interaction).toList(),
                    page.more() ? cursor(leadId, lastSk(page)) : null));
        });
    }

    /**
     * The lead and its engagement ledger, for scoring: two items, never the interactions — unless no
     * complete ledger is stored, then the interactions' ids, types and times (projected, all pages)
     * once, to rebuild it.
     */
    public Optional<ScoringView> findForScoring(String leadId) {
        return Table.guarded(() -> {
            String pk = leadPk(leadId);
            Optional<Lead> lead = table.item(pk, PROFILE).map(LeadItems::lead);
            if (lead.isEmpty()) {
                return Optional.empty();
            }
            Map<String, AttributeValue> stored = table.item(pk, ENGAGEMENT).orElse(null);
            if (stored != null && stored.containsKey(LEDGER_COMPLETE)) {
                return Optional.of(new ScoringView(lead.get(), LeadItems.ledger(stored), false, stored, 2));
            }
            List<Map<String, AttributeValue>> items = table.projected(pk, INTERACTION_PREFIX,
                    List.of("interactionId", "interactionType", "occurredAt"));
            EngagementLedger ledger = new EngagementLedger(items.stream().map(i -> new EngagementLedger.Entry(
                    str(i, "interactionId"), InteractionType.fromWireName(str(i, "interactionType")),
                    Instant.parse(str(i, "occurredAt")))).toList(), null);
            return Optional.of(new ScoringView(lead.get(), ledger, true, stored, 2 + items.size()));
        });
    }

    /**
     * Stores a lead's ledger (rebuilt, or folded) in place of the one {@code read} found, only while
     * no capture added an entry and no merge invalidated it since; false when one did (the next
     * rescore tries again).
     */
    public boolean saveLedger(ScoringView read, EngagementLedger ledger) {
        String leadId = read.lead().leadId();
        Map<String, AttributeValue> item = new HashMap<>();
        if (read.stored != null) {
            read.stored.forEach((name, v) -> {
                if (!name.startsWith(ENTRY_PREFIX) && !name.equals(LEDGER_FOLDED)) {
                    item.put(name, v);
                }
            });
        }
        item.put(PK, s(leadPk(leadId)));
        item.put(SK, s(ENGAGEMENT));
        item.put(LeadItems.ITEM_TYPE, s("engagement"));
        item.put("leadId", s(leadId));
        item.put(LEDGER_COMPLETE, AttributeValue.fromBool(true));
        item.putAll(LeadItems.ledgerAttributes(ledger));
        String condition;
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        if (read.stored == null) {
            condition = "attribute_not_exists(pk)";
        } else {
            names.put("#a", LEDGER_ADDS);
            names.put("#g", LEDGER_GENERATION);
            condition = unchanged(read.stored, "#a", LEDGER_ADDS, ":a", values) + " AND "
                    + unchanged(read.stored, "#g", LEDGER_GENERATION, ":g", values);
        }
        try {
            Table.guarded(() -> table.ddb.putItem(r -> {
                r.tableName(table.name).item(item).conditionExpression(condition);
                if (!values.isEmpty()) {
                    r.expressionAttributeValues(values);
                }
                if (!names.isEmpty()) {
                    r.expressionAttributeNames(names);
                }
            }));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static String unchanged(Map<String, AttributeValue> stored, String ref, String name, String value,
                                    Map<String, AttributeValue> values) {
        if (!stored.containsKey(name)) {
            return "attribute_not_exists(" + ref + ")";
        }
        values.put(value, n(Long.parseLong(stored.get(name).n())));
        return ref + " = " + value;
    }

    /**
     * The lead with every interaction as the retention rules see it — id, type, channel, direction,
     * time and consent, none of the free text — so a lead of thousands of large posts still reads
     * in a few hundred bytes per interaction.
     */
    public Optional<Lead> findLeadForRetention(String leadId) {
        return Table.guarded(() -> {
            Optional<Lead> lead = table.item(leadPk(leadId), PROFILE).map(LeadItems::lead);
            if (lead.isEmpty()) {
                return Optional.empty();
            }
            List<Interaction> history = table.projected(leadPk(leadId), INTERACTION_PREFIX,
                    List.of("interactionId", "interactionType", "channel", "direction", "occurredAt", "consent"))
                    .stream().map(LeadItems::interaction).sorted(java.util.Comparator.comparing(Interaction::occurredAt))
                    .toList();
            return Optional.of(lead.get().withInteractions(history));
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

    /** The newest {@link #RECENT_RECORDS} stage changes of a lead, oldest first. */
    public List<StageChangeRecord> stageChanges(String leadId) {
        return Table.guarded(() -> {
            List<StageChangeRecord> changes = new ArrayList<>(table.newestFirst(leadPk(leadId), LeadScores.STAGE_PREFIX,
                    null, RECENT_RECORDS, RECORD_BYTES).items().stream()
                    .map(i -> new StageChangeRecord(Stage.fromWireName(str(i, "from")), Stage.fromWireName(str(i, "to")),
                            str(i, "who"), str(i, "why"), i.containsKey("forced") && i.get("forced").bool(),
                            Instant.parse(str(i, "at"))))
                    .toList());
            Collections.reverse(changes);
            return changes;
        });
    }

    /** The newest {@code limit} items under a sort-key prefix, newest first (owner changes, activities). */
    List<Map<String, AttributeValue>> newest(String leadId, String prefix) {
        return table.newestFirst(leadPk(leadId), prefix, null, RECENT_RECORDS, RECORD_BYTES).items();
    }

    private static String lastSk(Table.Slice slice) {
        return str(slice.items().get(slice.items().size() - 1), SK);
    }

    // The cursor names the lead, so a cursor of one lead cannot page through another's interactions.
    private static String cursor(String leadId, String sk) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((leadId + "\n" + sk).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String leadId, String cursor) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("The cursor is not one this API handed out.");
        }
        int newline = raw.indexOf('\n');
        if (newline < 0 || !raw.substring(0, newline).equals(leadId)
                || !raw.substring(newline + 1).startsWith(INTERACTION_PREFIX)) {
            throw new InvalidCursorException("The cursor is not one of this lead's interaction pages.");
        }
        return raw.substring(newline + 1);
    }
}

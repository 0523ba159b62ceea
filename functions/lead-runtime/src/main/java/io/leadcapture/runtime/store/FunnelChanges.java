package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.StreamImages.bool;
import static io.leadcapture.runtime.store.StreamImages.number;
import static io.leadcapture.runtime.store.StreamImages.string;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.leadcapture.core.Stage;
import io.leadcapture.core.report.FunnelGroupBy;
import io.leadcapture.core.report.FunnelStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The funnel events one stream record of a lead's profile stands for: its creation (INSERT), its
 * stage crossing into MQL (and, for a lead enrolled in a nurture sequence before, an MQL after
 * nurture), SQL or customer, its first activity and a follow-up SLA breach appearing (MODIFY, old
 * image against new). Profiles a merge wrote are no event of their own, and test leads
 * count nowhere.
 */
public final class FunnelChanges {
    private static final String FIRST_ACTIVITY_AT = "firstActivityAt";
    private static final String MQL_AT = "mqlAt";
    private static final String STAGE_CHANGED_AT = "stageChangedAt";
    private static final String FOLLOW_UP = "followUp";
    private static final String BREACHED_AT = "breachedAt";
    private static final int MAX_GROUP_LENGTH = 64;

    private FunnelChanges() {
    }

    /**
     * One funnel event of a lead.
     *
     * @param at     when it happened (its day is the day it is counted on)
     * @param hours  for MQL the hours since the lead was created, for the first activity the hours
     *               since it became an MQL; null when not known
     * @param groups the lead's group per grouping, from its first touch
     * @param key    what names this event among the lead's events (the step, and a breach's time)
     */
    public record FunnelEvent(String leadId, FunnelStep step, Instant at, Double hours,
                              Map<FunnelGroupBy, String> groups, String key) {
    }

    public static List<FunnelEvent> of(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null || record.getEventName() == null) {
            return List.of();
        }
        Map<String, AttributeValue> now = change.getNewImage();
        if (!"lead".equals(string(now, LeadItems.ITEM_TYPE)) || bool(now, "test")) {
            return List.of();
        }
        String leadId = string(now, "leadId");
        Instant createdAt = instant(string(now, "createdAt"));
        Map<FunnelGroupBy, String> groups = groups(now);
        List<FunnelEvent> events = new ArrayList<>();
        switch (record.getEventName()) {
            case "INSERT" -> events.add(new FunnelEvent(leadId, FunnelStep.CAPTURED, createdAt, null, groups,
                    FunnelStep.CAPTURED.wireName()));
            case "MODIFY" -> {
                Long version = number(now, "version");
                if (version != null && version.equals(number(now, LeadMerges.MERGE_VERSION))) {
                    return List.of(); // a merge carried the stage over from the merged lead, counted there
                }
                Map<String, AttributeValue> before = change.getOldImage();
                int from = rank(string(before, "stage"));
                int to = rank(string(now, "stage"));
                Instant changedAt = changedAt(now);
                Instant mqlAt = instant(string(now, MQL_AT));
                if (crosses(from, to, Stage.MQL)) {
                    Instant at = mqlAt != null ? mqlAt : changedAt;
                    events.add(new FunnelEvent(leadId, FunnelStep.MQL, at, hoursBetween(createdAt, at), groups,
                            FunnelStep.MQL.wireName()));
                    // enrolled in a nurture sequence before it became an MQL: the nurture's MQLs, counted beside
                    Instant nurturedAt = instant(string(now, LeadItems.NURTURED_AT));
                    if (nurturedAt != null && at != null && !nurturedAt.isAfter(at)) {
                        events.add(new FunnelEvent(leadId, FunnelStep.MQL_AFTER_NURTURE, at, null, groups,
                                FunnelStep.MQL_AFTER_NURTURE.wireName()));
                    }
                }
                if (crosses(from, to, Stage.SQL)) {
                    events.add(new FunnelEvent(leadId, FunnelStep.SQL, changedAt, null, groups, FunnelStep.SQL.wireName()));
                }
                if (crosses(from, to, Stage.CUSTOMER)) {
                    events.add(new FunnelEvent(leadId, FunnelStep.WON, changedAt, null, groups, FunnelStep.WON.wireName()));
                }
                Instant firstActivity = instant(string(now, FIRST_ACTIVITY_AT));
                if (firstActivity != null && string(before, FIRST_ACTIVITY_AT) == null) {
                    events.add(new FunnelEvent(leadId, FunnelStep.FIRST_ACTIVITY, firstActivity,
                            mqlAt == null ? null : hoursBetween(mqlAt, firstActivity), groups,
                            FunnelStep.FIRST_ACTIVITY.wireName()));
                }
                String breachedAt = string(map(now, FOLLOW_UP), BREACHED_AT);
                if (breachedAt != null && !breachedAt.equals(string(map(before, FOLLOW_UP), BREACHED_AT))) {
                    events.add(new FunnelEvent(leadId, FunnelStep.SLA_BREACH, instant(breachedAt), null, groups,
                            FunnelStep.SLA_BREACH.wireName() + "#" + breachedAt));
                }
            }
            default -> {
                // a removed profile (erasure, merge) takes nothing back from the counts
            }
        }
        return events.stream().filter(e -> e.leadId() != null && e.at() != null).toList();
    }

    /** Along lead → MQL → SQL → opportunity → customer; disqualified and unknown stages stand before all. */
    private static int rank(String stage) {
        if (stage == null) {
            return -1;
        }
        return switch (stage) {
            case "lead" -> 0;
            case "MQL" -> 1;
            case "SQL" -> 2;
            case "opportunity" -> 3;
            case "customer" -> 4;
            default -> -1;
        };
    }

    private static boolean crosses(int from, int to, Stage stage) {
        int threshold = rank(stage.wireName());
        return from < threshold && to >= threshold;
    }

    /** The groups of a lead: from its first touch, so a lead stays in the group it came from. */
    private static Map<FunnelGroupBy, String> groups(Map<String, AttributeValue> lead) {
        Map<String, AttributeValue> touch = map(lead, "firstTouch");
        Map<String, AttributeValue> attribution = map(touch, "attribution");
        String channel = string(touch, "channel");
        String utmSource = string(attribution, "utmSource");
        Map<FunnelGroupBy, String> groups = new EnumMap<>(FunnelGroupBy.class);
        groups.put(FunnelGroupBy.SOURCE, group(utmSource != null && !utmSource.isBlank() ? utmSource : channel));
        groups.put(FunnelGroupBy.CHANNEL, group(channel));
        groups.put(FunnelGroupBy.FORM, group(string(touch, "formId")));
        groups.put(FunnelGroupBy.CAMPAIGN, group(string(attribution, "utmCampaign")));
        return groups;
    }

    /** A group value as counted: trimmed, without control characters, at most 64 characters. */
    static String group(String value) {
        if (value == null) {
            return FunnelGroupBy.NONE;
        }
        String cleaned = value.replaceAll("\\p{Cntrl}", " ").strip();
        if (cleaned.isEmpty()) {
            return FunnelGroupBy.NONE;
        }
        return cleaned.length() > MAX_GROUP_LENGTH ? cleaned.substring(0, MAX_GROUP_LENGTH) : cleaned;
    }

    private static Double hoursBetween(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Duration.between(from, to).toSeconds() / 3600.0;
    }

    /**
     * When the stage changed: {@code stageChangedAt} where written, else the later of the last
     * profile update (a sales change sets it) and the last scoring (a promotion to MQL).
     */
    private static Instant changedAt(Map<String, AttributeValue> lead) {
        Instant stageChangedAt = instant(string(lead, STAGE_CHANGED_AT));
        if (stageChangedAt != null) {
            return stageChangedAt;
        }
        Instant updatedAt = instant(string(lead, "updatedAt"));
        Instant scoredAt = instant(string(lead, "scoredAt"));
        if (updatedAt == null || scoredAt == null) {
            return updatedAt != null ? updatedAt : scoredAt;
        }
        return updatedAt.isAfter(scoredAt) ? updatedAt : scoredAt;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Map<String, AttributeValue> map(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null ? null : image.get(name).getM();
    }
}

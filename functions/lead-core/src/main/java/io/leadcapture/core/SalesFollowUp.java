package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * Where sales stands with a lead: who owns it and since when, when it first became an MQL or hot
 * (the follow-up clock starts), when its stage last changed, when sales first and last logged an
 * activity, and the follow-up SLA's state. {@code activities} is filled only when the lead is read
 * with its history (newest first). {@code nurturedAt} is when the lead first entered a nurture sequence
 * (set once; the funnel counts leads that became MQL after it). Every field may be null: a lead nobody was routed to has none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SalesFollowUp(String owner, Instant ownerSince, Instant mqlAt, Instant stageChangedAt,
                            Instant firstActivityAt, Instant lastActivityAt, FollowUp followUp,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Activity> activities, Instant nurturedAt) {
    public static final SalesFollowUp NONE = new SalesFollowUp(null, null, null, null, null, null, null, List.of());

    /** The state of a lead never enrolled in a nurture sequence. */
    public SalesFollowUp(String owner, Instant ownerSince, Instant mqlAt, Instant stageChangedAt, Instant firstActivityAt,
                         Instant lastActivityAt, FollowUp followUp, List<Activity> activities) {
        this(owner, ownerSince, mqlAt, stageChangedAt, firstActivityAt, lastActivityAt, followUp, activities, null);
    }

    public SalesFollowUp {
        activities = activities == null ? List.of() : List.copyOf(activities);
    }

    /** {@code s}, or {@link #NONE} for null. */
    public static SalesFollowUp orNone(SalesFollowUp s) {
        return s == null ? NONE : s;
    }

    public SalesFollowUp withActivities(List<Activity> newestFirst) {
        return new SalesFollowUp(owner, ownerSince, mqlAt, stageChangedAt, firstActivityAt, lastActivityAt, followUp,
                newestFirst, nurturedAt);
    }

    /**
     * The follow-up SLA of a lead: by when its owner must have made first contact, when that passed
     * without an activity or stage change, and to whom it was escalated.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FollowUp(Instant dueAt, Instant breachedAt, String escalatedTo) {
    }
}

package io.leadcapture.core.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A territory's follow-up SLA from routing.yaml: the owner of an MQL or hot lead makes first contact
 * (logs an activity or changes the stage) within {@code firstContactWithin} business hours; otherwise
 * the lead is escalated to {@code escalateTo} and, with {@code reassignOnBreach}, handed to the
 * territory's next active rep.
 */
public record FollowUpPolicy(Duration firstContactWithin, BusinessHours hours, String escalateTo,
                             boolean reassignOnBreach) {

    public FollowUpPolicy {
        Objects.requireNonNull(firstContactWithin, "firstContactWithin");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(escalateTo, "escalateTo");
        if (firstContactWithin.isNegative() || firstContactWithin.isZero()) {
            throw new IllegalArgumentException("firstContactWithinHours must be positive");
        }
    }

    /** When first contact is due for a window that started at {@code start}. */
    public Instant dueAt(Instant start) {
        return hours.deadline(start, firstContactWithin);
    }
}

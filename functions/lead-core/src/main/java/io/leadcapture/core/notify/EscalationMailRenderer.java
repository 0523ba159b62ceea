package io.leadcapture.core.notify;

import io.leadcapture.core.Lead;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The mail to a territory's {@code escalateTo} when a lead's owner missed the follow-up SLA: the
 * lead's summary (as the sales mail shows it), its owner, how long it waited and where to open it.
 * Pure; built on {@link SalesMailRenderer}, so everything from the lead is escaped the same way.
 */
public final class EscalationMailRenderer {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM uuuu HH:mm z", Locale.ENGLISH);

    private final SalesMailRenderer summary = new SalesMailRenderer();

    /**
     * @param owner       the rep who owned the lead during the window that ran out
     * @param windowStart when the window began (the lead became MQL or hot, or got this owner)
     * @param dueAt       when first contact was due
     * @param waited      the business time the lead waited until now
     * @param leadUrl     where the lead is read ({@code GET /leads/{leadId}})
     * @param reassignedTo the rep the lead was handed to, or null when it stays with its owner
     */
    public Mail render(Lead lead, String escalateTo, String owner, Instant windowStart, Instant dueAt, Instant now,
                       Duration waited, FollowUpPolicy policy, String leadUrl, String reassignedTo) {
        Objects.requireNonNull(lead, "lead");
        ZoneId zone = policy.hours().zone();
        List<String> details = List.of(
                "Owner: " + owner + ". No activity was logged and the stage did not change since "
                        + WHEN.format(windowStart.atZone(zone)) + ".",
                "First contact was due within " + hours(policy.firstContactWithin()) + " business hours, by "
                        + WHEN.format(dueAt.atZone(zone)) + ". The lead has waited " + hours(waited)
                        + " business hours (" + hours(Duration.between(windowStart, now)) + " hours in all).",
                reassignedTo == null ? "The lead stays with " + owner + "." : "The lead is now owned by " + reassignedTo + ".",
                "Open the lead: " + leadUrl);
        Mail mail = summary.render(lead, lead.interactions(), List.of(escalateTo), "follow-up overdue", details);
        String subject = "Follow-up overdue - " + mail.subject();
        if (subject.length() > Mail.MAX_SUBJECT_LENGTH) {
            subject = subject.substring(0, Mail.MAX_SUBJECT_LENGTH - 1) + "…";
        }
        return new Mail(subject, mail.html(), mail.text(), mail.to(), mail.replyTo());
    }

    /** Hours with one decimal where needed: 4, 4.5. */
    static String hours(Duration d) {
        long minutes = d.toMinutes();
        return minutes % 60 == 0 ? Long.toString(minutes / 60)
                : String.format(Locale.ROOT, "%.1f", minutes / 60.0);
    }
}

package io.leadcapture.application;

/**
 * What recording one bounce or complaint did.
 *
 * @param duplicate        it was recorded before (a redelivery): nothing changed
 * @param suppressed       addresses suppressed by it
 * @param counted          addresses whose transient bounce was counted
 * @param withdrawn        leads whose marketing consent it withdrew (a complaint)
 * @param withoutLead      addresses no lead owns (suppressed all the same)
 */
public record MailFeedbackOutcome(boolean duplicate, int suppressed, int counted, int withdrawn, int withoutLead) {
    static final MailFeedbackOutcome DUPLICATE = new MailFeedbackOutcome(true, 0, 0, 0, 0);
}

package io.leadcapture.notifications;

import io.leadcapture.core.notify.Mail;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.NotificationMarkers;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.time.Instant;

/**
 * A mail sent under its notification's claim, and the marker set by what SES answered: sent; released
 * when SES refused it (nothing left, a retry sends); uncertain when SES gave no answer (it may have
 * left: a retry sends again only after the stale-claim window, docs/notifications.md).
 */
final class ClaimedMail {
    private ClaimedMail() {
    }

    /**
     * @throws MailSender.NotSent SES refused the mail; the claim is released
     * @throws MailSender.Unknown SES gave no answer; the claim is marked uncertain
     */
    static void send(MailSender sender, NotificationMarkers markers, LeadMetrics metrics, Notification n, Mail mail,
                     Instant now) {
        try {
            String messageId = sender.send(mail);
            markers.markSent(n, messageId, mail.to(), mail.subject(), now);
        } catch (MailSender.NotSent e) {
            markers.release(n);
            metrics.count("MailRefused");
            throw e;
        } catch (MailSender.Unknown e) {
            markers.markUncertain(n, now);
            metrics.count("MailOutcomeUnknown");
            throw e;
        }
    }
}

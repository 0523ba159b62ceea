package io.leadcapture.core.notify;

import io.leadcapture.core.EmailAddresses;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One step of a nurture sequence as a mail: subject, text and HTML from nurture.yaml with
 * {firstName}, {unsubscribeUrl} and {linkUrl} filled in, the one-click unsubscribe link in the
 * {@code List-Unsubscribe} header and, when the body does not show it already, at its foot.
 * The first name is used only when it looks like one (letters, spaces, dots, hyphens, apostrophes;
 * at most 40): a name any post could have set can carry no link or text of someone else's choosing.
 */
public final class NurtureMailRenderer {
    private static final Pattern PLAIN_NAME = Pattern.compile("\\p{L}[\\p{L} .'\\-]{0,39}");
    private static final String UNSUBSCRIBE_DE = "Keine weiteren E-Mails erhalten";
    private static final String UNSUBSCRIBE_EN = "Unsubscribe";

    /**
     * @param recipient      the lead's address (its consent to this address is confirmed)
     * @param firstName      the lead's first name, or null
     * @param unsubscribeUrl the lead's one-click unsubscribe link
     * @param linkUrl        the step's tracked link (/r/…), or null when the step has none
     */
    public Mail render(String recipient, NurtureConfig.Step step, String firstName, String unsubscribeUrl, String linkUrl) {
        String to = EmailAddresses.normalise(recipient).filter(Mail::isSafeAddress)
                .orElseThrow(() -> new IllegalArgumentException("no deliverable address for a nurture mail"));
        String name = firstName == null || !PLAIN_NAME.matcher(firstName.strip()).matches() ? "" : firstName.strip();
        String subject = fill(step.subject(), name, unsubscribeUrl, linkUrl).strip();
        String text = fill(step.text(), name, unsubscribeUrl, linkUrl).strip() + "\n";
        String html = "<!doctype html><html><body style=\"font-family:sans-serif\">"
                + fill(step.html(), MailText.html(name), MailText.html(unsubscribeUrl),
                linkUrl == null ? null : MailText.html(linkUrl)).strip();
        if (!step.text().contains("{unsubscribeUrl}")) {
            text += "\n-- \n" + UNSUBSCRIBE_DE + " / " + UNSUBSCRIBE_EN + ":\n" + unsubscribeUrl + "\n";
        }
        if (!step.html().contains("{unsubscribeUrl}")) {
            html += "<hr><p style=\"font-size:smaller;color:#555\">" + MailText.html(UNSUBSCRIBE_DE) + " / "
                    + MailText.html(UNSUBSCRIBE_EN) + ": <a href=\"" + MailText.html(unsubscribeUrl) + "\">"
                    + MailText.html(unsubscribeUrl) + "</a></p>";
        }
        html += "</body></html>";
        return new Mail(subject, html, text, List.of(to), null, unsubscribeUrl);
    }

    /** The placeholders filled in; an empty first name takes the space before it along ("Hallo {firstName}," → "Hallo,"). */
    private static String fill(String template, String firstName, String unsubscribeUrl, String linkUrl) {
        String out = firstName.isEmpty() ? template.replace(" {firstName}", "").replace("{firstName}", "")
                : template.replace("{firstName}", firstName);
        out = out.replace("{unsubscribeUrl}", unsubscribeUrl);
        return linkUrl == null ? out : out.replace("{linkUrl}", linkUrl);
    }
}

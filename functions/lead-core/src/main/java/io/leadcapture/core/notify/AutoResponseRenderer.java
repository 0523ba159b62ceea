package io.leadcapture.core.notify;

import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormCatalog;
import java.util.List;

/**
 * A form's configured auto-response (forms.yaml {@code autoResponse}): subject and text from the
 * configuration and a neutral greeting. Nothing about the person but the address it goes to: the
 * post that asked for it is anonymous (see {@link OptInMailRenderer}).
 */
public final class AutoResponseRenderer {
    private static final String GREETING = "Guten Tag,";
    private static final String UNSUBSCRIBE_DE = "Keine weiteren E-Mails erhalten";
    private static final String UNSUBSCRIBE_EN = "Unsubscribe";

    /**
     * @param recipient the address the submission gave
     * @throws IllegalArgumentException when the recipient is not a deliverable address
     */
    public Mail render(String recipient, FormCatalog.AutoResponse response) {
        return render(recipient, response, null);
    }

    /**
     * @param unsubscribeUrl the lead's one-click unsubscribe link: in the {@code List-Unsubscribe}
     *                       header and at the foot of the text; null for none
     */
    public Mail render(String recipient, FormCatalog.AutoResponse response, String unsubscribeUrl) {
        String to = EmailAddresses.normalise(recipient).filter(Mail::isSafeAddress)
                .orElseThrow(() -> new IllegalArgumentException("no deliverable address for an auto-response"));
        String text = GREETING + "\n\n" + response.text().strip() + "\n";
        String body = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" + MailText.html(GREETING) + "</p>"
                + "<p>" + MailText.htmlLines(response.text().strip()) + "</p>";
        if (unsubscribeUrl != null) {
            text += "\n-- \n" + UNSUBSCRIBE_DE + " / " + UNSUBSCRIBE_EN + ":\n" + unsubscribeUrl + "\n";
            body += "<hr><p style=\"font-size:smaller;color:#555\">" + MailText.html(UNSUBSCRIBE_DE) + " / "
                    + MailText.html(UNSUBSCRIBE_EN) + ": <a href=\"" + MailText.html(unsubscribeUrl) + "\">"
                    + MailText.html(unsubscribeUrl) + "</a></p>";
        }
        body += "</body></html>";
        return new Mail(response.subject(), body, text, List.of(to), null, unsubscribeUrl);
    }
}

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

    /**
     * @param recipient the address the submission gave
     * @throws IllegalArgumentException when the recipient is not a deliverable address
     */
    public Mail render(String recipient, FormCatalog.AutoResponse response) {
        String to = EmailAddresses.normalise(recipient).filter(Mail::isSafeAddress)
                .orElseThrow(() -> new IllegalArgumentException("no deliverable address for an auto-response"));
        String text = GREETING + "\n\n" + response.text().strip() + "\n";
        String body = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" + MailText.html(GREETING) + "</p>"
                + "<p>" + MailText.htmlLines(response.text().strip()) + "</p></body></html>";
        return new Mail(response.subject(), body, text, List.of(to), null);
    }
}

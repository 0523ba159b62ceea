package io.leadcapture.core.notify;

import static io.leadcapture.core.notify.MailText.html;

import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Text;
import java.util.List;

/**
 * A form's configured auto-response (forms.yaml {@code autoResponse}): subject and text from the
 * configuration, a greeting with the lead's name HTML-escaped; nothing from the lead in a header.
 */
public final class AutoResponseRenderer {
    private static final int MAX_NAME = 80;

    public Mail render(Lead lead, FormCatalog.AutoResponse response) {
        String to = EmailAddresses.normalise(lead.profile().email()).filter(Mail::isSafeAddress)
                .orElseThrow(() -> new IllegalArgumentException("lead has no valid email for an auto-response"));
        String first = Text.singleLine(lead.profile().firstName());
        String name = first == null ? null : MailText.oneLine(first, MAX_NAME);
        String greeting = name == null ? "Guten Tag," : "Guten Tag " + name + ",";
        String text = greeting + "\n\n" + response.text().strip() + "\n";
        String body = "<!doctype html><html><body style=\"font-family:sans-serif\"><p>" + html(greeting) + "</p>"
                + "<p>" + MailText.htmlLines(response.text().strip()) + "</p></body></html>";
        return new Mail(response.subject(), body, text, List.of(to), null);
    }
}

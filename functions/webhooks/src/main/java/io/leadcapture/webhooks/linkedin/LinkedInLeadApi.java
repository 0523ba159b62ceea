package io.leadcapture.webhooks.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.webhooks.PlatformUnavailableException;

/**
 * The outbound side of the LinkedIn adapter. A Lead Sync notification names the form response but
 * carries no answers (they are fetched afterwards, as LinkedIn's Lead Sync API documentation says), and the
 * answers are keyed by question id, which the form's {@code content.questions[]} resolves to
 * {@code predefinedField}s. {@link HttpLinkedInLeadApi} is the implementation over {@code java.net.http}.
 */
public interface LinkedInLeadApi {

    /**
     * {@code GET /rest/leadFormResponses/{id}}.
     *
     * @param responseId    the id part of {@code urn:li:leadGenFormResponse:<id>}
     * @param deadlineNanos {@link System#nanoTime()} after which no further attempt is started
     * @throws Unavailable the response could not be read now; the notification must be redelivered
     */
    JsonNode formResponse(String responseId, long deadlineNanos);

    /**
     * {@code GET /rest/leadForms/{id}}: the form with its questions.
     *
     * @throws Unavailable the form could not be read now
     */
    JsonNode form(String formId, long deadlineNanos);

    /** LinkedIn did not hand out what was asked for; nothing about the lead may be assumed. Never carries a token. */
    final class Unavailable extends PlatformUnavailableException {
        public Unavailable(String message) {
            super(message);
        }
    }
}

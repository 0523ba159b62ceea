package io.leadcapture.application;

import java.util.Locale;

/**
 * What a capture did: the lead it landed on, the recorded interaction, whether the lead was new.
 *
 * @param replayed true when an earlier request with the same idempotency key already recorded it
 */
public record CaptureResult(String leadId, String interactionId, Outcome outcome, boolean replayed) {

    public enum Outcome {
        CREATED,
        MERGED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}

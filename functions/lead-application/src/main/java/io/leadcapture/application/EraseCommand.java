package io.leadcapture.application;

import java.time.Instant;
import java.util.Objects;

/**
 * Erase one lead and everything derived from the person's data.
 *
 * @param requestedBy who asks (recorded on the receipt)
 * @param reason      why, or null
 * @param deadline    when to stop taking new batches and answer "unfinished"; null for no limit
 */
public record EraseCommand(String leadId, String requestedBy, String reason, Instant deadline) {

    public EraseCommand {
        Objects.requireNonNull(leadId, "leadId");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }
}

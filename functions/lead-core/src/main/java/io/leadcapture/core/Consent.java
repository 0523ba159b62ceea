package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * Marketing consent as captured with one interaction: what the person saw (text version), when,
 * where, and a salted hash of the client IP as evidence. The raw IP is never kept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Consent(String purpose, ConsentStatus status, String textVersion, Instant capturedAt, String source,
                      String ipHash) {

    public static final String MARKETING = "marketing";

    public Consent {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
    }

    public static Consent none(Instant at, String source) {
        return new Consent(MARKETING, ConsentStatus.NONE, null, at, source, null);
    }

    /**
     * The lead's consent after this interaction. A pending opt-in, a grant or a confirmation
     * replaces a weaker state; an interaction without checkbox leaves the recorded consent alone. A
     * withdrawal stands: no submission lifts it (only the person's own double opt-in confirmation
     * does, through the confirmation link).
     */
    public Consent mergeInto(Consent current) {
        if (current == null) {
            return this;
        }
        if (status == ConsentStatus.NONE || current.status == ConsentStatus.WITHDRAWN) {
            return current;
        }
        if (status == ConsentStatus.WITHDRAWN) {
            return this;
        }
        return status.strength() >= current.status.strength() ? this : current;
    }
}

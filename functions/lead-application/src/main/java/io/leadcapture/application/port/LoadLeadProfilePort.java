package io.leadcapture.application.port;

import io.leadcapture.core.Lead;
import java.time.Duration;
import java.util.Optional;

/** The lead's profile (without its history), read strongly consistent, with the version a commit checks. */
public interface LoadLeadProfilePort {

    Optional<Lead> profile(String leadId);

    /** As {@link #profile(String)}, answered within {@code within} or failed as unavailable. */
    default Optional<Lead> profile(String leadId, Duration within) {
        return profile(leadId);
    }
}

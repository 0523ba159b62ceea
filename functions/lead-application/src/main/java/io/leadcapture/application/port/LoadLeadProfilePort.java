package io.leadcapture.application.port;

import io.leadcapture.core.Lead;
import java.util.Optional;

/** The lead's profile (without its history), read strongly consistent, with the version a commit checks. */
public interface LoadLeadProfilePort {

    Optional<Lead> profile(String leadId);
}

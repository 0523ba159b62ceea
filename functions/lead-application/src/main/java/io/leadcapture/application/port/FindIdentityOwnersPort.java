package io.leadcapture.application.port;

import java.time.Duration;

/** Which leads own an email and a phone: read strongly consistent, so a just-committed capture is seen. */
public interface FindIdentityOwnersPort {

    /**
     * @param email normalised email, or null
     * @param phone E.164 phone, or null
     */
    IdentityOwners owners(String email, String phone);

    /** As {@link #owners(String, String)}, answered within {@code within} or failed as unavailable. */
    default IdentityOwners owners(String email, String phone, Duration within) {
        return owners(email, phone);
    }

    /** The lead owning the email and the lead owning the phone; either may be null. */
    record IdentityOwners(String emailOwner, String phoneOwner) {
    }
}

package io.leadcapture.core;

/** What the store found for a submission's identities: the lead that owns the email and the lead that owns the phone (either may be null). */
public record IdentityMatch(String emailOwner, String phoneOwner) {

    public static final IdentityMatch NONE = new IdentityMatch(null, null);
}

package io.leadcapture.core;

/**
 * What the store found for a submission's identity keys: the lead that owns the email, and the lead
 * that owns the phone (either may be null) plus whether that phone lead already has an email.
 */
public record IdentityMatch(String emailOwner, String phoneOwner, boolean phoneOwnerHasEmail) {

    public static final IdentityMatch NONE = new IdentityMatch(null, null, false);
}

package io.leadcapture.core;

/** The keys under which a lead's identity is claimed: one per normalised email and per E.164 phone. */
public final class IdentityKeys {
    private IdentityKeys() {
    }

    public static String email(String normalisedEmail) {
        return "EMAIL#" + normalisedEmail;
    }

    public static String phone(String e164) {
        return "PHONE#" + e164;
    }
}

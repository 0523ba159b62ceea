package io.leadcapture.core;

/** B2B when a company is named or the email domain is a business domain; B2C otherwise. */
public final class Segments {
    private Segments() {
    }

    public static Segment derive(ContactProfile p, FreeMailDomains freeMail) {
        if (p.company() != null && !p.company().isBlank()) {
            return Segment.B2B;
        }
        if (p.email() != null && !freeMail.isFreeMail(EmailAddresses.domainOf(p.email()))) {
            return Segment.B2B;
        }
        return Segment.B2C;
    }
}

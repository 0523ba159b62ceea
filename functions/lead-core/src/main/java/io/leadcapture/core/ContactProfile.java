package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The normalised contact and firmographic data of a person. Every field is optional except that a
 * lead needs an email or a phone (checked where submissions are built).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContactProfile(String email, String phone, String firstName, String lastName, String company,
                             String jobTitle, String industry, String companySize, Boolean budgetResponsibility,
                             String country, String postalCode, String city, Segment segment) {

    public static final ContactProfile EMPTY =
            new ContactProfile(null, null, null, null, null, null, null, null, null, null, null, null, null);

    /**
     * Fields of {@code newer} win where they are present; absent fields keep what was known.
     * The segment is derived again from the merged data.
     */
    public ContactProfile overlay(ContactProfile newer, FreeMailDomains freeMail) {
        ContactProfile merged = new ContactProfile(
                pick(newer.email, email), pick(newer.phone, phone), pick(newer.firstName, firstName),
                pick(newer.lastName, lastName), pick(newer.company, company), pick(newer.jobTitle, jobTitle),
                pick(newer.industry, industry), pick(newer.companySize, companySize),
                newer.budgetResponsibility != null ? newer.budgetResponsibility : budgetResponsibility,
                pick(newer.country, country), pick(newer.postalCode, postalCode), pick(newer.city, city), null);
        return merged.withSegment(Segments.derive(merged, freeMail));
    }

    public ContactProfile withSegment(Segment s) {
        return new ContactProfile(email, phone, firstName, lastName, company, jobTitle, industry, companySize,
                budgetResponsibility, country, postalCode, city, s);
    }

    private static String pick(String newer, String older) {
        return newer != null ? newer : older;
    }
}

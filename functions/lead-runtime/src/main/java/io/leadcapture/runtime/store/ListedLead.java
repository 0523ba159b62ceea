package io.leadcapture.runtime.store;

/**
 * One lead as lists and the CSV export show it: the profile's current values, flat. Absent values are
 * null; {@code temperature} is null while the lead is not yet scored, {@code owner} until it is assigned.
 */
public record ListedLead(String leadId, String createdAt, String lastTouchAt, String stage, String temperature,
                         Integer score, String owner, String source, String email, String phone, String firstName,
                         String lastName, String company, String jobTitle, String industry, String companySize,
                         String country, String postalCode, String city, String segment, String consentStatus,
                         Long interactionCount, String firstTouchType, String firstTouchChannel, String utmSource,
                         String utmMedium, String utmCampaign) {

    /** First and last name as one, or null when the lead has neither. */
    public String name() {
        String joined = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).trim();
        return joined.isEmpty() ? null : joined;
    }
}

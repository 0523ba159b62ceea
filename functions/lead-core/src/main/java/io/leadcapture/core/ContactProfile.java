package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    /**
     * The fields an unverified submission may set: those this profile does not hold yet. What it
     * holds is kept; the segment is derived again from the result.
     */
    public ContactProfile fillMissing(ContactProfile newer, FreeMailDomains freeMail) {
        ContactProfile merged = new ContactProfile(
                pick(email, newer.email), pick(phone, newer.phone), pick(firstName, newer.firstName),
                pick(lastName, newer.lastName), pick(company, newer.company), pick(jobTitle, newer.jobTitle),
                pick(industry, newer.industry), pick(companySize, newer.companySize),
                budgetResponsibility != null ? budgetResponsibility : newer.budgetResponsibility,
                pick(country, newer.country), pick(postalCode, newer.postalCode), pick(city, newer.city), null);
        return merged.withSegment(Segments.derive(merged, freeMail));
    }

    /** The profile fields a submission may propose changes to: all but the email, which is the identity. */
    public static final List<String> CHANGEABLE_FIELDS = List.of(FieldNames.PHONE, FieldNames.FIRST_NAME,
            FieldNames.LAST_NAME, FieldNames.COMPANY, FieldNames.JOB_TITLE, FieldNames.INDUSTRY,
            FieldNames.COMPANY_SIZE, FieldNames.BUDGET_RESPONSIBILITY, FieldNames.COUNTRY, FieldNames.POSTAL_CODE,
            FieldNames.CITY);

    /** Each changeable field's value as text (null when absent), by its standard field name. */
    public Map<String, String> changeableValues() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FieldNames.PHONE, phone);
        m.put(FieldNames.FIRST_NAME, firstName);
        m.put(FieldNames.LAST_NAME, lastName);
        m.put(FieldNames.COMPANY, company);
        m.put(FieldNames.JOB_TITLE, jobTitle);
        m.put(FieldNames.INDUSTRY, industry);
        m.put(FieldNames.COMPANY_SIZE, companySize);
        m.put(FieldNames.BUDGET_RESPONSIBILITY, budgetResponsibility == null ? null : budgetResponsibility.toString());
        m.put(FieldNames.COUNTRY, country);
        m.put(FieldNames.POSTAL_CODE, postalCode);
        m.put(FieldNames.CITY, city);
        return m;
    }

    /** The fields where {@code newer} gives a value and this profile holds a different one: newer's values. */
    public Map<String, String> differingValues(ContactProfile newer) {
        Map<String, String> mine = changeableValues();
        Map<String, String> out = new LinkedHashMap<>();
        newer.changeableValues().forEach((field, value) -> {
            if (value != null && mine.get(field) != null && !Objects.equals(mine.get(field), value)) {
                out.put(field, value);
            }
        });
        return out;
    }

    /** This profile with one changeable field set to a stored (already normalised) value; segment derived again. */
    public ContactProfile with(String field, String value, FreeMailDomains freeMail) {
        String p = phone, fn = firstName, ln = lastName, co = company, jt = jobTitle, in = industry, cs = companySize,
                cy = country, pc = postalCode, ci = city;
        Boolean budget = budgetResponsibility;
        switch (field) {
            case FieldNames.PHONE -> p = value;
            case FieldNames.FIRST_NAME -> fn = value;
            case FieldNames.LAST_NAME -> ln = value;
            case FieldNames.COMPANY -> co = value;
            case FieldNames.JOB_TITLE -> jt = value;
            case FieldNames.INDUSTRY -> in = value;
            case FieldNames.COMPANY_SIZE -> cs = value;
            case FieldNames.BUDGET_RESPONSIBILITY -> budget = value == null ? null : Boolean.valueOf(value);
            case FieldNames.COUNTRY -> cy = value;
            case FieldNames.POSTAL_CODE -> pc = value;
            case FieldNames.CITY -> ci = value;
            default -> throw new IllegalArgumentException("not a changeable profile field: " + field);
        }
        ContactProfile changed = new ContactProfile(email, p, fn, ln, co, jt, in, cs, budget, cy, pc, ci, null);
        return changed.withSegment(Segments.derive(changed, freeMail));
    }

    public ContactProfile withSegment(Segment s) {
        return new ContactProfile(email, phone, firstName, lastName, company, jobTitle, industry, companySize,
                budgetResponsibility, country, postalCode, city, s);
    }

    private static String pick(String newer, String older) {
        return newer != null ? newer : older;
    }
}

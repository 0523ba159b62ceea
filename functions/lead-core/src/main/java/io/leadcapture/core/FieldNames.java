package io.leadcapture.core;

import java.util.Locale;
import java.util.Set;

/** The standard field vocabulary every form accepts, in snake_case; camelCase spellings map onto it. */
public final class FieldNames {
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String FIRST_NAME = "first_name";
    public static final String LAST_NAME = "last_name";
    public static final String FULL_NAME = "full_name";
    public static final String COMPANY = "company";
    public static final String JOB_TITLE = "job_title";
    public static final String INDUSTRY = "industry";
    public static final String COMPANY_SIZE = "company_size";
    public static final String BUDGET_RESPONSIBILITY = "budget_responsibility";
    public static final String COUNTRY = "country";
    public static final String POSTAL_CODE = "postal_code";
    public static final String CITY = "city";
    public static final String MESSAGE = "message";
    public static final String CONSENT = "consent";
    public static final String UTM_SOURCE = "utm_source";
    public static final String UTM_MEDIUM = "utm_medium";
    public static final String UTM_CAMPAIGN = "utm_campaign";
    public static final String UTM_TERM = "utm_term";
    public static final String UTM_CONTENT = "utm_content";
    public static final String GCLID = "gclid";
    public static final String FBCLID = "fbclid";
    public static final String MSCLKID = "msclkid";
    public static final String REFERRER = "referrer";
    public static final String LANDING_PAGE = "landing_page";

    public static final Set<String> STANDARD = Set.of(EMAIL, PHONE, FIRST_NAME, LAST_NAME, FULL_NAME, COMPANY,
            JOB_TITLE, INDUSTRY, COMPANY_SIZE, BUDGET_RESPONSIBILITY, COUNTRY, POSTAL_CODE, CITY, MESSAGE, CONSENT,
            UTM_SOURCE, UTM_MEDIUM, UTM_CAMPAIGN, UTM_TERM, UTM_CONTENT, GCLID, FBCLID, MSCLKID, REFERRER,
            LANDING_PAGE);

    private FieldNames() {
    }

    /**
     * {@code firstName} → {@code first_name}; {@code utmSource} → {@code utm_source}; {@code EMAIL} →
     * {@code email}; {@code E-Mail} → {@code e_mail}. A word break is an upper-case letter after a
     * lower-case letter or digit; hyphens and spaces become underscores.
     */
    public static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-' || c == ' ') {
                c = '_';
            }
            if (Character.isUpperCase(c) && i > 0
                    && (Character.isLowerCase(name.charAt(i - 1)) || Character.isDigit(name.charAt(i - 1)))) {
                sb.append('_');
            }
            sb.append(c);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}

package io.leadcapture.core;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the raw fields of a form post into a normalised {@link Submission}, or a
 * {@link ValidationException} naming every field that is wrong. Pure: no I/O.
 */
public final class SubmissionBuilder {
    public static final int MAX_CUSTOM_FIELDS = 25;
    public static final int MAX_FIELD_NAME = 64;
    public static final int MAX_CUSTOM_VALUE = 2000;
    public static final int MAX_VALUES_PER_FIELD = 20;
    public static final int MAX_STANDARD_VALUE = 256;
    public static final int MAX_MESSAGE = 5000;
    public static final int MAX_URL = 2048;

    private static final Set<String> TRUE = Set.of("true", "yes", "ja", "on", "1", "x", "checked", "y");
    private static final Set<String> FALSE = Set.of("false", "no", "nein", "off", "0", "", "n");

    private final FreeMailDomains freeMail;

    public SubmissionBuilder(FreeMailDomains freeMail) {
        this.freeMail = freeMail;
    }

    /** True when the form's honeypot field carries any value: a bot filled a field humans never see. */
    public boolean isSpam(FormDefinition form, FormFields fields) {
        List<String> trap = fields.asMap().get(form.honeypotField());
        return trap != null && trap.stream().anyMatch(v -> v != null && !v.isBlank());
    }

    public Submission build(FormDefinition form, FormFields fields, CaptureContext ctx) {
        Map<String, String> errors = new LinkedHashMap<>();
        Map<String, String> std = new LinkedHashMap<>();
        Map<String, List<String>> custom = new LinkedHashMap<>();

        for (Map.Entry<String, List<String>> e : fields.asMap().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("_") || Captcha.Provider.isTokenField(name)) {
                continue; // control fields (honeypot, idempotency key) and bot-check tokens are not answers
            }
            String canonical = canonicalNameCached(form, name);
            if (canonical != null) {
                // Invisible-only values (zero-width spaces, control characters) count as absent.
                String value = null;
                for (String v : e.getValue()) {
                    if (Text.singleLine(v) != null) {
                        value = v;
                        break;
                    }
                }
                if (value != null && !std.containsKey(canonical)) {
                    std.put(canonical, value);
                }
            } else {
                addCustom(custom, errors, name, e.getValue());
            }
        }
        if (custom.size() > MAX_CUSTOM_FIELDS) {
            errors.put("_fields", "at most " + MAX_CUSTOM_FIELDS + " custom fields are accepted");
        }
        for (String required : form.requiredFields()) {
            if (!std.containsKey(required)) {
                errors.put(required, "required");
            }
        }

        String email = null;
        if (std.containsKey(FieldNames.EMAIL)) {
            email = EmailAddresses.normalise(std.get(FieldNames.EMAIL)).orElse(null);
            if (email == null) {
                errors.put(FieldNames.EMAIL, EmailAddresses.problem(std.get(FieldNames.EMAIL)));
            }
        }
        String country = null;
        if (std.containsKey(FieldNames.COUNTRY)) {
            country = Countries.toIsoAlpha2(std.get(FieldNames.COUNTRY)).orElse(null);
            if (country == null) {
                errors.put(FieldNames.COUNTRY, "not a known country (use an ISO 3166-1 alpha-2 code)");
            }
        }
        String phone = null;
        if (std.containsKey(FieldNames.PHONE)) {
            String region = country != null ? country : form.defaultRegion();
            phone = PhoneNumbers.toE164(std.get(FieldNames.PHONE), region).orElse(null);
            if (phone == null) {
                errors.put(FieldNames.PHONE, "not a valid phone number");
            }
        }
        if (email == null && phone == null && !errors.containsKey(FieldNames.EMAIL) && !errors.containsKey(FieldNames.PHONE)) {
            errors.put(FieldNames.EMAIL, "an email address or a phone number is required");
        }

        Boolean budget = null;
        if (std.containsKey(FieldNames.BUDGET_RESPONSIBILITY)) {
            budget = bool(std.get(FieldNames.BUDGET_RESPONSIBILITY));
            if (budget == null) {
                errors.put(FieldNames.BUDGET_RESPONSIBILITY, "must be yes or no");
            }
        }
        ConsentStatus consentStatus = ConsentStatus.NONE;
        if (std.containsKey(FieldNames.CONSENT)) {
            Boolean ticked = bool(std.get(FieldNames.CONSENT));
            if (ticked == null) {
                errors.put(FieldNames.CONSENT, "must be a checkbox value (on/yes/true)");
            } else if (ticked) {
                consentStatus = form.doubleOptIn() ? ConsentStatus.PENDING : ConsentStatus.GRANTED;
            }
        }
        if (form.requiredFields().contains(FieldNames.CONSENT) && consentStatus == ConsentStatus.NONE) {
            errors.putIfAbsent(FieldNames.CONSENT, "required");
        }

        String firstName = oneLine(std, FieldNames.FIRST_NAME, errors);
        String lastName = oneLine(std, FieldNames.LAST_NAME, errors);
        String fullName = oneLine(std, FieldNames.FULL_NAME, errors);
        if (fullName != null && firstName == null && lastName == null) {
            int space = fullName.lastIndexOf(' ');
            firstName = space < 0 ? fullName : fullName.substring(0, space);
            lastName = space < 0 ? null : fullName.substring(space + 1);
        }
        String company = oneLine(std, FieldNames.COMPANY, errors);
        String jobTitle = oneLine(std, FieldNames.JOB_TITLE, errors);
        String industry = oneLine(std, FieldNames.INDUSTRY, errors);
        String companySizeRaw = oneLine(std, FieldNames.COMPANY_SIZE, errors);
        String companySize = companySizeRaw == null ? null : CompanySizes.band(companySizeRaw).orElse(companySizeRaw);
        String postalCode = oneLine(std, FieldNames.POSTAL_CODE, errors);
        String city = oneLine(std, FieldNames.CITY, errors);
        String message = Text.multiLine(std.get(FieldNames.MESSAGE));
        if (message != null && message.length() > MAX_MESSAGE) {
            errors.put(FieldNames.MESSAGE, "longer than " + MAX_MESSAGE + " characters");
        }

        String landingPage = url(std, FieldNames.LANDING_PAGE, errors);
        if (landingPage == null && ctx.referer() != null) {
            landingPage = validUrl(ctx.referer()); // the page that posted the form
        }
        Map<String, String> fromLanding = queryOf(landingPage);
        Attribution attribution = new Attribution(
                attr(std, FieldNames.UTM_SOURCE, fromLanding, errors), attr(std, FieldNames.UTM_MEDIUM, fromLanding, errors),
                attr(std, FieldNames.UTM_CAMPAIGN, fromLanding, errors), attr(std, FieldNames.UTM_TERM, fromLanding, errors),
                attr(std, FieldNames.UTM_CONTENT, fromLanding, errors), attr(std, FieldNames.GCLID, fromLanding, errors),
                attr(std, FieldNames.FBCLID, fromLanding, errors), attr(std, FieldNames.MSCLKID, fromLanding, errors),
                url(std, FieldNames.REFERRER, errors), landingPage);

        if (!errors.isEmpty()) {
            throw new ValidationException("validation_failed", "The submission has invalid or missing fields.", errors);
        }

        ContactProfile contact = new ContactProfile(email, phone, firstName, lastName, company, jobTitle, industry,
                companySize, budget, country, postalCode, city, null);
        contact = contact.withSegment(Segments.derive(contact, freeMail));
        Consent consent = new Consent(Consent.MARKETING, consentStatus, form.consentTextVersion(), ctx.occurredAt(),
                "form:" + form.id(), ctx.ipHash());
        Interaction interaction = new Interaction(ctx.interactionId(), form.interactionType(), form.channel(),
                form.interactionType().defaultDirection(), ctx.occurredAt(), form.id(), Map.of(), attribution, consent,
                message, custom, contact);
        return new Submission(contact, interaction, false);
    }

    /** Field names repeat across submissions; their canonical form is computed once per form and name. */
    private final Map<String, NameCache> canonicalNames = new ConcurrentHashMap<>();

    private record NameCache(FormDefinition form, Map<String, String> names) {
    }

    private static final String CUSTOM = "";

    private String canonicalNameCached(FormDefinition form, String name) {
        NameCache cache = canonicalNames.get(form.id());
        if (cache == null || cache.form() != form) {
            cache = new NameCache(form, new ConcurrentHashMap<>());
            canonicalNames.put(form.id(), cache);
        }
        String known = cache.names().get(name);
        if (known == null) {
            String c = canonicalName(form, name);
            known = c == null ? CUSTOM : c;
            if (cache.names().size() < 2048) { // bounded: field names come from the internet
                cache.names().put(name, known);
            }
        }
        return known.isEmpty() ? null : known;
    }

    /** The standard field name {@code name} stands for on {@code form} (an alias or a spelling of one), or null. */
    public static String canonicalName(FormDefinition form, String name) {
        String trimmed = name.strip();
        String alias = form.aliases().get(trimmed.toLowerCase(Locale.ROOT));
        if (alias != null) {
            return alias;
        }
        String snake = FieldNames.snakeCase(trimmed);
        if (FieldNames.STANDARD.contains(snake)) {
            return snake;
        }
        alias = form.aliases().get(snake);
        return alias;
    }

    private static void addCustom(Map<String, List<String>> custom, Map<String, String> errors, String name,
                                  List<String> values) {
        String key = Text.singleLine(name);
        if (key == null) {
            return;
        }
        if (key.length() > MAX_FIELD_NAME) {
            errors.put(key.substring(0, MAX_FIELD_NAME) + "…", "field name longer than " + MAX_FIELD_NAME + " characters");
            return;
        }
        if (values.size() > MAX_VALUES_PER_FIELD) {
            errors.put(key, "more than " + MAX_VALUES_PER_FIELD + " values");
            return;
        }
        List<String> cleaned = new ArrayList<>();
        for (String v : values) {
            String c = Text.multiLine(v);
            if (c == null) {
                continue;
            }
            if (c.length() > MAX_CUSTOM_VALUE) {
                errors.put(key, "longer than " + MAX_CUSTOM_VALUE + " characters");
                return;
            }
            cleaned.add(c);
        }
        if (!cleaned.isEmpty()) {
            custom.merge(key, cleaned, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return all;
            });
        }
    }

    private static String oneLine(Map<String, String> std, String field, Map<String, String> errors) {
        String v = Text.singleLine(std.get(field));
        if (v != null && v.length() > MAX_STANDARD_VALUE) {
            errors.put(field, "longer than " + MAX_STANDARD_VALUE + " characters");
            return null;
        }
        return v;
    }

    private static String attr(Map<String, String> std, String field, Map<String, String> fromLanding,
                               Map<String, String> errors) {
        String v = oneLine(std, field, errors);
        return v != null ? v : fromLanding.get(field);
    }

    private static String url(Map<String, String> std, String field, Map<String, String> errors) {
        String raw = Text.singleLine(std.get(field));
        if (raw == null) {
            return null;
        }
        String v = validUrl(raw);
        if (v == null) {
            errors.put(field, "not an http(s) URL");
        }
        return v;
    }

    private static String validUrl(String raw) {
        String s = Text.singleLine(raw);
        if (s == null || s.length() > MAX_URL) {
            return null;
        }
        try {
            URI u = URI.create(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null ? s : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** utm_* and click ids from the landing page URL, for pages that do not copy them into hidden fields. */
    private static Map<String, String> queryOf(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        if (url == null) {
            return out;
        }
        int start = url.indexOf('?');
        if (start < 0) {
            return out;
        }
        int end = url.indexOf('#', start);
        String q = url.substring(start + 1, end < 0 ? url.length() : end);
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                String v = Text.singleLine(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                if (v != null && v.length() <= MAX_STANDARD_VALUE && (k.startsWith("utm_") || k.endsWith("clid"))) {
                    out.putIfAbsent(k, v);
                }
            } catch (IllegalArgumentException ignored) {
                // a malformed landing-page query only loses its campaign hints, never the lead
            }
        }
        return out;
    }

    private static Boolean bool(String raw) {
        String v = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(v)) {
            return true;
        }
        if (FALSE.contains(v)) {
            return false;
        }
        return null;
    }

}

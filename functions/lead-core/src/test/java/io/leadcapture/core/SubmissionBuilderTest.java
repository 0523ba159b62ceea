package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubmissionBuilderTest {
    private static final FormCatalog CATALOG = FormCatalog.bundled();
    private static final Instant AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final CaptureContext CTX = new CaptureContext("int-1", AT, "iphash-abc", null);

    private final SubmissionBuilder builder = new SubmissionBuilder(FreeMailDomains.bundled());

    private static FormDefinition form(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    /** A form with no required fields, to test the email-or-phone rule on its own. */
    private static final FormDefinition OPEN_FORM = new FormDefinition("open", InteractionType.QUIZ, "web_form", "DE",
            List.of(), URI.create("https://example.de/danke"), List.of(), Map.of(), "quiz-1", false, "website");

    private static FormFields fields(String... nameValue) {
        FormFields f = new FormFields();
        for (int i = 0; i < nameValue.length; i += 2) {
            f.add(nameValue[i], nameValue[i + 1]);
        }
        return f;
    }

    private Submission build(String formId, String... nameValue) {
        return builder.build(form(formId), fields(nameValue), CTX);
    }

    private ValidationException rejected(FormDefinition form, FormFields fields) {
        return rejected(form, fields, CTX);
    }

    private ValidationException rejected(FormDefinition form, FormFields fields, CaptureContext ctx) {
        Throwable t = catchThrowable(() -> builder.build(form, fields, ctx));
        assertThat(t).isInstanceOf(ValidationException.class);
        ValidationException e = (ValidationException) t;
        assertThat(e.code()).isEqualTo("validation_failed");
        return e;
    }

    private ValidationException rejected(String formId, String... nameValue) {
        return rejected(form(formId), fields(nameValue));
    }

    @Nested
    class ContactData {
        @Test
        void umlautsSurvive() {
            Submission s = build("contact", "first_name", "Jörg", "last_name", "Weiß", "company", "Müller & Söhne GmbH",
                    "city", "Zürich", "email", "Joerg.Weiss@Müller-Söhne.de");

            ContactProfile c = s.contact();
            assertThat(c.firstName()).isEqualTo("Jörg");
            assertThat(c.lastName()).isEqualTo("Weiß");
            assertThat(c.company()).isEqualTo("Müller & Söhne GmbH");
            assertThat(c.city()).isEqualTo("Zürich");
            assertThat(c.email()).isEqualTo("joerg.weiss@müller-söhne.de");
            assertThat(c.segment()).isEqualTo(Segment.B2B);
        }

        @Test
        void emailWithUmlautBeforeTheAtIsRefusedSayingWhy() {
            ValidationException e = rejected("contact", "email", "jörg@firma.de", "first_name", "Jörg");
            assertThat(e.fields()).containsOnly(Map.entry("email", EmailAddresses.NON_ASCII_LOCAL_PART));
        }

        @Test
        void decomposedUmlautsAreComposed() {
            Submission s = build("contact", "email", "a@b.de", "first_name", "Jo\u0308rg", "city", "Zu\u0308rich");
            assertThat(s.contact().firstName()).isEqualTo("J\u00f6rg");
            assertThat(s.contact().city()).isEqualTo("Z\u00fcrich");
        }

        @Test
        void camelCaseNamesMap() {
            Submission s = build("contact", "email", "max@firma.de", "firstName", "Max", "lastName", "Mustermann",
                    "jobTitle", "CTO", "postalCode", "10115", "companySize", "51 bis 250", "budgetResponsibility", "ja",
                    "utmSource", "newsletter");

            ContactProfile c = s.contact();
            assertThat(c.firstName()).isEqualTo("Max");
            assertThat(c.lastName()).isEqualTo("Mustermann");
            assertThat(c.jobTitle()).isEqualTo("CTO");
            assertThat(c.postalCode()).isEqualTo("10115");
            assertThat(c.companySize()).isEqualTo("51-250");
            assertThat(c.budgetResponsibility()).isTrue();
            assertThat(s.interaction().attribution().utmSource()).isEqualTo("newsletter");
            assertThat(s.interaction().customAnswers()).isEmpty();
        }

        @Test
        void snakeCaseNamesMap() {
            Submission s = build("contact", "email", "max@firma.de", "first_name", "Max", "last_name", "Mustermann",
                    "job_title", "CTO", "industry", "Maschinenbau", "postal_code", "10115", "company_size", "120",
                    "budget_responsibility", "no", "utm_campaign", "frühling");

            ContactProfile c = s.contact();
            assertThat(c.firstName()).isEqualTo("Max");
            assertThat(c.lastName()).isEqualTo("Mustermann");
            assertThat(c.jobTitle()).isEqualTo("CTO");
            assertThat(c.industry()).isEqualTo("Maschinenbau");
            assertThat(c.postalCode()).isEqualTo("10115");
            assertThat(c.companySize()).isEqualTo("51-250");
            assertThat(c.budgetResponsibility()).isFalse();
            assertThat(s.interaction().attribution().utmCampaign()).isEqualTo("frühling");
        }

        @Test
        void germanAliasesMap() {
            Submission s = build("contact", "E_Mail", "max@firma.de", "Vorname", "Jörg", "nachname", "Weiß",
                    "firma", "Müller & Söhne GmbH", "telefon", "044 668 18 00", "position", "Einkauf",
                    "branche", "Handel", "plz", "8001", "ort", "Zürich", "land", "Schweiz", "nachricht", "Hallo",
                    "einwilligung", "ja");

            ContactProfile c = s.contact();
            assertThat(c.email()).isEqualTo("max@firma.de");
            assertThat(c.firstName()).isEqualTo("Jörg");
            assertThat(c.lastName()).isEqualTo("Weiß");
            assertThat(c.company()).isEqualTo("Müller & Söhne GmbH");
            assertThat(c.jobTitle()).isEqualTo("Einkauf");
            assertThat(c.industry()).isEqualTo("Handel");
            assertThat(c.postalCode()).isEqualTo("8001");
            assertThat(c.city()).isEqualTo("Zürich");
            assertThat(c.country()).isEqualTo("CH");
            // no +41 given: the national number is read in the country field's region (CH), not the form's DE
            assertThat(c.phone()).isEqualTo("+41446681800");
            assertThat(s.interaction().message()).isEqualTo("Hallo");
            assertThat(s.interaction().consent().status()).isEqualTo(ConsentStatus.PENDING);
            assertThat(s.interaction().customAnswers()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"EMAIL", "E-Mail"})
        void upperCaseEmailFieldNamesMap(String name) {
            Submission s = build("contact", name, "max@firma.de");
            assertThat(s.contact().email()).isEqualTo("max@firma.de");
            assertThat(s.interaction().customAnswers()).isEmpty();
        }

        @Test
        void unternehmenAliasAndPhoneInDefaultRegion() {
            Submission s = build("demo", "email", "max@firma.de", "unternehmen", "ACME AG", "telefon", "0151 23456789");
            assertThat(s.contact().company()).isEqualTo("ACME AG");
            assertThat(s.contact().phone()).isEqualTo("+4915123456789");
        }

        @ParameterizedTest(name = "[{index}] {0}={1} -> {2} / {3}")
        @CsvSource({
                "name, Jörg Weiß, Jörg, Weiß",
                "full_name, Anna Maria Schmidt, Anna Maria, Schmidt",
                "fullName, '  Jörg   Weiß  ', Jörg, Weiß",
                "name, Cher, Cher, ",
        })
        void fullNameIsSplitAtTheLastSpace(String field, String value, String first, String last) {
            Submission s = build("contact", "email", "a@b.de", field, value);
            assertThat(s.contact().firstName()).isEqualTo(first);
            assertThat(s.contact().lastName()).isEqualTo(last);
        }

        @Test
        void fullNameIsIgnoredWhenFirstOrLastNameIsGiven() {
            Submission s = build("contact", "email", "a@b.de", "name", "Erika Mustermann", "first_name", "Max");
            assertThat(s.contact().firstName()).isEqualTo("Max");
            assertThat(s.contact().lastName()).isNull();
        }

        @Test
        void emailIsNormalisedAndFirstNonBlankValueWins() {
            FormFields f = new FormFields().add("email", "  ").add("email", "  Max@Firma.DE ").add("email", "other@firma.de")
                    .add("vorname", "Erster").add("first_name", "Zweiter");
            Submission s = builder.build(form("contact"), f, CTX);
            assertThat(s.contact().email()).isEqualTo("max@firma.de");
            assertThat(s.contact().firstName()).isEqualTo("Erster");
        }

        @Test
        void phoneIsParsedInTheCountryFieldsRegion() {
            Submission at = build("contact", "email", "a@b.de", "phone", "0664 1234567", "country", "Österreich");
            Submission de = build("contact", "email", "a@b.de", "phone", "0664 1234567");
            Submission intl = build("contact", "email", "a@b.de", "phone", "+43 1 5121234");

            assertThat(at.contact().phone()).isEqualTo("+436641234567");
            assertThat(at.contact().country()).isEqualTo("AT");
            assertThat(de.contact().phone()).isEqualTo("+496641234567");
            assertThat(de.contact().country()).isNull();
            assertThat(intl.contact().phone()).isEqualTo("+4315121234");
        }

        @Test
        void unknownCompanySizeIsKeptAsTyped() {
            assertThat(build("contact", "email", "a@b.de", "company_size", "ca. 120").contact().companySize())
                    .isEqualTo("ca. 120");
        }

        @ParameterizedTest(name = "[{index}] {0} / company={1} -> {2}")
        @CsvSource({"max@gmail.com, , B2C", "max@web.de, , B2C", "max@web.de, Max GmbH, B2B", "max@firma.de, , B2B"})
        void segment(String email, String company, Segment expected) {
            FormFields f = fields("email", email);
            if (company != null) {
                f.add("company", company);
            }
            assertThat(builder.build(form("contact"), f, CTX).contact().segment()).isEqualTo(expected);
        }

        @Test
        void crLfInNamesNeverSurvive() {
            Submission s = build("contact", "email", "a@b.de", "first_name", "Max\r\nBcc: evil@example.com",
                    "last_name", "Muster\nmann", "company", "ACME\rInc", "Frage\r\nX-Header", "Antwort");

            ContactProfile c = s.contact();
            assertThat(List.of(c.firstName(), c.lastName(), c.company()))
                    .containsExactly("Max Bcc: evil@example.com", "Muster mann", "ACME Inc")
                    .noneMatch(v -> v.contains("\r") || v.contains("\n"));
            assertThat(s.interaction().customAnswers()).containsOnlyKeys("Frage X-Header");
        }
    }

    @Nested
    class Validation {
        @Test
        void missingRequiredFieldsAreNamed() {
            ValidationException e = rejected("demo", "first_name", "Max");
            assertThat(e.fields()).containsOnly(Map.entry("email", "required"), Map.entry("company", "required"));
        }

        @Test
        void blankValueDoesNotSatisfyRequired() {
            ValidationException e = rejected("demo", "email", "max@firma.de", "company", "   ");
            assertThat(e.fields()).containsOnly(Map.entry("company", "required"));
        }

        @Test
        void invisibleValueDoesNotSatisfyRequired() {
            ValidationException e = rejected("demo", "email", "max@firma.de", "company", "\u200B");
            assertThat(e.fields()).containsOnly(Map.entry("company", "required"));
        }

        @Test
        void callbackRequiresPhoneEvenWithEmail() {
            ValidationException e = rejected("callback", "email", "max@firma.de");
            assertThat(e.fields()).containsOnly(Map.entry("phone", "required"));
        }

        @Test
        void callbackWithPhoneOnlyIsAccepted() {
            Submission s = build("callback", "telefon", "030 1234567", "vorname", "Max");
            assertThat(s.contact().email()).isNull();
            assertThat(s.contact().phone()).isEqualTo("+49301234567");
            assertThat(s.interaction().type()).isEqualTo(InteractionType.CALLBACK_REQUEST);
        }

        @Test
        void everyInvalidFieldIsReportedAtOnce() {
            ValidationException e = rejected("contact", "email", "kein-at-zeichen", "phone", "12", "country", "Atlantis",
                    "consent", "vielleicht", "budget_responsibility", "manchmal", "referrer", "javascript:alert(1)",
                    "landing_page", "keine url");

            assertThat(e.fields()).containsOnly(
                    Map.entry("email", "not a valid email address"),
                    Map.entry("phone", "not a valid phone number"),
                    Map.entry("country", "not a known country (use an ISO 3166-1 alpha-2 code)"),
                    Map.entry("consent", "must be a checkbox value (on/yes/true)"),
                    Map.entry("budget_responsibility", "must be yes or no"),
                    Map.entry("referrer", "not an http(s) URL"),
                    Map.entry("landing_page", "not an http(s) URL"));
        }

        @Test
        void contactNeedsEmailOrPhone() {
            ValidationException e = rejected(OPEN_FORM, fields("first_name", "Max", "company", "ACME"));
            assertThat(e.fields()).containsOnly(Map.entry("email", "an email address or a phone number is required"));

            Submission phoneOnly = builder.build(OPEN_FORM, fields("phone", "+49 30 1234567"), CTX);
            assertThat(phoneOnly.contact().phone()).isEqualTo("+49301234567");
            assertThat(phoneOnly.contact().email()).isNull();
        }

        @Test
        void invalidPhoneAloneIsReportedOnPhoneNotAsMissingContact() {
            ValidationException e = rejected(OPEN_FORM, fields("phone", "abc"));
            assertThat(e.fields()).containsOnly(Map.entry("phone", "not a valid phone number"));
        }

        @Test
        void emptyContactFormReportsEmailRequired() {
            ValidationException e = rejected("contact");
            assertThat(e.fields()).containsOnly(Map.entry("email", "required"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"no", "nein", "off", "0"})
        void newsletterConsentIsRequired(String unticked) {
            assertThat(rejected("newsletter", "email", "a@b.de", "consent", unticked).fields())
                    .containsOnly(Map.entry("consent", "required"));
            assertThat(rejected("newsletter", "email", "a@b.de").fields())
                    .containsOnly(Map.entry("consent", "required"));
        }

        @Test
        void standardValueIsLimitedTo256Characters() {
            assertThat(build("contact", "email", "a@b.de", "company", "x".repeat(256)).contact().company()).hasSize(256);
            assertThat(rejected("contact", "email", "a@b.de", "company", "x".repeat(257)).fields())
                    .containsOnlyKeys("company");
        }

        @Test
        void messageIsLimitedTo5000Characters() {
            assertThat(build("contact", "email", "a@b.de", "message", "m".repeat(5000)).interaction().message()).hasSize(5000);
            assertThat(rejected("contact", "email", "a@b.de", "message", "m".repeat(5001)).fields())
                    .containsOnlyKeys("message");
        }
    }

    @Nested
    class Consents {
        @Test
        void tickedOnDoubleOptInFormIsPending() {
            Submission s = build("newsletter", "email", "a@b.de", "consent", "on");
            assertThat(s.interaction().consent()).isEqualTo(new Consent("marketing", ConsentStatus.PENDING,
                    "newsletter-2026-01", AT, "form:newsletter", "iphash-abc"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"on", "yes", "true", "ja", "1", "X", "Checked", " ON "})
        void tickedOnAnyPublicFormIsPendingUntilConfirmed(String ticked) {
            Submission s = build("contact", "email", "a@b.de", "consent", ticked);
            assertThat(s.interaction().consent()).isEqualTo(new Consent("marketing", ConsentStatus.PENDING,
                    "contact-2026-01", AT, "form:contact", "iphash-abc"));
        }

        @Test
        void absentOrUntickedIsNoneWithEvidence() {
            for (Submission s : List.of(build("whitepaper", "email", "a@b.de"),
                    build("whitepaper", "email", "a@b.de", "consent", "nein"),
                    build("whitepaper", "email", "a@b.de", "consent", ""))) {
                assertThat(s.interaction().consent()).isEqualTo(new Consent("marketing", ConsentStatus.NONE,
                        "whitepaper-2026-01", AT, "form:whitepaper", "iphash-abc"));
            }
        }
    }

    @Nested
    class CustomAnswers {
        @Test
        void customAnswersAreKeptAndControlFieldsDropped() {
            FormFields f = fields("email", "a@b.de", "Wie haben Sie von uns erfahren?", "Messe",
                    "_gotcha", "", "_idempotency_key", "abc-123", "nachricht", "Zeile 1\r\nZeile 2")
                    .add("interesse", "CRM").add("interesse", "ERP").add("interesse", " ")
                    .add("kommentar", "a\r\nb").add("leer", "   ");

            Submission s = builder.build(form("contact"), f, CTX);

            assertThat(s.interaction().customAnswers()).containsOnly(
                    Map.entry("Wie haben Sie von uns erfahren?", List.of("Messe")),
                    Map.entry("interesse", List.of("CRM", "ERP")),
                    Map.entry("kommentar", List.of("a\nb")));
            assertThat(s.interaction().message()).isEqualTo("Zeile 1\nZeile 2");
        }

        @Test
        void botCheckTokensAreNeverAnswersOnAnyForm() {
            String token = "0." + "x".repeat(2040); // longer than a custom answer may be
            for (String form : List.of("sweepstake", "contact")) {
                Submission s = builder.build(form(form), fields("email", "a@b.de", "cf-turnstile-response", token,
                        "g-recaptcha-response", token, "h-captcha-response", token, "teilnahmebedingungen", "on"), CTX);

                assertThat(s.interaction().customAnswers()).as(form)
                        .containsOnly(Map.entry("teilnahmebedingungen", List.of("on")));
            }
        }

        @Test
        void atMost25CustomFields() {
            FormFields ok = fields("email", "a@b.de");
            FormFields tooMany = fields("email", "a@b.de");
            for (int i = 1; i <= 26; i++) {
                if (i <= 25) {
                    ok.add("frage" + i, "antwort");
                }
                tooMany.add("frage" + i, "antwort");
            }
            assertThat(builder.build(form("contact"), ok, CTX).interaction().customAnswers()).hasSize(25);
            assertThat(rejected(form("contact"), tooMany).fields()).containsOnlyKeys("_fields");
        }

        @Test
        void customValueIsLimitedTo2000Characters() {
            assertThat(build("contact", "email", "a@b.de", "notiz", "n".repeat(2000)).interaction().customAnswers()
                    .get("notiz")).containsExactly("n".repeat(2000));
            assertThat(rejected("contact", "email", "a@b.de", "notiz", "n".repeat(2001)).fields())
                    .containsOnly(Map.entry("notiz", "longer than 2000 characters"));
        }

        @Test
        void customFieldNameIsLimitedTo64Characters() {
            String name64 = "f".repeat(64);
            assertThat(build("contact", "email", "a@b.de", name64, "v").interaction().customAnswers()).containsOnlyKeys(name64);
            assertThat(rejected("contact", "email", "a@b.de", "g".repeat(65), "v").fields())
                    .containsOnly(Map.entry("g".repeat(64) + "…", "field name longer than 64 characters"));
        }

        @Test
        void atMost20ValuesPerCustomField() {
            FormFields f = fields("email", "a@b.de");
            for (int i = 0; i < 21; i++) {
                f.add("tags", "t" + i);
            }
            assertThat(rejected(form("contact"), f).fields()).containsOnly(Map.entry("tags", "more than 20 values"));
        }
    }

    @Nested
    class AttributionFromPostAndReferer {
        private CaptureContext referer(String referer) {
            return new CaptureContext("int-1", AT, "iphash-abc", referer);
        }

        @Test
        void landingPageAndCampaignFromReferer() {
            String page = "https://www.example.de/angebot?utm_source=google&utm_medium=cpc&utm_campaign=fr%C3%BChling"
                    + "&UTM_Term=crm+software&gclid=abc123&other=x";
            Submission s = builder.build(form("contact"), fields("email", "a@b.de"), referer(page));

            Attribution a = s.interaction().attribution();
            assertThat(a.landingPage()).isEqualTo(page);
            assertThat(a.utmSource()).isEqualTo("google");
            assertThat(a.utmMedium()).isEqualTo("cpc");
            assertThat(a.utmCampaign()).isEqualTo("frühling");
            assertThat(a.utmTerm()).isEqualTo("crm software");
            assertThat(a.gclid()).isEqualTo("abc123");
            assertThat(a.utmContent()).isNull();
            assertThat(a.referrer()).isNull();
        }

        @Test
        void postedUtmFieldWinsOverTheQueryString() {
            Submission s = builder.build(form("contact"),
                    fields("email", "a@b.de", "utm_source", "newsletter", "utmMedium", "email"),
                    referer("https://www.example.de/?utm_source=google&utm_medium=cpc&utm_content=banner"));

            Attribution a = s.interaction().attribution();
            assertThat(a.utmSource()).isEqualTo("newsletter");
            assertThat(a.utmMedium()).isEqualTo("email");
            assertThat(a.utmContent()).isEqualTo("banner");
        }

        @Test
        void postedLandingPageWinsOverTheReferer() {
            Submission s = builder.build(form("contact"),
                    fields("email", "a@b.de", "landing_page", "https://lp.example.de/x?utm_source=linkedin"),
                    referer("https://www.example.de/?utm_source=google"));

            assertThat(s.interaction().attribution().landingPage()).isEqualTo("https://lp.example.de/x?utm_source=linkedin");
            assertThat(s.interaction().attribution().utmSource()).isEqualTo("linkedin");
        }

        @ParameterizedTest
        @ValueSource(strings = {"android-app://com.google.android.gm/", "not a url", "https:///nohost",
                "https://x.de/?utm_source=%ZZ"})
        void unusableRefererIsIgnoredWithoutError(String bad) {
            Submission s = builder.build(form("contact"), fields("email", "a@b.de"), referer(bad));
            assertThat(s.interaction().attribution()).isEqualTo(Attribution.EMPTY);
        }

        @Test
        void referrerFieldMustBeHttpUrl() {
            Submission ok = build("contact", "email", "a@b.de", "referrer", "https://www.google.com/");
            assertThat(ok.interaction().attribution().referrer()).isEqualTo("https://www.google.com/");

            for (String bad : List.of("javascript:alert(1)", "ftp://files.example.de/x", "www.google.com", "http://")) {
                assertThat(rejected("contact", "email", "a@b.de", "referrer", bad).fields())
                        .as(bad).containsOnly(Map.entry("referrer", "not an http(s) URL"));
            }
        }

        @Test
        void clickIdsAreTaken() {
            Submission s = build("contact", "email", "a@b.de", "fbclid", "fb-1", "msclkid", "ms-1", "utm_term", "t",
                    "utm_content", "c");
            Attribution a = s.interaction().attribution();
            assertThat(a.fbclid()).isEqualTo("fb-1");
            assertThat(a.msclkid()).isEqualTo("ms-1");
            assertThat(a.utmTerm()).isEqualTo("t");
            assertThat(a.utmContent()).isEqualTo("c");
        }
    }

    @Test
    void interactionCarriesTheFormAndContext() {
        Submission s = build("demo", "email", "max@firma.de", "company", "ACME");

        Interaction i = s.interaction();
        assertThat(i.interactionId()).isEqualTo("int-1");
        assertThat(i.type()).isEqualTo(InteractionType.DEMO_REQUEST);
        assertThat(i.channel()).isEqualTo("web_form");
        assertThat(i.direction()).isEqualTo(Direction.INBOUND);
        assertThat(i.occurredAt()).isEqualTo(AT);
        assertThat(i.formId()).isEqualTo("demo");
        assertThat(i.sourceIds()).isEmpty();
        assertThat(i.message()).isNull();
        assertThat(s.test()).isFalse();
    }

    @Nested
    class Honeypot {
        @Test
        void filledHoneypotIsSpam() {
            assertThat(builder.isSpam(form("contact"), fields("email", "a@b.de", "_gotcha", "http://spam.example"))).isTrue();
            assertThat(builder.isSpam(form("contact"), new FormFields().add("_gotcha", "").add("_gotcha", "x"))).isTrue();
        }

        @Test
        void emptyOrAbsentHoneypotIsNotSpam() {
            assertThat(builder.isSpam(form("contact"), fields("email", "a@b.de", "_gotcha", ""))).isFalse();
            assertThat(builder.isSpam(form("contact"), fields("email", "a@b.de", "_gotcha", "   "))).isFalse();
            assertThat(builder.isSpam(form("contact"), fields("email", "a@b.de"))).isFalse();
        }

        @Test
        void formSpecificHoneypotField() {
            assertThat(builder.isSpam(OPEN_FORM, fields("website", "http://spam.example"))).isTrue();
            assertThat(builder.isSpam(OPEN_FORM, fields("_gotcha", "http://spam.example"))).isFalse();
        }
    }
}

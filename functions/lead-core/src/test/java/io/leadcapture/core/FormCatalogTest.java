package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FormCatalogTest {
    private static final FormCatalog BUNDLED = FormCatalog.bundled();

    private static FormCatalog load(String yaml) throws IOException {
        return FormCatalog.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String DEFAULTS = """
            version: 3
            defaults:
              defaultRegion: DE
              thankYouUrl: https://example.de/danke
              aliases:
                vorname: first_name
            """;

    @Test
    void bundledCatalogHasTheShippedForms() {
        assertThat(BUNDLED.version()).isEqualTo(1);
        assertThat(BUNDLED.all()).extracting(FormDefinition::id)
                .containsExactlyInAnyOrder("contact", "newsletter", "whitepaper", "demo", "callback", "sweepstake");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "contact, CONTACT_FORM, true, contact-2026-01, email",
            "newsletter, NEWSLETTER_SIGNUP, true, newsletter-2026-01, email;consent",
            "whitepaper, WHITEPAPER_DOWNLOAD, true, whitepaper-2026-01, email",
            "demo, DEMO_REQUEST, true, demo-2026-01, email;company",
            "callback, CALLBACK_REQUEST, true, callback-2026-01, phone",
            "sweepstake, SWEEPSTAKE, true, sweepstake-2026-01, email",
    })
    void bundledFormDefinitions(String id, InteractionType type, boolean doubleOptIn, String consentText,
                                String required) {
        FormDefinition f = BUNDLED.find(id).orElseThrow();

        assertThat(f.id()).isEqualTo(id);
        assertThat(f.interactionType()).isEqualTo(type);
        assertThat(f.doubleOptIn()).isEqualTo(doubleOptIn);
        assertThat(f.consentTextVersion()).isEqualTo(consentText);
        assertThat(f.requiredFields()).containsExactly(required.split(";"));
        assertThat(f.defaultRegion()).isEqualTo("DE");
        assertThat(f.channel()).isEqualTo("web_form");
        assertThat(f.honeypotField()).isEqualTo("_gotcha");
        assertThat(f.thankYouUrl()).isEqualTo(URI.create("http://localhost:8080/danke"));
        assertThat(f.allowedOrigins()).containsExactly("http://localhost:8080");
        assertThat(f.allowsOrigin("http://localhost:8080")).isTrue();
        assertThat(f.allowsOrigin("http://localhost:8080/")).isFalse();
        assertThat(f.allowsOrigin("https://evil.example")).isFalse();
        assertThat(f.allowsOrigin(null)).isFalse();
        assertThat(f.aliases()).containsEntry("vorname", "first_name").containsEntry("firma", "company")
                .containsEntry("telefon", "phone").containsEntry("name", "full_name");
    }

    @Test
    void aFormCannotGrantMarketingConsentWithoutConfirmation() {
        assertThatThrownBy(() -> load("""
                version: 1
                defaults:
                  thankYouUrl: https://example.de/danke
                  defaultRegion: DE
                forms:
                  optout:
                    interactionType: contact_form
                    doubleOptIn: false
                """)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("doubleOptIn: false");
    }

    @Test
    void onlyTheSweepstakeRequiresTurnstileAndRefusesPostsWhileItIsDown() {
        assertThat(BUNDLED.find("sweepstake").orElseThrow().captcha())
                .isEqualTo(new Captcha(Captcha.Provider.TURNSTILE, null, Captcha.WhenUnavailable.REJECT));
        assertThat(BUNDLED.all()).filteredOn(f -> f.captcha() != null).extracting(FormDefinition::id)
                .containsExactly("sweepstake");
    }

    @Test
    void captchaKeysAreReadWithTheirDefaultsAndOverrides() throws IOException {
        FormCatalog c = load(DEFAULTS + """
                  allowedOrigins: [ "https://www.example.de", "https://Aktion.Example.de:8443" ]
                  captchaUnavailable: accept
                forms:
                  plain:
                    interactionType: contact_form
                  turnstile:
                    interactionType: sweepstake
                    captcha: { provider: turnstile, action: gewinnspiel }
                  recaptcha:
                    interactionType: quiz
                    captcha: { provider: recaptcha }
                    captchaUnavailable: reject
                  hcaptcha:
                    interactionType: demo_request
                    captcha: { provider: hcaptcha, action: " " }
                """);

        assertThat(c.find("plain").orElseThrow().captcha()).isNull();
        assertThat(c.find("turnstile").orElseThrow().captcha())
                .isEqualTo(new Captcha(Captcha.Provider.TURNSTILE, "gewinnspiel", Captcha.WhenUnavailable.ACCEPT));
        assertThat(c.find("recaptcha").orElseThrow().captcha())
                .isEqualTo(new Captcha(Captcha.Provider.RECAPTCHA, null, Captcha.WhenUnavailable.REJECT));
        assertThat(c.find("hcaptcha").orElseThrow().captcha())
                .isEqualTo(new Captcha(Captcha.Provider.HCAPTCHA, null, Captcha.WhenUnavailable.ACCEPT));
        assertThat(Captcha.Provider.HCAPTCHA.tokenField()).isEqualTo("h-captcha-response");
    }

    @Test
    void hostnameIsCheckedAgainstTheAllowedOriginsHosts() throws IOException {
        FormDefinition f = load(DEFAULTS + """
                forms:
                  f:
                    interactionType: sweepstake
                    allowedOrigins: [ "https://www.example.de", "http://localhost:8080" ]
                    captcha: { provider: turnstile }
                """).find("f").orElseThrow();

        assertThat(f.allowsHostname("www.example.de")).isTrue();
        assertThat(f.allowsHostname("WWW.Example.DE")).isTrue();
        assertThat(f.allowsHostname("localhost")).isTrue();
        assertThat(f.allowsHostname("example.de")).isFalse();
        assertThat(f.allowsHostname("www.example.de.evil.example")).isFalse();
        assertThat(f.allowsHostname("")).isFalse();
        assertThat(f.allowsHostname(null)).isFalse();
    }

    static Stream<Arguments> brokenCaptchas() {
        return Stream.of(
                Arguments.of("unknown provider", "captcha: { provider: friendlycaptcha }",
                        "captcha provider friendlycaptcha must be turnstile, recaptcha or hcaptcha"),
                Arguments.of("no provider", "captcha: { action: x }",
                        "captcha provider null must be turnstile, recaptcha or hcaptcha"),
                Arguments.of("unknown policy", "captcha: { provider: turnstile }\n    captchaUnavailable: retry",
                        "captchaUnavailable retry must be reject or accept"),
                Arguments.of("unknown policy without a captcha", "captchaUnavailable: ignore",
                        "captchaUnavailable ignore must be reject or accept"),
                Arguments.of("no origins to check the hostname against", "captcha: { provider: hcaptcha }\n    allowedOrigins: []",
                        "a captcha needs allowedOrigins to check the hostname against"),
                Arguments.of("origin without a host", "captcha: { provider: hcaptcha }\n    allowedOrigins: [ \"null\" ]",
                        "allowed origin null has no host name"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("brokenCaptchas")
    void brokenCaptchaFailsTheLoad(String why, String keys, String message) {
        String yaml = DEFAULTS + "  allowedOrigins: [ \"https://www.example.de\" ]\nforms:\n  broken:\n"
                + "    interactionType: sweepstake\n    " + keys + "\n";
        assertThatThrownBy(() -> load(yaml)).as(why)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("form 'broken': " + message);
    }

    @Test
    void unknownCaptchaKeyIsRejected() {
        assertThatThrownBy(() -> load(DEFAULTS + "  allowedOrigins: [ \"https://www.example.de\" ]\nforms:\n  f:\n"
                + "    interactionType: sweepstake\n    captcha: { provider: turnstile, siteKey: abc }\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("form 'f': captcha: unknown key 'siteKey'");
    }

    @Test
    void unknownFormIsEmpty() {
        assertThat(BUNDLED.find("nope")).isEmpty();
        assertThat(BUNDLED.find(null)).isEmpty();
    }

    @Test
    void formsInheritAndOverrideDefaults() throws IOException {
        FormCatalog c = load(TestResources.text(FormCatalogTest.class, "forms-defaults-and-overrides.yaml"));

        assertThat(c.version()).isEqualTo(3);
        FormDefinition plain = c.find("plain").orElseThrow();
        assertThat(plain.channel()).isEqualTo("web_form");
        assertThat(plain.honeypotField()).isEqualTo("_gotcha");
        assertThat(plain.doubleOptIn()).as("marketing consent from a public form is always double opt-in").isTrue();
        assertThat(plain.defaultRegion()).isEqualTo("DE");
        assertThat(plain.requiredFields()).isEmpty();
        assertThat(plain.allowedOrigins()).isEmpty();
        assertThat(plain.aliases()).containsExactly(java.util.Map.entry("vorname", "first_name"));

        FormDefinition special = c.find("special").orElseThrow();
        assertThat(special.interactionType()).isEqualTo(InteractionType.DEMO_REQUEST);
        assertThat(special.channel()).isEqualTo("partner_site");
        assertThat(special.defaultRegion()).isEqualTo("AT");
        assertThat(special.honeypotField()).isEqualTo("website");
        assertThat(special.doubleOptIn()).isTrue();
        assertThat(special.thankYouUrl()).isEqualTo(URI.create("https://example.de/danke"));
        assertThat(special.aliases()).containsEntry("vorname", "full_name").containsEntry("organisation", "company");
    }

    static Stream<Arguments> brokenForms() {
        return Stream.of(
                Arguments.of("unknown interactionType", "interactionType: carrier_pigeon"),
                Arguments.of("missing interactionType", "channel: web_form"),
                Arguments.of("unknown region", "interactionType: contact_form\n    defaultRegion: XX"),
                Arguments.of("alias to unknown field", "interactionType: contact_form\n    aliases:\n      anrede: salutation"),
                Arguments.of("non-standard required", "interactionType: contact_form\n    requiredFields: [ email, salutation ]"),
                Arguments.of("relative thankYouUrl", "interactionType: contact_form\n    thankYouUrl: /danke"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("brokenForms")
    void brokenFormIsRejected(String why, String body) {
        String yaml = DEFAULTS + "forms:\n  broken:\n    " + body + "\n";
        assertThatThrownBy(() -> load(yaml)).as(why)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken");
    }

    @Test
    void missingRegionAndThankYouUrlAreRejected() {
        assertThatThrownBy(() -> load("version: 1\nforms:\n  f:\n    interactionType: contact_form\n    thankYouUrl: https://x.de/\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultRegion");
        assertThatThrownBy(() -> load("version: 1\nforms:\n  f:\n    interactionType: contact_form\n    defaultRegion: DE\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thankYouUrl");
    }

    @ParameterizedTest
    @CsvSource({"Contact", "kontakt formular", "-leading", "a/b"})
    void badFormIdIsRejected(String id) {
        assertThatThrownBy(() -> load(DEFAULTS + "forms:\n  '" + id + "':\n    interactionType: contact_form\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("form id");
    }

    @Test
    void noFormsIsRejected() {
        assertThatThrownBy(() -> load(DEFAULTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no forms");
        assertThatThrownBy(() -> load(DEFAULTS + "forms: {}\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void autoResponseWithoutTextIsRejectedWithItsOwnMessage() {
        assertThatThrownBy(() -> load(DEFAULTS + "forms:\n  f:\n    interactionType: contact_form\n"
                + "    autoResponse:\n      subject: Danke\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("autoResponse needs a one-line subject and a text");
    }

    @Test
    void unknownPropertyIsRejected() {
        assertThatThrownBy(() -> load(DEFAULTS + "forms:\n  f:\n    interactionType: contact_form\n    requiredField: [ email ]\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("form 'f': unknown key 'requiredField'");
        assertThatThrownBy(() -> load(DEFAULTS + "colour: blue\nforms:\n  f:\n    interactionType: contact_form\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessageContaining("forms.yaml: unknown key 'colour'");
    }

    static Stream<Arguments> mistypedKeys() {
        return Stream.of(
                Arguments.of("channel: [ web, form ]", "form 'f': channel must be a single value"),
                Arguments.of("requiredFields: email", "form 'f': requiredFields must be a list"),
                Arguments.of("requiredFields: [ [ email ] ]", "form 'f': requiredFields must be a single value"),
                Arguments.of("aliases: [ vorname ]", "form 'f': aliases must be a mapping"),
                Arguments.of("doubleOptIn: maybe", "form 'f': doubleOptIn must be true or false"),
                Arguments.of("captcha: turnstile", "form 'f': captcha must be a mapping of keys"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("mistypedKeys")
    void aKeyOfTheWrongShapeIsRejectedByName(String key, String message) {
        assertThatThrownBy(() -> load(DEFAULTS + "forms:\n  f:\n    interactionType: contact_form\n    " + key + "\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void scalarsAreReadAsWrittenAndTheVersionAsANumber() throws IOException {
        FormCatalog c = load("version: '7'\ndefaults:\n  defaultRegion: DE\n  thankYouUrl: https://example.de/danke\n"
                + "forms:\n  f:\n    interactionType: contact_form\n    consentTextVersion: 2026\n    doubleOptIn: 'true'\n"
                + "    requiredFields: [ email ]\n");

        assertThat(c.version()).isEqualTo(7);
        FormDefinition f = c.find("f").orElseThrow();
        assertThat(f.consentTextVersion()).isEqualTo("2026");
        assertThat(f.doubleOptIn()).isTrue();
        assertThat(f.requiredFields()).containsExactly("email");
        assertThatThrownBy(() -> load("version: seven\nforms:\n  f:\n    interactionType: contact_form\n"))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("forms.yaml: version must be a whole number");
    }

    @Test
    void syntacticallyBrokenYamlIsRejected() {
        assertThatThrownBy(() -> load("version: 1\nforms: [ unclosed\n")).isInstanceOf(JacksonException.class);
    }
}

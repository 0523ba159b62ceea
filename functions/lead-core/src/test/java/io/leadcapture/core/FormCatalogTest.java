package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
                .containsExactlyInAnyOrder("contact", "newsletter", "whitepaper", "demo", "callback");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({
            "contact, CONTACT_FORM, true, contact-2026-01, email",
            "newsletter, NEWSLETTER_SIGNUP, true, newsletter-2026-01, email;consent",
            "whitepaper, WHITEPAPER_DOWNLOAD, true, whitepaper-2026-01, email",
            "demo, DEMO_REQUEST, true, demo-2026-01, email;company",
            "callback, CALLBACK_REQUEST, true, callback-2026-01, phone",
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
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("requiredField");
        assertThatThrownBy(() -> load(DEFAULTS + "colour: blue\nforms:\n  f:\n    interactionType: contact_form\n"))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("colour");
    }

    @Test
    void syntacticallyBrokenYamlIsRejected() {
        assertThatThrownBy(() -> load("version: 1\nforms: [ unclosed\n")).isInstanceOf(JacksonException.class);
    }
}

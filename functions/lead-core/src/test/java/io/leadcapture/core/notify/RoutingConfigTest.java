package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.leadcapture.core.TestResources;
import io.leadcapture.core.notify.Router.Territory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingConfigTest {

    static RoutingConfig load(String yaml) throws IOException {
        return RoutingConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private static final String DEFAULT = """
            default:
              reps: [ sales@example.com ]
            """;

    @Test
    void bundledConfigHasDachAndADefault() {
        RoutingConfig c = RoutingConfig.bundled();

        assertThat(c.version()).isEqualTo(1);
        Territory dach = c.territories().get(0);
        assertThat(dach.name()).isEqualTo("dach");
        assertThat(dach.countries()).contains("DE", "AT", "CH");
        assertThat(dach.reps()).isNotEmpty().allMatch(r -> r.startsWith("dach-sales") && r.endsWith("@example.com"));
        assertThat(c.defaultTerritory().name()).isEqualTo("default");
        assertThat(c.defaultTerritory().countries()).isEmpty();
        assertThat(c.defaultTerritory().reps()).isNotEmpty().allMatch(r -> r.endsWith("@example.com"));
        assertThat(c.find("dach")).contains(dach);
        assertThat(c.find("default")).contains(c.defaultTerritory());
        assertThat(c.find("nope")).isEmpty();
    }

    @Test
    void loadsTerritoriesInOrderWithNormalisedReps() throws IOException {
        RoutingConfig c = load(TestResources.text(RoutingConfigTest.class, "routing-dach-nordics.yaml"));

        assertThat(c.version()).isEqualTo(2);
        assertThat(c.territories()).extracting(Territory::name).containsExactly("dach", "nordics");
        assertThat(c.territories().get(0).reps()).containsExactly("anna@example.com", "joerg@müller.de");
        assertThat(c.territories().get(1).countries()).containsExactly("NO", "SE", "DK", "FI");
        assertThat(c.defaultTerritory().name()).isEqualTo("rest");
    }

    @Test
    void unquotedNoIsNorway() throws IOException {
        RoutingConfig c = load("version: 1\nterritories:\n  - name: n\n    countries: [ NO ]\n    reps: [ n@example.com ]\n"
                + DEFAULT);

        assertThat(c.territories().get(0).countries()).containsExactly("NO");
    }

    @Test
    void territoriesAreOptional() throws IOException {
        RoutingConfig c = load("version: 1\n" + DEFAULT);

        assertThat(c.territories()).isEmpty();
        assertThat(c.defaultTerritory().reps()).containsExactly("sales@example.com");
    }

    @Test
    void unknownPropertiesAreRefused() {
        assertThatThrownBy(() -> load("version: 1\nterritory: []\n" + DEFAULT))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> load("""
                version: 1
                territories:
                  - name: dach
                    countries: [ DE ]
                    rep: [ a@example.com ]
                """ + DEFAULT)).isInstanceOf(UnrecognizedPropertyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "DEU", "XX", "D", "Germany", "' DE'", "''", "null"})
    void countriesMustBeUpperCaseIsoAlpha2(String country) {
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\nterritories:\n  - name: t\n    countries: [ " + country + " ]\n    reps: [ a@example.com ]\n"
                        + DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-email", "a@b", "'Sales <a@example.com>'", "'a@example.com, b@example.com'", "null",
            "''", "\"a@example.com\\r\\nBcc: x@evil.example\""})
    void repsMustBeValidAddresses(String rep) {
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\nterritories:\n  - name: t\n    countries: [ DE ]\n    reps: [ " + rep + " ]\n" + DEFAULT));
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\ndefault:\n  reps: [ " + rep + " ]\n"));
    }

    @Test
    void structuralMistakesAreRefused() {
        String t = "  - name: %s\n    countries: [ %s ]\n    reps: [ %s ]\n";
        // a country in two territories
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "DE, AT", "a@example.com") + t.formatted("b", "AT", "b@example.com") + DEFAULT))
                .withMessageContaining("AT");
        // a country twice in one territory
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "DE, DE", "a@example.com") + DEFAULT));
        // a rep twice in one territory (case-insensitively)
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "DE", "a@example.com, A@example.com") + DEFAULT));
        // no reps
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "DE", "") + DEFAULT));
        // no countries
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "", "a@example.com") + DEFAULT));
        // duplicate names, also with the default
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("a", "DE", "a@example.com") + t.formatted("a", "AT", "a@example.com") + DEFAULT));
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("default", "DE", "a@example.com") + DEFAULT));
        // names that cannot key a counter
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("DACH", "DE", "a@example.com") + DEFAULT));
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + t.formatted("'a#b'", "DE", "a@example.com") + DEFAULT));
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\nterritories:\n"
                + "  - countries: [ DE ]\n    reps: [ a@example.com ]\n" + DEFAULT));
        // no default, a default with countries, a default without reps
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\n"));
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\ndefault:\n  countries: [ DE ]\n  reps: [ a@example.com ]\n"));
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 1\ndefault:\n  reps: []\n"));
        // version
        assertThatIllegalArgumentException().isThrownBy(() -> load("version: 0\n" + DEFAULT));
        assertThatIllegalArgumentException().isThrownBy(() -> load(DEFAULT));
    }
}

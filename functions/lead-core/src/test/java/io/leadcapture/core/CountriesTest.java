package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "de, DE",
            "DE, DE",
            "'  de  ', DE",
            "deu, DE",
            "Deutschland, DE",
            "Germany, DE",
            "GERMANY, DE",
            "Österreich, AT",
            "O\u0308sterreich, AT",
            "Austria, AT",
            "Schweiz, CH",
            "Switzerland, CH",
            "UK, GB",
            "Großbritannien, GB",
            "Vereinigtes Königreich, GB",
            "USA, US",
            "United States of America, US",
            "Holland, NL",
            "Niederlande, NL",
            "Côte d’Ivoire, CI",
            "Dänemark, DK",
    })
    void mapsCodesAndNames(String raw, String expected) {
        assertThat(Countries.toIsoAlpha2(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "Atlantis", "ZZ", "Deutschlandd", "D"})
    void unknownIsEmpty(String raw) {
        assertThat(Countries.toIsoAlpha2(raw)).isEmpty();
    }

    @Test
    void everyCodeAndNameTheJdkKnowsIsInTheTable() {
        jdkNames().forEach((name, code) -> assertThat(Countries.toIsoAlpha2(name)).as(name).contains(code));
    }

    /**
     * The shipped table is exactly what this JDK's display names give. After a JDK update changes
     * them, write the table anew: {@code mvn -pl functions/lead-core test -Dtest=CountriesTest -Dcountries.write=true}.
     */
    @Test
    void tableIsTheJdksNames() throws IOException {
        String expected = table(jdkNames());
        if (Boolean.getBoolean("countries.write")) {
            Files.writeString(Path.of("src/main/resources/io/leadcapture/core", Countries.TABLE), expected);
        }
        try (InputStream in = Countries.class.getResourceAsStream(Countries.TABLE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected);
        }
    }

    /** Code, alpha-3 code, English and German name of every country, the later entry winning on a clash. */
    private static Map<String, String> jdkNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (String code : Locale.getISOCountries()) {
            Locale l = Locale.of("", code);
            names.put(code, code);
            names.put(l.getISO3Country(), code);
            names.put(l.getDisplayCountry(Locale.ENGLISH), code);
            names.put(l.getDisplayCountry(Locale.GERMAN), code);
        }
        return names;
    }

    private static String table(Map<String, String> names) {
        Map<String, String> byKey = new TreeMap<>();
        names.forEach((name, code) -> byKey.put(Countries.key(name), code));
        StringBuilder out = new StringBuilder("""
                # Country codes and names a form's country field accepts: lookup key (trimmed, NFC, ß as ss,
                # lower case), a tab, the ISO 3166-1 alpha-2 code. The alpha-2 and alpha-3 codes and the English
                # and German display names of every country the JDK knows, written by CountriesTest.
                """);
        byKey.forEach((key, code) -> out.append(key).append('\t').append(code).append('\n'));
        return out.toString();
    }
}

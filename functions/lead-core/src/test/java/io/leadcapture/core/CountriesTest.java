package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

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
}

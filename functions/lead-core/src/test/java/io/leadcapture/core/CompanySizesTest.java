package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CompanySizesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "51-250        | 51-250",
            "51–250        | 51-250",
            "51 — 250      | 51-250",
            "51 bis 250    | 51-250",
            "51 to 250     | 51-250",
            "120           | 51-250",
            "' 120 '       | 51-250",
            "250           | 51-250",
            "251           | 251-1000",
            "1000+         | 1001-5000",
            "250+          | 251-1000",
            "5000+         | 5001+",
            "über 5000     | 5001+",
            "more than 50  | 51-250",
            "5             | 1-10",
            "1             | 1-10",
            "10            | 1-10",
            "11            | 11-50",
            "1.000         | 251-1000",
            "10.000        | 5001+",
            "1-10          | 1-10",
            "5001+         | 5001+",
            "99999999999   | 5001+",
    })
    void bandsHeadCountsAndRanges(String raw, String expected) {
        assertThat(CompanySizes.band(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"abc", "0", "ca. 120", "viele"})
    void unreadableIsEmpty(String raw) {
        assertThat(CompanySizes.band(raw)).isEmpty();
    }
}

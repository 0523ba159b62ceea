package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest(name = "[{index}] {0} ({1}) -> {2}")
    @CsvSource(delimiter = '|', value = {
            "030 1234567        | DE | +49301234567",
            "(030) 123 45 67    | DE | +49301234567",
            "0049 30 1234567    | DE | +49301234567",
            "+49 (0)30 1234567  | DE | +49301234567",
            "0151 23456789      | DE | +4915123456789",
            "+43 1 5121234      | DE | +4315121234",
            "+43 664 1234567    | DE | +436641234567",
            "0664 1234567       | AT | +436641234567",
            "+41 44 668 18 00   | DE | +41446681800",
    })
    void formatsToE164(String raw, String region, String expected) {
        assertThat(PhoneNumbers.toE164(raw, region)).contains(expected);
    }

    @Test
    void theSameNationalDigitsDependOnTheRegion() {
        assertThat(PhoneNumbers.toE164("0664 1234567", "DE")).contains("+496641234567");
        assertThat(PhoneNumbers.toE164("0664 1234567", "AT")).contains("+436641234567");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "12", "030", "+49 30 12", "abc", "call me maybe", "0301234567890123456789012345678901234567890"})
    void rejectsGarbageAndTooShortNumbers(String raw) {
        assertThat(PhoneNumbers.toE164(raw, "DE")).isEmpty();
    }

    @Test
    void nationalNumberWithoutRegionIsRejectedButInternationalIsNot() {
        assertThat(PhoneNumbers.toE164("030 1234567", null)).isEmpty();
        assertThat(PhoneNumbers.toE164("+49 30 1234567", null)).contains("+49301234567");
    }
}

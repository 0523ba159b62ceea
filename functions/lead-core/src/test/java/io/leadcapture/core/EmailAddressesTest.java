package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressesTest {

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("  Max.Mustermann@Example.COM \t", "max.mustermann@example.com"),
                Arguments.of("Joerg@Müller.DE", "joerg@müller.de"),
                // NFD input (u + combining diaeresis) comes out composed
                Arguments.of("joerg@mu\u0308ller.de", "joerg@m\u00fcller.de"),
                // punycode and Unicode spellings of one domain are one identity, kept in Unicode
                Arguments.of("info@example.xn--p1ai", "info@example.рф"),
                Arguments.of("info@пример.рф", "info@пример.рф"),
                Arguments.of("first+tag@sub.example.de", "first+tag@sub.example.de"),
                Arguments.of("o'brien_{x}@example.ie", "o'brien_{x}@example.ie"),
                Arguments.of("a.b.c@my-company.co.uk", "a.b.c@my-company.co.uk"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("accepted")
    void normalisesValidAddresses(String raw, String expected) {
        assertThat(EmailAddresses.normalise(raw)).contains(expected);
    }

    @ParameterizedTest(name = "[{index}] rejects \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "max.example.de",            // no @
            "@example.de",               // empty local part
            "max@",                      // empty domain
            "max..m@example.de",         // double dot in local part
            ".max@example.de",
            "max.@example.de",
            "max@example..de",           // double dot in domain
            "max@example",               // domain without dot
            "max@-example.de",           // label starts with '-'
            "max@example-.de",           // label ends with '-'
            "max@example.de.",           // trailing dot
            "max mustermann@example.de", // space in local part
            "max@exam ple.de",           // space in domain
            "max@example.d",             // one-letter TLD
            "max@1.2.3.4",               // numeric TLD
            "a@b@example.de",
            "\"max m\"@example.de"       // quoted local parts are not accepted
    })
    void rejectsInvalidAddresses(String raw) {
        assertThat(EmailAddresses.normalise(raw)).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"jörg@firma.de", "Jörg@Müller.DE", "Jo\u0308rg@example.de", "josé.garcía@example.es",
            "иван@пример.рф", "用户@例子.中国", "max.\u0130@example.de"})
    void nonAsciiLocalPartIsRefusedAsUndeliverable(String raw) {
        assertThat(EmailAddresses.normalise(raw)).isEmpty();
        assertThat(EmailAddresses.problem(raw)).isEqualTo(EmailAddresses.NON_ASCII_LOCAL_PART)
                .contains("ASCII", "before the @", "cannot be delivered");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @NullAndEmptySource
    @ValueSource(strings = {"jörg..x@firma.de", "jörg@firma", "jörg", "\"jörg\"@firma.de", "max..m@example.de"})
    void malformedAddressesAreInvalidWhateverTheirCharacters(String raw) {
        assertThat(EmailAddresses.problem(raw)).isEqualTo(EmailAddresses.INVALID);
    }

    @Test
    void acceptedAddressesHaveNoProblem() {
        assertThat(EmailAddresses.problem("joerg@müller.de")).isNull();
        assertThat(EmailAddresses.problem("Max@Example.com")).isNull();
    }

    @Test
    void localPartIsLimitedTo64Characters() {
        String local64 = "a".repeat(64);
        assertThat(EmailAddresses.normalise(local64 + "@example.de")).contains(local64 + "@example.de");
        assertThat(EmailAddresses.normalise("a" + local64 + "@example.de")).isEmpty();
    }

    @Test
    void wholeAddressIsLimitedTo254Characters() {
        String label = "d".repeat(60);
        String domain = label + "." + label + "." + label + "." + label + ".de"; // 247 chars
        assertThat(EmailAddresses.normalise("ab@" + domain)).isPresent();       // 250
        assertThat(EmailAddresses.normalise("a".repeat(10) + "@" + domain)).isEmpty(); // 258
    }

    @Test
    void domainOfReturnsThePartAfterTheLastAt() {
        assertThat(EmailAddresses.domainOf("jörg@müller.de")).isEqualTo("müller.de");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"max@example\u3002de", "max@\uFF25\uFF38\uFF21\uFF2D\uFF30\uFF2C\uFF25.de"})
    void idnaEquivalentDomainsNormaliseToTheSameAddress(String raw) {
        assertThat(EmailAddresses.normalise(raw)).contains("max@example.de");
    }
}

package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;

class TextTest {

    @Nested
    class SingleLine {
        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("  Jörg  Weiß ", "Jörg Weiß"),
                    Arguments.of("Max\r\nBcc: evil@example.com", "Max Bcc: evil@example.com"),
                    Arguments.of("a\tb\t\tc", "a b c"),
                    Arguments.of("a\u0000b", "a b"),
                    Arguments.of("a\u0007\u001b[31mb", "a [31mb"),
                    Arguments.of("x\u200By", "x y"),
                    Arguments.of("\u00a0Zürich\u00a0", "Zürich"),
                    Arguments.of("a\u2028b", "a b"),
                    Arguments.of("Jo\u0308rg", "J\u00f6rg"));
        }

        @ParameterizedTest(name = "[{index}] {1}")
        @MethodSource("cases")
        void foldsWhitespaceAndControlCharacters(String raw, String expected) {
            assertThat(Text.singleLine(raw)).isEqualTo(expected);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\r\n\t", "\u0000\u0001", "\u00a0"})
        void blankIsNull(String raw) {
            assertThat(Text.singleLine(raw)).isNull();
        }

        @ParameterizedTest(name = "[{index}] code point {0}")
        @ValueSource(ints = {0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})
        void lineSeparatorsAndBidiControlsNeverSurvive(int cp) {
            String c = Character.toString(cp);
            String cleaned = Text.singleLine("Max" + c + "Mustermann" + c);
            assertThat(cleaned).isEqualTo("Max Mustermann").doesNotContain(c);
        }

        @Test
        void reversedTextCannotBeFaked() {
            // "Invoice <U+202E>fdp.exe" would display as "Invoice exe.pdf"
            assertThat(Text.singleLine("Rechnung \u202Efdp.exe")).isEqualTo("Rechnung fdp.exe");
            assertThat(Text.singleLine("\u2067Müller\u2069 GmbH")).isEqualTo("Müller GmbH");
        }
    }

    @Nested
    class MultiLine {
        static Stream<Arguments> cases() {
            return Stream.of(
                    Arguments.of("Hallo\r\nWelt", "Hallo\nWelt"),
                    Arguments.of("Hallo\rWelt", "Hallo\nWelt"),
                    Arguments.of("Zeile 1\n\nZeile 3", "Zeile 1\n\nZeile 3"),
                    Arguments.of("  \n Hallo \n\n ", "Hallo"),
                    Arguments.of("a\u0000b\u0007c", "abc"),
                    // tab is a control character other than a line break: removed, as documented
                    Arguments.of("a\tb", "ab"),
                    Arguments.of("Gru\u0308\u00dfe", "Gr\u00fc\u00dfe"));
        }

        @ParameterizedTest(name = "[{index}] {1}")
        @MethodSource("cases")
        void keepsLineBreaksAndRemovesOtherControls(String raw, String expected) {
            assertThat(Text.multiLine(raw)).isEqualTo(expected);
        }

        @Test
        void neverContainsCarriageReturn() {
            assertThat(Text.multiLine("a\r\n\r\nb\r")).isEqualTo("a\n\nb").doesNotContain("\r");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   ", "\r\n\r\n", "\u0000", "\u2028\u2029", "\u202E"})
        void blankIsNull(String raw) {
            assertThat(Text.multiLine(raw)).isNull();
        }

        @Test
        void unicodeLineAndParagraphSeparatorsBecomeLineBreaks() {
            // the plain-text mail indents every line of a message; a separator it does not see as a line
            // break would let text start a line of its own, unindented, in a mail client that breaks there
            assertThat(Text.multiLine("Hallo\u2028Telefon: 0800 666\u2029Ende"))
                    .isEqualTo("Hallo\nTelefon: 0800 666\nEnde").doesNotContain("\u2028", "\u2029");
        }

        @ParameterizedTest(name = "[{index}] code point {0}")
        @ValueSource(ints = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069})
        void bidiControlsAreRemoved(int cp) {
            String c = Character.toString(cp);
            assertThat(Text.multiLine("Zeile 1\n" + c + "Zeile 2" + c)).isEqualTo("Zeile 1\nZeile 2");
        }
    }
}

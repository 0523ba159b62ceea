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
        @ValueSource(strings = {"   ", "\r\n\r\n", "\u0000"})
        void blankIsNull(String raw) {
            assertThat(Text.multiLine(raw)).isNull();
        }
    }
}

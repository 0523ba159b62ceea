package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
    @Test
    void formulaCellsGetALeadingApostrophe() {
        for (String payload : List.of("=HYPERLINK(\"http://evil.example\",\"Klick\")", "+cmd|' /C calc'!A0", "-2+3",
                "@SUM(A1:A9)", "\tx", "\rx", "+4930123456")) {
            assertThat(CsvWriter.neutralised(payload)).isEqualTo("'" + payload);
        }
        for (String plain : List.of("Jörg", "a=b", "joerg@example.com", "", "0221 123")) {
            assertThat(CsvWriter.neutralised(plain)).isEqualTo(plain);
        }
    }

    @Test
    void cellsAreQuotedOnlyWhenTheyHoldTheDelimiterAQuoteOrALineBreak() {
        CsvWriter semicolon = new CsvWriter(';');
        assertThat(semicolon.line(Arrays.asList("Müller, Söhne", "a;b", "say \"hi\"", "two\nlines", null, 42)))
                .isEqualTo("Müller, Söhne;\"a;b\";\"say \"\"hi\"\"\";\"two\nlines\";;42\r\n");
        CsvWriter comma = new CsvWriter(',');
        assertThat(comma.line(Arrays.asList("Müller, Söhne", "a;b", -5L)))
                .isEqualTo("\"Müller, Söhne\",a;b,-5\r\n");
        assertThat(comma.line(List.of("=1+1,2"))).isEqualTo("\"'=1+1,2\"\r\n");
        assertThatThrownBy(() -> new CsvWriter('\t')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void utf8LengthCountsBytes() {
        for (String s : List.of("", "abc", "Jörg Weiß", "\uFEFF", "€", "😀 x")) {
            assertThat(CsvWriter.utf8Length(s)).as(s).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }
}

package io.leadcapture.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.core.InteractionType;
import io.leadcapture.runtime.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImportCsvTest {
    static final ImportSpec SPEC = new ImportSpec("messe", InteractionType.EVENT_CONTACT, ImportBasis.CONTRACT);

    static ImportFile parse(String text) {
        return ImportCsv.parse(SPEC, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void semicolonsAsExcelWritesThemInGermanWithQuotesAndABom() {
        ImportFile f = parse("\uFEFFVorname;Firma;E-Mail\r\n\"Jörg\";\"Müller; Söhne \"\"MS\"\" GmbH\";j@ms.de\r\n\r\n");
        assertThat(f.header()).containsExactly("Vorname", "Firma", "E-Mail");
        assertThat(f.rows()).containsExactly(List.of("Jörg", "Müller; Söhne \"MS\" GmbH", "j@ms.de"));
    }

    @Test
    void commasWhenTheHeaderHasMoreOfThem() {
        ImportFile f = parse("first_name,company,email\nAnna,\"Beispiel, Werke\",anna@beispiel-werke.de\n");
        assertThat(f.rows()).containsExactly(List.of("Anna", "Beispiel, Werke", "anna@beispiel-werke.de"));
    }

    @Test
    void theSameBytesAreTheSameImport() {
        String csv = "email\na@beispiel.de\n";
        assertThat(parse(csv).importId()).isEqualTo(parse(csv).importId());
        assertThat(parse(csv).importId()).isNotEqualTo(parse(csv + "b@beispiel.de\n").importId());
        assertThat(ImportCsv.parse(new ImportSpec("messe", InteractionType.EVENT_CONTACT, ImportBasis.CONSENT),
                csv.getBytes(StandardCharsets.UTF_8)).importId()).isNotEqualTo(parse(csv).importId());
    }

    @Test
    void notUtf8OrEmptyIsRefused() {
        assertThatThrownBy(() -> ImportCsv.parse(SPEC, "vorname\nJörg\n".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(ApiException.class).hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> parse("\n\n")).isInstanceOf(ApiException.class).hasMessageContaining("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "=HYPERLINK(\"http://x\";\"y\")", "@SUM(A1)", "+cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "\t=1", "+", "-x"})
    void formulasAreRefused(String cell) {
        assertThat(ImportLeads.looksLikeFormula(cell)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+49 711 2345678", "+49 (0)711 234-56", "-5", "0221 1234567", "Müller & Söhne",
            "a=b", "info@firma.de", ""})
    void valuesAreNot(String cell) {
        assertThat(ImportLeads.looksLikeFormula(cell)).isFalse();
    }
}

package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldNamesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "firstName, first_name",
            "FirstName, first_name",
            "first_name, first_name",
            "first_Name, first_name",
            "first-name, first_name",
            "utmSource, utm_source",
            "landingPage, landing_page",
            "budgetResponsibility, budget_responsibility",
            "Email, email",
            "email, email",
            "gclid, gclid",
            "q1_answer, q1_answer",
    })
    void convertsToSnakeCase(String name, String expected) {
        assertThat(FieldNames.snakeCase(name)).isEqualTo(expected);
    }

    @Test
    void everyStandardFieldRoundTripsFromItsCamelCaseSpelling() {
        for (String field : FieldNames.STANDARD) {
            assertThat(FieldNames.snakeCase(camel(field))).as(camel(field)).isEqualTo(field);
            assertThat(FieldNames.snakeCase(field)).isEqualTo(field);
        }
    }

    @Test
    void standardVocabularyHasTheDocumentedFields() {
        assertThat(FieldNames.STANDARD).hasSize(25)
                .contains("email", "phone", "full_name", "consent", "utm_source", "gclid", "referrer", "landing_page");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({"EMAIL, email", "UTM_SOURCE, utm_source", "GCLID, gclid"})
    void allCapsNamesAreLowerCased(String name, String expected) {
        assertThat(FieldNames.snakeCase(name)).isEqualTo(expected);
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                sb.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return sb.toString();
    }
}

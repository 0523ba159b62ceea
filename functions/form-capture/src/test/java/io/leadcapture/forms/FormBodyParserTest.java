package io.leadcapture.forms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadcapture.core.FormFields;
import io.leadcapture.runtime.http.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyParserTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String MULTIPART = "multipart/form-data";
    private static final String JSON = "application/json";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ApiException failure(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(ApiException.class);
        return (ApiException) t;
    }

    private static void assertMalformed(ThrowingCallable call) {
        ApiException e = failure(call);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("malformed_body");
    }

    @Nested
    class UrlEncoded {
        @Test
        void decodesPlusPercentAndUtf8() {
            FormFields f = FormBodyParser.parse(FORM, null, utf8(
                    "first_name=J%C3%B6rg&last_name=Wei%C3%9F&company=M%C3%BCller+%26+S%C3%B6hne+GmbH&city=Z%c3%bcrich"
                            + "&k%C3%A4se=%C3%A4"));

            assertThat(f.asMap()).containsExactly(
                    Map.entry("first_name", List.of("Jörg")),
                    Map.entry("last_name", List.of("Weiß")),
                    Map.entry("company", List.of("Müller & Söhne GmbH")),
                    Map.entry("city", List.of("Zürich")),
                    Map.entry("käse", List.of("ä")));
        }

        @Test
        void rawUtf8AndEmojiPassThrough() {
            FormFields f = FormBodyParser.urlEncoded(utf8("city=Zürich&msg=hi+\uD83D\uDE00%F0%9F%98%80"));
            assertThat(f.asMap()).containsEntry("city", List.of("Zürich"))
                    .containsEntry("msg", List.of("hi \uD83D\uDE00\uD83D\uDE00"));
        }

        @Test
        void repeatedKeysKeepEveryValueInOrder() {
            FormFields f = FormBodyParser.urlEncoded(utf8("interesse=CRM&email=a%40b.de&interesse=ERP&interesse="));
            assertThat(f.asMap().keySet()).containsExactly("interesse", "email");
            assertThat(f.asMap().get("interesse")).containsExactly("CRM", "ERP", "");
            assertThat(f.asMap().get("email")).containsExactly("a@b.de");
        }

        @Test
        void emptyPairsAndValuelessKeys() {
            FormFields f = FormBodyParser.urlEncoded(utf8("&a=1&&consent&=x&"));
            assertThat(f.asMap()).containsExactly(
                    Map.entry("a", List.of("1")), Map.entry("consent", List.of("")), Map.entry("", List.of("x")));
            assertThat(FormBodyParser.urlEncoded(new byte[0]).size()).isZero();
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"a=%", "a=%4", "a=%ZZ", "a=%G1", "%=x", "a=b%", "a=%C3", "a=%FF", "a=%C3%28", "a=%ED%A0%80"})
        void brokenPercentEncodingOrUtf8Is400(String body) {
            assertMalformed(() -> FormBodyParser.parse(FORM, null, utf8(body)));
        }

        @Test
        void invalidUtf8BytesInTheBodyAre400() {
            assertMalformed(() -> FormBodyParser.urlEncoded(new byte[]{'a', '=', (byte) 0xC3, (byte) 0x28}));
            assertMalformed(() -> FormBodyParser.urlEncoded(new byte[]{'a', '=', (byte) 0xFF}));
        }

        @Test
        void atMost200Fields() {
            String ok = "f=1&".repeat(200);
            assertThat(FormBodyParser.urlEncoded(utf8(ok)).asMap().get("f")).hasSize(200);
            assertMalformed(() -> FormBodyParser.urlEncoded(utf8(ok + "f=1")));
        }

        @Test
        void nonAsciiHexDigitsAreRejected() {
            assertMalformed(() -> FormBodyParser.percentDecode("%\u0664\u0661"));
            assertMalformed(() -> FormBodyParser.percentDecode("%\uFF14\uFF11"));
        }
    }

    @Nested
    class Multipart {
        private static final String B = "----WebKitFormBoundary7MA4YWxkTrZu0gW";

        private static byte[] body(String... lines) {
            return utf8(String.join("\r\n", lines));
        }

        @Test
        void readsFieldsAndSkipsFiles() {
            byte[] b = body(
                    "--" + B,
                    "Content-Disposition: form-data; name=\"first_name\"",
                    "",
                    "Jörg",
                    "--" + B,
                    "content-disposition: form-data; name=\"company\"",
                    "Content-Type: text/plain; charset=UTF-8",
                    "",
                    "Müller & Söhne GmbH",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"cv\"; filename=\"lebenslauf.pdf\"",
                    "Content-Type: application/pdf",
                    "",
                    "%PDF-1.4 binary",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"empty_file\"; filename=\"\"",
                    "Content-Type: application/octet-stream",
                    "",
                    "",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"message\"",
                    "",
                    "Zeile 1\r\nZeile 2",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"interesse\"",
                    "",
                    "CRM",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"interesse\"",
                    "",
                    "ERP",
                    "--" + B,
                    "Content-Disposition: form-data; name=\"_gotcha\"",
                    "",
                    "",
                    "--" + B + "--",
                    "");

            FormFields f = FormBodyParser.parse(MULTIPART, B, b);

            assertThat(f.asMap()).containsExactly(
                    Map.entry("first_name", List.of("Jörg")),
                    Map.entry("company", List.of("Müller & Söhne GmbH")),
                    Map.entry("message", List.of("Zeile 1\r\nZeile 2")),
                    Map.entry("interesse", List.of("CRM", "ERP")),
                    Map.entry("_gotcha", List.of("")));
        }

        @Test
        void preambleBeforeTheFirstBoundaryIsIgnored() {
            byte[] b = body("This is a preamble.", "--" + B, "Content-Disposition: form-data; name=\"email\"", "",
                    "a@b.de", "--" + B + "--");
            assertThat(FormBodyParser.multipart(b, B).asMap()).containsExactly(Map.entry("email", List.of("a@b.de")));
        }

        @Test
        void missingClosingBoundaryIs400() {
            assertMalformed(() -> FormBodyParser.multipart(
                    body("--" + B, "Content-Disposition: form-data; name=\"email\"", "", "a@b.de"), B));
            assertMalformed(() -> FormBodyParser.multipart(
                    body("--" + B, "Content-Disposition: form-data; name=\"email\"", "", "a@b.de", "--" + B), B));
        }

        @ParameterizedTest
        @NullAndEmptySource
        void missingBoundaryIs400(String boundary) {
            byte[] b = body("--" + B, "Content-Disposition: form-data; name=\"email\"", "", "a@b.de", "--" + B + "--");
            assertMalformed(() -> FormBodyParser.parse(MULTIPART, boundary, b));
        }

        @Test
        void boundaryNotInTheBodyIs400() {
            byte[] b = body("--" + B, "Content-Disposition: form-data; name=\"email\"", "", "a@b.de", "--" + B + "--");
            assertMalformed(() -> FormBodyParser.multipart(b, "other-boundary"));
            assertMalformed(() -> FormBodyParser.multipart(b, "x".repeat(201)));
        }

        @Test
        void partWithoutNameOrHeadersIs400() {
            assertMalformed(() -> FormBodyParser.multipart(
                    body("--" + B, "Content-Disposition: form-data", "", "x", "--" + B + "--"), B));
            assertMalformed(() -> FormBodyParser.multipart(
                    body("--" + B, "Content-Type: text/plain", "", "x", "--" + B + "--"), B));
            assertMalformed(() -> FormBodyParser.multipart(utf8("--" + B + "garbage"), B));
        }

        @Test
        void invalidUtf8ValueIs400() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(utf8("--" + B + "\r\nContent-Disposition: form-data; name=\"city\"\r\n\r\nZ"));
            out.write(0xFC); // ü in ISO-8859-1
            out.writeBytes(utf8("rich\r\n--" + B + "--\r\n"));
            assertMalformed(() -> FormBodyParser.multipart(out.toByteArray(), B));
        }
    }

    @Nested
    class Json {
        @Test
        void readsScalarsAndArraysOfScalars() {
            FormFields f = FormBodyParser.parse(JSON, null, utf8("""
                    {"first_name": "Jörg", "company": "M\\u00fcller & S\\u00f6hne GmbH", "employees": 120,
                     "consent": true, "newsletter": false, "ratio": 0.25, "interesse": ["CRM", 2, true],
                     "fax": null, "plz": "01067"}
                    """));

            assertThat(f.asMap()).containsExactly(
                    Map.entry("first_name", List.of("Jörg")),
                    Map.entry("company", List.of("Müller & Söhne GmbH")),
                    Map.entry("employees", List.of("120")),
                    Map.entry("consent", List.of("true")),
                    Map.entry("newsletter", List.of("false")),
                    Map.entry("ratio", List.of("0.25")),
                    Map.entry("interesse", List.of("CRM", "2", "true")),
                    Map.entry("plz", List.of("01067")));
        }

        @Test
        void longNumbersKeepEveryDigit() {
            FormFields f = FormBodyParser.json(utf8("""
                    {"leadgen_id": 1234567890123456789, "big": 98765432109876543210123, "neg": -9223372036854775808}"""));
            assertThat(f.asMap()).containsExactly(
                    Map.entry("leadgen_id", List.of("1234567890123456789")),
                    Map.entry("big", List.of("98765432109876543210123")),
                    Map.entry("neg", List.of("-9223372036854775808")));
        }

        @Test
        void decimalsKeepTheirWrittenForm() {
            FormFields f = FormBodyParser.json(utf8("{\"budget\": 1500.00, \"amount\": 100.0}"));
            assertThat(f.asMap()).containsExactly(
                    Map.entry("budget", List.of("1500.00")),
                    Map.entry("amount", List.of("100.0")));
        }

        @Test
        void nestedObjectIs400NamingTheKey() {
            ApiException e = failure(() -> FormBodyParser.json(utf8("""
                    {"email": "a@b.de", "address": {"city": "Berlin"}, "tags": ["a", {"b": 1}], "list": [[1]], "n": [null]}""")));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("malformed_body");
            assertThat(e.fields()).containsOnlyKeys("address", "tags", "list", "n");
            assertThat(e.fields().get("address")).isEqualTo("must be a string, number, boolean or a list of them");
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"[{\"email\": \"a@b.de\"}]", "\"a@b.de\"", "42", "null", "", "   ",
                "{\"email\": ", "{email: \"a@b.de\"}", "{\"a\": 01}", "{'a': 1}"})
        void notAnObjectOrBrokenJsonIs400(String body) {
            assertMalformed(() -> FormBodyParser.parse(JSON, null, utf8(body)));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"{\"email\": \"a@b.de\"} trailing", "{\"email\": \"a@b.de\"}{\"email\": \"b@c.de\"}"})
        void trailingContentIs400(String body) {
            assertMalformed(() -> FormBodyParser.json(utf8(body)));
        }

        @Test
        void invalidUtf8Is400() {
            assertMalformed(() -> FormBodyParser.json(new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}));
        }

        @Test
        void nestingDeeperThan32Is400() {
            String deep = "{\"a\": " + "[".repeat(40) + "1" + "]".repeat(40) + "}";
            ApiException e = failure(() -> FormBodyParser.json(utf8(deep)));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("malformed_body");
            assertThat(e.getMessage()).contains("deeper than 32");
        }

        @Test
        void atMost200Fields() {
            StringBuilder sb = new StringBuilder("{");
            for (int i = 0; i < 201; i++) {
                sb.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
            }
            assertMalformed(() -> FormBodyParser.json(utf8(sb.append('}').toString())));
        }
    }

    @Nested
    class MediaTypes {
        @Test
        void dispatchesOnTheMediaType() {
            assertThat(FormBodyParser.parse(FORM, null, utf8("a=1")).asMap()).containsEntry("a", List.of("1"));
            assertThat(FormBodyParser.parse(JSON, null, utf8("{\"a\":1}")).asMap()).containsEntry("a", List.of("1"));
            assertThat(FormBodyParser.parse(MULTIPART, "b",
                    utf8("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--")).asMap())
                    .containsEntry("a", List.of("1"));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @NullAndEmptySource
        @ValueSource(strings = {"text/plain", "application/xml", "text/html", "application/json-patch+json"})
        void unsupportedMediaTypeIs415(String mediaType) {
            ApiException e = failure(() -> FormBodyParser.parse(mediaType, null, utf8("a=1")));
            assertThat(e.status()).isEqualTo(415);
            assertThat(e.code()).isEqualTo("unsupported_media_type");
        }
    }
}

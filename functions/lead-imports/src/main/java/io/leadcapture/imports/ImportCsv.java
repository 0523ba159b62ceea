package io.leadcapture.imports;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.runtime.http.ApiException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a contact list: UTF-8 (a byte-order mark is skipped), a header row, {@code ;} or {@code ,}
 * as delimiter (whichever the header line has more of outside quotes), quotes as Excel writes them,
 * blank lines skipped. A file that is not such a list is refused whole (422), nothing stored.
 */
public final class ImportCsv {
    /** More columns than any contact list has: a sign of a wrong file. */
    public static final int MAX_COLUMNS = 100;

    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .build();

    private ImportCsv() {
    }

    /** The list in {@code bytes}; its import id follows from the spec and the bytes' SHA-256. */
    public static ImportFile parse(ImportSpec spec, byte[] bytes) {
        String text = utf8(bytes);
        if (text.indexOf('\uFFFD') >= 0) {
            // what a gateway makes of bytes that were not UTF-8 when it passed the body on as text
            throw invalid("the file is not UTF-8 (save it as \"CSV UTF-8\")");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        char delimiter = delimiter(text);
        List<List<String>> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class)
                .with(CsvSchema.emptySchema().withColumnSeparator(delimiter)).readValues(text)) {
            while (it.hasNextValue()) {
                String[] line = it.nextValue();
                if (line.length > MAX_COLUMNS) {
                    throw invalid("line " + (lines.size() + 1) + " has more than " + MAX_COLUMNS + " columns");
                }
                if (Arrays.stream(line).allMatch(c -> c == null || c.isBlank())) {
                    continue;
                }
                lines.add(Arrays.asList(line));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException api) {
                throw api;
            }
            throw invalid("not a readable CSV file: " + firstLine(e.getMessage()));
        }
        if (lines.isEmpty()) {
            throw invalid("the file is empty; it needs a header row and at least one row");
        }
        List<String> header = lines.get(0).stream().map(h -> h == null ? "" : h.strip()).toList();
        if (header.stream().allMatch(String::isEmpty)) {
            throw invalid("the header row names no columns");
        }
        return new ImportFile(spec, header, lines.subList(1, lines.size()), IdempotencyKey.sha256Hex(bytes));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the file is not UTF-8 (save it as \"CSV UTF-8\")");
        }
    }

    /** {@code ;} or {@code ,}: whichever the header line has more of outside quotes ({@code ;} on a tie, as Excel in German writes). */
    static char delimiter(String text) {
        int semicolons = 0;
        int commas = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == ',') {
                commas++;
            }
        }
        return commas > semicolons ? ',' : ';';
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ApiException invalid(String why) {
        return new ApiException(422, "invalid_csv", "The list cannot be read: " + why + ".");
    }
}

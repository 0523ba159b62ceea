package io.leadcapture.read;

import java.util.List;

/**
 * CSV as RFC 4180 writes it (CRLF line ends, a cell quoted when it holds the delimiter, a quote or a
 * line break, quotes doubled), with a text cell a spreadsheet would run as a formula neutralised:
 * one starting with {@code =}, {@code +}, {@code -}, {@code @}, tab or CR gets a leading {@code '}.
 */
final class CsvWriter {
    /** Excel reads a file as UTF-8 only when it starts with the byte order mark. */
    static final String BOM = "\uFEFF";

    private final char delimiter;

    CsvWriter(char delimiter) {
        if (delimiter != ';' && delimiter != ',') {
            throw new IllegalArgumentException("delimiter must be ; or ,");
        }
        this.delimiter = delimiter;
    }

    /** One line: text cells neutralised and quoted as needed, null as an empty cell, numbers as they are. */
    String line(List<?> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                b.append(delimiter);
            }
            Object cell = cells.get(i);
            if (cell instanceof Number n) {
                b.append(n);
            } else if (cell != null) {
                b.append(quoted(neutralised(cell.toString())));
            }
        }
        return b.append("\r\n").toString();
    }

    static String neutralised(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    private String quoted(String cell) {
        boolean quote = false;
        for (int i = 0; i < cell.length() && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        return quote ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }

    /** The UTF-8 length of a string, without encoding it. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}

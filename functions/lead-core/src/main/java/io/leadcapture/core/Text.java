package io.leadcapture.core;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Cleaning of free text: NFC, no control or invisible format characters (CR/LF never reach a
 * header or a log line; bidi embeddings, overrides and isolates U+202A–U+202E, U+2066–U+2069 never
 * reverse text in a mail), and no Unicode line or paragraph separators (U+2028/U+2029), which would
 * break a line where the plain-text mail does not see one.
 */
public final class Text {
    private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Z}\\s]+");
    private static final Pattern CONTROL_EXCEPT_NEWLINE = Pattern.compile("[\\p{Cc}\\p{Cf}&&[^\\n]]");

    private Text() {
    }

    /** A one-line value: trimmed, every run of whitespace or control characters folded to one space; null if empty. */
    public static String singleLine(String raw) {
        if (raw == null) {
            return null;
        }
        if (isCleanSingleLine(raw)) {
            return raw; // the usual case: already clean, nothing to allocate
        }
        String s = CONTROL_OR_SPACE.matcher(nfc(raw)).replaceAll(" ").strip();
        return s.isEmpty() ? null : s;
    }

    /**
     * A multi-line value (a message): line breaks kept as \n (CR LF, CR and the Unicode line and
     * paragraph separators become \n), other control and format characters removed.
     */
    public static String multiLine(String raw) {
        if (raw == null) {
            return null;
        }
        if (isCleanMultiLine(raw)) {
            return raw;
        }
        String s = nfc(raw).replace("\r\n", "\n").replace('\r', '\n')
                .replace('\u2028', '\n').replace('\u2029', '\n');
        s = CONTROL_EXCEPT_NEWLINE.matcher(s).replaceAll("").strip();
        return s.isEmpty() ? null : s;
    }

    /** Non-empty, no edge or double spaces, only plain spaces, no control or format characters, NFC. */
    private static boolean isCleanSingleLine(String s) {
        int n = s.length();
        if (n == 0 || s.charAt(0) == ' ' || s.charAt(n - 1) == ' ') {
            return false;
        }
        boolean ascii = true;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || (c == ' ' && prev == ' ')) {
                return false;
            }
            if (c >= 0x80) {
                ascii = false;
                if (isSpaceControlOrFormat(c)) {
                    return false;
                }
            }
            prev = c;
        }
        return ascii || isNfc(s);
    }

    private static boolean isCleanMultiLine(String s) {
        int n = s.length();
        if (n == 0 || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(n - 1))) {
            return false;
        }
        boolean ascii = true;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\n') || c == 0x7f) {
                return false;
            }
            if (c >= 0x80) {
                ascii = false;
                int type = Character.getType(c);
                if (type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    return false;
                }
            }
        }
        return ascii || isNfc(s);
    }

    /**
     * {@code s} in NFC. Every character below U+0300 (Latin-1, Latin Extended) is NFC on its own and
     * composes with nothing before it, so such text — nearly every form value — is returned as it is,
     * without loading the normaliser's tables.
     */
    public static String nfc(String s) {
        return belowCombiningMarks(s) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
    }

    private static boolean isNfc(String s) {
        return belowCombiningMarks(s) || Normalizer.isNormalized(s, Normalizer.Form.NFC);
    }

    private static boolean belowCombiningMarks(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x300) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpaceControlOrFormat(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SPACE_SEPARATOR
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}

package io.leadcapture.core;

import java.text.Normalizer;
import java.util.regex.Pattern;

/** Cleaning of free text: NFC, no control characters (CR/LF never reach a header or a log line). */
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
        String s = CONTROL_OR_SPACE.matcher(Normalizer.normalize(raw, Normalizer.Form.NFC)).replaceAll(" ").strip();
        return s.isEmpty() ? null : s;
    }

    /** A multi-line value (a message): line breaks kept as \n, other control characters removed. */
    public static String multiLine(String raw) {
        if (raw == null) {
            return null;
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC).replace("\r\n", "\n").replace('\r', '\n');
        s = CONTROL_EXCEPT_NEWLINE.matcher(s).replaceAll("").strip();
        return s.isEmpty() ? null : s;
    }
}

package io.leadcapture.core.notify;

import io.leadcapture.core.Text;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text helpers shared by the renderers: HTML escaping, one-line truncation, times. */
final class MailText {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter UTC_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter BERLIN_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'Europe/Berlin (UTC'xxx')'", Locale.ROOT).withZone(BERLIN);
    private static final String ELLIPSIS = "…";

    private MailText() {
    }

    /**
     * Escapes text for HTML element content and quoted attribute values: {@code & < > " '}. Null
     * becomes the empty string.
     */
    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Multi-line text for HTML: cleaned ({@link Text#multiLine}), escaped, line breaks as {@code <br>}. */
    static String htmlLines(String raw) {
        String s = wellFormed(Text.multiLine(raw));
        return s == null ? "" : html(s).replace("\n", "<br>\n");
    }

    /** Lead-supplied text on one line ({@link Text#singleLine}), cut to {@code max} chars; null if empty. */
    static String oneLine(String raw, int max) {
        return truncate(wellFormed(Text.singleLine(raw)), max);
    }

    /** Every unpaired surrogate (invalid UTF-16, unencodable) replaced by U+FFFD. */
    static String wellFormed(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            boolean lone = !paired && Character.isSurrogate(c);
            if (lone && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(lone ? '\uFFFD' : c);
                if (paired) {
                    b.append(s.charAt(i + 1));
                }
            }
            if (paired) {
                i++;
            }
        }
        return b == null ? s : b.toString();
    }

    /** At most {@code max} chars, ending in "…" when cut; never splits a surrogate pair. */
    static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - ELLIPSIS.length();
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, Math.max(end, 0)).stripTrailing() + ELLIPSIS;
    }

    /** Multi-line text for a plain-text body, every line indented so it cannot pose as a heading. */
    static String indented(String raw, String indent) {
        String s = wellFormed(Text.multiLine(raw));
        return s == null ? "" : indent + s.replace("\n", "\n" + indent);
    }

    static String utc(Instant t) {
        return t == null ? null : UTC_TIME.format(t);
    }

    static String berlin(Instant t) {
        return t == null ? null : BERLIN_TIME.format(t);
    }
}

package io.leadcapture.core.notify;

import io.leadcapture.core.EmailAddresses;
import java.util.List;
import java.util.Objects;

/**
 * A rendered mail, ready to hand to a mail service. The header fields are checked here, whoever
 * built them: a subject, recipient or Reply-To can never carry a line break (no header injection)
 * or any other control or invisible format character.
 *
 * @param subject one line, at most {@value #MAX_SUBJECT_LENGTH} chars
 * @param html    the HTML body (complete document)
 * @param text    the plain-text alternative
 * @param to      at least one recipient address
 * @param replyTo one address, or null for none
 * @param unsubscribeUrl the one-click unsubscribe link of an automated mail to a person
 *                       ({@code List-Unsubscribe}, RFC 8058), or null for mails without one
 *                       (transactional mails, mails to sales)
 */
public record Mail(String subject, String html, String text, List<String> to, String replyTo, String unsubscribeUrl) {
    public static final int MAX_SUBJECT_LENGTH = 200;

    /** A mail without an unsubscribe link. */
    public Mail(String subject, String html, String text, List<String> to, String replyTo) {
        this(subject, html, text, to, replyTo, null);
    }

    public Mail {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(html, "html");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(to, "to");
        if (subject.isBlank()) {
            throw new IllegalArgumentException("subject is blank");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("subject longer than " + MAX_SUBJECT_LENGTH + " chars");
        }
        if (!isHeaderSafe(subject)) {
            throw new IllegalArgumentException("subject contains a line break or control character");
        }
        to = List.copyOf(to); // rejects null elements
        if (to.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
        for (String address : to) {
            if (!isSafeAddress(address)) {
                throw new IllegalArgumentException("recipient is not a single plain email address");
            }
        }
        if (replyTo != null && !isSafeAddress(replyTo)) {
            throw new IllegalArgumentException("replyTo is not a single plain email address");
        }
        if (unsubscribeUrl != null && !isHeaderUrl(unsubscribeUrl)) {
            throw new IllegalArgumentException("unsubscribeUrl is not one absolute http(s) URL fit for a header");
        }
    }

    /** Goes between {@code <} and {@code >} in a header: http(s), printable ASCII, nothing that ends or splits the list. */
    private static boolean isHeaderUrl(String url) {
        return (url.startsWith("https://") || url.startsWith("http://"))
                && url.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '<' && c != '>' && c != ',' && c != '"');
    }

    /**
     * True when {@code s} may stand in a header: no control characters (CR, LF, NUL, DEL, C1, …), no
     * format characters (bidi overrides, zero-width), no Unicode line or paragraph separators,
     * no lone surrogates.
     */
    public static boolean isHeaderSafe(String s) {
        return s.codePoints().noneMatch(Mail::unsafeInHeader);
    }

    /**
     * True when {@code address} is one valid email address with nothing around it: header-safe, no
     * whitespace, and accepted by {@link EmailAddresses}. A display name, a list or a comment is refused.
     */
    public static boolean isSafeAddress(String address) {
        if (address == null || address.isEmpty() || !isHeaderSafe(address)
                || address.codePoints().anyMatch(Character::isWhitespace)) {
            return false;
        }
        return EmailAddresses.normalise(address).isPresent();
    }

    private static boolean unsafeInHeader(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE; // a lone surrogate
    }
}

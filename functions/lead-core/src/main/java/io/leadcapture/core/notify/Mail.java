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
 */
public record Mail(String subject, String html, String text, List<String> to, String replyTo) {
    public static final int MAX_SUBJECT_LENGTH = 200;

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

package io.leadcapture.core;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email syntax check and normalisation: trimmed, NFC, lower-cased. Only deliverable addresses are
 * accepted: the local part is ASCII, because Amazon SES (like most mail services) takes only 7-bit
 * ASCII before the @, so every mail to or about such a lead would be refused. Internationalised
 * domains (müller.de) stay in their Unicode form, are checked through their ASCII (punycode) form
 * and are sent in it.
 */
public final class EmailAddresses {
    /** The field error for any address {@link #normalise} refuses, unless {@link #NON_ASCII_LOCAL_PART} says more. */
    public static final String INVALID = "not a valid email address";
    /** The field error for an address whose only fault is a non-ASCII character before the @ (jörg@firma.de). */
    public static final String NON_ASCII_LOCAL_PART =
            "only ASCII characters are allowed before the @ (no umlauts or accents): mail to this address cannot be delivered";

    private static final String ATEXT = "!#$%&'*+/=?^_`{|}~-";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private EmailAddresses() {
    }

    /** The normalised address, or empty when it is malformed or not deliverable (a non-ASCII local part). */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.nfc(raw.strip()).toLowerCase(Locale.ROOT);
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1 || s.length() > 254) {
            return Optional.empty();
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.length() > 64 || !validLocal(local)) {
            return Optional.empty();
        }
        if (isPlainAsciiDomain(domain)) {
            return Optional.of(s); // the usual case: no IDN conversion needed
        }
        if (!validDomain(domain)) {
            return Optional.empty();
        }
        // One spelling per domain: full-width letters and ideographic dots fold to the canonical Unicode form.
        String canonicalDomain = IDN.toUnicode(IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES)).toLowerCase(Locale.ROOT);
        return Optional.of(local + "@" + canonicalDomain);
    }

    /** Why {@link #normalise} refuses {@code raw}, as a field error; null when it accepts it. */
    public static String problem(String raw) {
        if (normalise(raw).isPresent()) {
            return null;
        }
        if (raw == null) {
            return INVALID;
        }
        // Its only fault is a non-ASCII character before the @ when the address with those replaced is valid.
        String s = Text.nfc(raw.strip());
        int at = s.lastIndexOf('@');
        if (at > 0) {
            StringBuilder ascii = new StringBuilder(s.length());
            s.substring(0, at).codePoints().forEach(cp -> ascii.append(cp < 0x80 ? (char) cp : 'x'));
            if (!ascii.toString().equals(s.substring(0, at)) && normalise(ascii + s.substring(at)).isPresent()) {
                return NON_ASCII_LOCAL_PART;
            }
        }
        return INVALID;
    }

    /** RFC 5322 dot-atom in ASCII; quoted local parts are not accepted from web forms. */
    private static boolean validLocal(String local) {
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c >= 0x80 || !(Character.isLetterOrDigit(c) || ATEXT.indexOf(c) >= 0 || c == '.')) {
                return false;
            }
        }
        return local.charAt(0) != '.' && local.charAt(local.length() - 1) != '.' && !local.contains("..");
    }

    /** Lower-case LDH labels, at least two, alphabetic TLD: already canonical, valid without IDN. */
    private static boolean isPlainAsciiDomain(String domain) {
        if (domain.length() > 253) {
            return false;
        }
        int labelStart = 0;
        int labels = 0;
        for (int i = 0; i <= domain.length(); i++) {
            if (i == domain.length() || domain.charAt(i) == '.') {
                int len = i - labelStart;
                if (len < 1 || len > 63 || domain.charAt(labelStart) == '-' || domain.charAt(i - 1) == '-') {
                    return false;
                }
                labels++;
                labelStart = i + 1;
                continue;
            }
            char c = domain.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        String tld = domain.substring(domain.lastIndexOf('.') + 1);
        return labels >= 2 && tld.length() >= 2 && tld.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')
                && !domain.startsWith("xn--") && !domain.contains(".xn--");
    }

    public static String domainOf(String normalisedEmail) {
        return normalisedEmail.substring(normalisedEmail.lastIndexOf('@') + 1);
    }

    private static boolean validDomain(String domain) {
        String ascii;
        try {
            ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (ascii.length() > 253 || ascii.endsWith(".")) {
            return false;
        }
        String[] labels = ascii.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        String tld = labels[labels.length - 1];
        return tld.startsWith("xn--") || tld.chars().allMatch(Character::isLetter) && tld.length() >= 2;
    }
}

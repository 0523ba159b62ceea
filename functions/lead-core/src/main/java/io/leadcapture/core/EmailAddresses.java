package io.leadcapture.core;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Email syntax check and normalisation: trimmed, NFC, lower-cased. Internationalised domains
 * (müller.de) stay in their Unicode form and are checked through their ASCII (punycode) form.
 */
public final class EmailAddresses {
    // RFC 5322 dot-atom for the local part; quoted local parts are not accepted from web forms.
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\p{L}\\p{N}]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-\\p{L}\\p{N}]+)*");
    private static final String ATEXT = "!#$%&'*+/=?^_`{|}~-";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private EmailAddresses() {
    }

    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
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

    private static boolean validLocal(String local) {
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c >= 0x80 || !(Character.isLetterOrDigit(c) || ATEXT.indexOf(c) >= 0 || c == '.')) {
                return c >= 0x80 && LOCAL.matcher(local).matches();
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

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
        if (local.length() > 64 || !LOCAL.matcher(local).matches() || !validDomain(domain)) {
            return Optional.empty();
        }
        // One spelling per domain: full-width letters and ideographic dots fold to the canonical Unicode form.
        String canonicalDomain = IDN.toUnicode(IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES)).toLowerCase(Locale.ROOT);
        return Optional.of(local + "@" + canonicalDomain);
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

package io.leadcapture.core;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.google.i18n.phonenumbers.Phonemetadata;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.RegionMetadataSource;
import java.util.Optional;

/**
 * Phone numbers to E.164 with libphonenumber; national numbers are read in the form's default region.
 *
 * <p>libphonenumber's {@code parse} spends most of its time on regular expressions for shapes web
 * forms rarely send (extensions, RFC 3966, vanity letters). Plain digit strings — the common case —
 * take a shortcut that builds the number from the region metadata and validates it with
 * libphonenumber; anything the shortcut cannot settle goes through the full parser. A test checks
 * the shortcut against the full parser for the example numbers of every region.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final RegionMetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    private static final int MAX_DIGITS = 17;

    private PhoneNumbers() {
    }

    public static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || raw.length() > 40) {
            return Optional.empty();
        }
        Phonenumber.PhoneNumber quick = shortcut(raw, defaultRegion);
        if (quick != null) {
            return Optional.of(UTIL.format(quick, PhoneNumberUtil.PhoneNumberFormat.E164));
        }
        return fullParse(raw, defaultRegion);
    }

    static Optional<String> fullParse(String raw, String defaultRegion) {
        try {
            Phonenumber.PhoneNumber n = UTIL.parse(raw.strip(), defaultRegion);
            if (!UTIL.isValidNumber(n)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(n, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * A valid number for inputs made only of digits, an optional leading '+', spaces and the
     * separators - . / ( ); null when the full parser must decide.
     */
    static Phonenumber.PhoneNumber shortcut(String raw, String region) {
        StringBuilder digits = new StringBuilder(20);
        boolean plus = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && digits.isEmpty() && !plus) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '/' && c != '(' && c != ')') {
                return null;
            }
        }
        if (digits.length() < 4 || digits.length() > MAX_DIGITS) {
            return null;
        }
        int countryCode;
        String national;
        Phonemetadata.PhoneMetadata meta;
        if (plus) {
            if (digits.charAt(0) == '0') {
                return null; // no country code starts with 0
            }
            countryCode = 0;
            national = null;
            for (int len = 1; len <= 3 && len < digits.length(); len++) {
                int cc = Integer.parseInt(digits.substring(0, len));
                if (!PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(UTIL.getRegionCodeForCountryCode(cc))
                        && !"ZZ".equals(UTIL.getRegionCodeForCountryCode(cc))) {
                    countryCode = cc;
                    national = digits.substring(len);
                    break;
                }
            }
            if (countryCode == 0) {
                return null;
            }
            meta = metadata(UTIL.getRegionCodeForCountryCode(countryCode));
            if (meta == null || !simplePrefixes(meta) || startsWithPrefix(national, meta.getNationalPrefix())) {
                return null;
            }
        } else {
            meta = metadata(region);
            if (meta == null || !simplePrefixes(meta)) {
                return null;
            }
            String s = digits.toString();
            String idd = meta.getInternationalPrefix();
            if (!idd.chars().allMatch(Character::isDigit) || s.startsWith(idd)) {
                return null;
            }
            countryCode = meta.getCountryCode();
            String prefix = meta.getNationalPrefix();
            national = startsWithPrefix(s, prefix) ? s.substring(prefix.length()) : s;
        }
        if (national.isEmpty() || national.charAt(0) == '0') {
            return null; // leading zeros in the national number (Italy, …) need the full parser
        }
        Phonenumber.PhoneNumber n = new Phonenumber.PhoneNumber()
                .setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
        return UTIL.isValidNumber(n) ? n : null;
    }

    private static Phonemetadata.PhoneMetadata metadata(String region) {
        return region == null || !UTIL.getSupportedRegions().contains(region) ? null : METADATA.getMetadataForRegion(region);
    }

    /** The region strips a fixed national prefix (or none) with no rewrite rule. */
    private static boolean simplePrefixes(Phonemetadata.PhoneMetadata meta) {
        String prefix = meta.getNationalPrefix();
        String forParsing = meta.getNationalPrefixForParsing();
        return prefix.chars().allMatch(Character::isDigit)
                && (forParsing.isEmpty() || forParsing.equals(prefix))
                && meta.getNationalPrefixTransformRule().isEmpty();
    }

    private static boolean startsWithPrefix(String digits, String prefix) {
        return !prefix.isEmpty() && digits.startsWith(prefix);
    }
}

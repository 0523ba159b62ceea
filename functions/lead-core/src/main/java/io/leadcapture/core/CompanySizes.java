package io.leadcapture.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Company size to a fixed band (1-10, 11-50, 51-250, 251-1000, 1001-5000, 5001+), from a head
 * count ("120"), a range ("51-250", "51–250", "51 bis 250") or an open range ("1000+").
 */
public final class CompanySizes {
    public static final List<String> BANDS = List.of("1-10", "11-50", "51-250", "251-1000", "1001-5000", "5001+");
    private static final int[] UPPER = {10, 50, 250, 1000, 5000, Integer.MAX_VALUE};
    private static final Pattern RANGE = Pattern.compile("(\\d[\\d.,']*)\\s*(?:-|–|—|bis|to)\\s*(\\d[\\d.,']*)");
    private static final Pattern OPEN = Pattern.compile("(?:(\\d[\\d.,']*)\\s*\\+|(?:über|ueber|more than|over|>)\\s*(\\d[\\d.,']*))");
    private static final Pattern SINGLE = Pattern.compile("(\\d[\\d.,']*)");

    private CompanySizes() {
    }

    public static Optional<String> band(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = raw.strip().toLowerCase(Locale.ROOT);
        if (BANDS.contains(s)) {
            return Optional.of(s);
        }
        Matcher m = RANGE.matcher(s);
        if (m.find()) {
            return bandOf(parse(m.group(2)));
        }
        m = OPEN.matcher(s);
        if (m.find()) {
            return bandOf(parse(m.group(1) != null ? m.group(1) : m.group(2)) + 1);
        }
        m = SINGLE.matcher(s);
        if (m.matches()) {
            return bandOf(parse(m.group(1)));
        }
        return Optional.empty();
    }

    private static long parse(String digits) {
        String d = digits.replaceAll("[.,']", "");
        return d.length() > 9 ? Long.MAX_VALUE / 2 : Long.parseLong(d);
    }

    private static Optional<String> bandOf(long n) {
        if (n < 1) {
            return Optional.empty();
        }
        for (int i = 0; i < UPPER.length; i++) {
            if (n <= UPPER[i]) {
                return Optional.of(BANDS.get(i));
            }
        }
        return Optional.of(BANDS.get(BANDS.size() - 1));
    }
}

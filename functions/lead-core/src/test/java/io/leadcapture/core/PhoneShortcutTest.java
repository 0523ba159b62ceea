package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The digits-only shortcut never disagrees with libphonenumber's full parser. */
class PhoneShortcutTest {
    static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Test
    void shortcutAgreesWithTheFullParserForEveryRegionsExampleNumbers() {
        List<String> regions = new ArrayList<>(UTIL.getSupportedRegions());
        int shortcutTaken = 0;
        int compared = 0;
        for (String numberRegion : regions) {
            for (PhoneNumberUtil.PhoneNumberType type : PhoneNumberUtil.PhoneNumberType.values()) {
                Phonenumber.PhoneNumber example = UTIL.getExampleNumberForType(numberRegion, type);
                if (example == null) {
                    continue;
                }
                List<String> inputs = List.of(
                        UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.E164),
                        UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL),
                        UTIL.format(example, PhoneNumberUtil.PhoneNumberFormat.NATIONAL),
                        UTIL.getNationalSignificantNumber(example),
                        "00" + example.getCountryCode() + UTIL.getNationalSignificantNumber(example),
                        "011" + example.getCountryCode() + UTIL.getNationalSignificantNumber(example));
                for (String input : inputs) {
                    for (String formRegion : List.of(numberRegion, "DE", "US", "GB", "AT", "CH")) {
                        compared++;
                        if (PhoneNumbers.shortcut(input, formRegion) != null) {
                            shortcutTaken++;
                        }
                        assertThat(PhoneNumbers.toE164(input, formRegion))
                                .as(input + " in " + formRegion)
                                .isEqualTo(PhoneNumbers.fullParse(input, formRegion));
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(10_000);
        // the shortcut carries the common cases, or it is pointless
        assertThat(shortcutTaken).isGreaterThan(compared / 5);
    }

    @Test
    void shortcutAgreesOnRandomDigitStrings() {
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(random.nextBoolean() ? "+" : random.nextBoolean() ? "0" : "");
            int len = 4 + random.nextInt(12);
            for (int k = 0; k < len; k++) {
                s.append((char) ('0' + random.nextInt(10)));
                if (random.nextInt(5) == 0) {
                    s.append(" -./".charAt(random.nextInt(4)));
                }
            }
            String region = List.of("DE", "US", "GB", "FR", "IT", "AT", "CH", "NL", "ES", "PL").get(random.nextInt(10));
            assertThat(PhoneNumbers.toE164(s.toString(), region)).as(s + " in " + region)
                    .isEqualTo(PhoneNumbers.fullParse(s.toString(), region));
        }
    }
}

package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessHoursTest {
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
    /** Mon–Fri 08:00–18:00 Europe/Berlin. */
    static final BusinessHours BERLIN = new BusinessHours(WEEKDAYS, LocalTime.of(8, 0), LocalTime.of(18, 0),
            ZoneId.of("Europe/Berlin"));

    @ParameterizedTest(name = "{0} + {1}h = {2}")
    @CsvSource({
            // Wednesday 10:00 CET: within the day
            "2026-12-02T09:00:00Z, 4, 2026-12-02T13:00:00Z",
            // Friday 16:00 CET: two hours on Friday, the weekend does not count, two on Monday
            "2026-11-27T15:00:00Z, 4, 2026-11-30T09:00:00Z",
            // Saturday: the clock starts Monday 08:00
            "2026-11-28T12:00:00Z, 4, 2026-11-30T11:00:00Z",
            // Tuesday 06:00 CET, before opening: from 08:00
            "2026-12-01T05:00:00Z, 4, 2026-12-01T11:00:00Z",
            // Tuesday 19:00 CET, after closing: from Wednesday 08:00
            "2026-12-01T18:00:00Z, 4, 2026-12-02T11:00:00Z",
            // exactly the rest of the day: due at closing, not the next morning
            "2026-12-02T13:00:00Z, 4, 2026-12-02T17:00:00Z",
            // 24 business hours from Monday 08:00 CET: Monday and Tuesday (20 h) and four more on Wednesday
            "2026-11-30T07:00:00Z, 24, 2026-12-02T11:00:00Z",
            // Friday 16:00 CET before the clocks go forward (29 March): Monday 08:00 is 06:00Z in summer time
            "2026-03-27T15:00:00Z, 4, 2026-03-30T08:00:00Z",
            // Friday 16:00 CEST before the clocks go back (25 October): Monday 08:00 is 07:00Z in winter time
            "2026-10-23T14:00:00Z, 4, 2026-10-26T09:00:00Z",
            "2026-12-02T09:00:00Z, 0, 2026-12-02T09:00:00Z"})
    void deadlineCountsBusinessHoursOnly(String start, long hours, String due) {
        assertThat(BERLIN.deadline(Instant.parse(start), Duration.ofHours(hours))).isEqualTo(Instant.parse(due));
    }

    @Test
    void theTimeZoneDecidesWhenTheDayOpens() {
        BusinessHours newYork = new BusinessHours(WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0),
                ZoneId.of("America/New_York"));
        // 08:00 EST Wednesday: opens at 09:00 EST (14:00Z), four hours later 13:00 EST
        assertThat(newYork.deadline(Instant.parse("2026-12-02T13:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-12-02T18:00:00Z"));
        // the same instant in Berlin is 14:00 CET: four hours later is closing time, 18:00 CET
        assertThat(BERLIN.deadline(Instant.parse("2026-12-02T13:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-12-02T17:00:00Z"));
        // 18:00Z is 13:00 in New York and 19:00 in Berlin: four hours run there that day, none here
        assertThat(newYork.deadline(Instant.parse("2026-12-02T18:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-12-02T22:00:00Z"));
        assertThat(BERLIN.deadline(Instant.parse("2026-12-02T18:00:00Z"), Duration.ofHours(4)))
                .isEqualTo(Instant.parse("2026-12-03T11:00:00Z"));
    }

    @Test
    void betweenCountsOnlyOpenHours() {
        // Friday 16:00 CET to Monday 10:00 CET: two hours on Friday, two on Monday
        assertThat(BERLIN.between(Instant.parse("2026-11-27T15:00:00Z"), Instant.parse("2026-11-30T09:00:00Z")))
                .isEqualTo(Duration.ofHours(4));
        // a weekend alone: nothing
        assertThat(BERLIN.between(Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-29T23:00:00Z")))
                .isZero();
        assertThat(BERLIN.between(Instant.parse("2026-11-30T09:00:00Z"), Instant.parse("2026-11-27T15:00:00Z")))
                .isZero();
        // the inverse of deadline
        Instant start = Instant.parse("2026-03-27T15:00:00Z");
        assertThat(BERLIN.between(start, BERLIN.deadline(start, Duration.ofMinutes(371)))).isEqualTo(Duration.ofMinutes(371));
    }

    @Test
    void impossibleHoursAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BusinessHours(WEEKDAYS, LocalTime.of(18, 0),
                LocalTime.of(8, 0), ZoneId.of("Europe/Berlin")));
        assertThatIllegalArgumentException().isThrownBy(() -> new BusinessHours(Set.of(), LocalTime.of(8, 0),
                LocalTime.of(18, 0), ZoneId.of("Europe/Berlin")));
    }
}

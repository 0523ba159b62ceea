package io.leadcapture.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunnelReportTest {

    @Test
    void bucketsAreHourlyThenHalfDaysThenDaysThenOneOpenBucket() {
        assertThat(HoursHistogram.bucket(-3)).isZero();
        assertThat(HoursHistogram.bucket(0.5)).isZero();
        assertThat(HoursHistogram.bucket(3.5)).isEqualTo(3);
        assertThat(HoursHistogram.bucket(47.99)).isEqualTo(47);
        assertThat(HoursHistogram.bucket(48)).isEqualTo(48);
        assertThat(HoursHistogram.bucket(60)).isEqualTo(49);
        assertThat(HoursHistogram.bucket(14 * 24)).isEqualTo(72);
        assertThat(HoursHistogram.bucket(90 * 24 - 1)).isEqualTo(HoursHistogram.BUCKETS - 2);
        assertThat(HoursHistogram.bucket(10_000)).isEqualTo(HoursHistogram.BUCKETS - 1);
        assertThat(HoursHistogram.representative(3)).isEqualTo(3.5);
        assertThat(HoursHistogram.representative(48)).isEqualTo(54);
        assertThat(HoursHistogram.representative(72)).isEqualTo(14 * 24 + 12);
    }

    @Test
    void theMedianComesFromTheCountsPerBucket() {
        assertThat(HoursHistogram.median(Map.of())).isNull();
        assertThat(HoursHistogram.median(Map.of(3, 1L))).isEqualTo(3.5);
        // 1, 1, 5 → the middle one
        assertThat(HoursHistogram.median(Map.of(1, 2L, 5, 1L))).isEqualTo(1.5);
        // 1, 5 → between them
        assertThat(HoursHistogram.median(Map.of(1, 1L, 5, 1L))).isEqualTo(3.5);
    }

    @Test
    void groupsAreSummedOverDaysWithRatesAndATotal() {
        FunnelCounts googleDay1 = new FunnelCounts("google", 4, 2, 1, 0, 1, 0, 0, Map.of(3, 2L), Map.of(1, 1L));
        FunnelCounts googleDay2 = new FunnelCounts("google", 4, 2, 1, 1, 0, 1, 0, Map.of(3, 2L), Map.of());
        FunnelCounts direct = new FunnelCounts("web_form", 1, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());
        FunnelReport report = FunnelReport.of(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02"),
                FunnelGroupBy.SOURCE, List.of(direct, googleDay1, googleDay2));
        assertThat(report.by()).isEqualTo("source");
        assertThat(report.groups()).extracting(FunnelReport.Row::group).containsExactly("google", "web_form");
        FunnelReport.Row google = report.groups().get(0);
        assertThat(google.captured()).isEqualTo(8);
        assertThat(google.conversion()).isEqualTo(new FunnelReport.Rates(0.5, 0.5, 0.5, 0.125));
        assertThat(google.medianHoursLeadToMql()).isEqualTo(3.5);
        assertThat(google.medianHoursMqlToFirstActivity()).isEqualTo(1.5);
        assertThat(report.groups().get(1).conversion().mqlRate()).isZero();
        assertThat(report.groups().get(1).conversion().sqlRate()).isNull();
        assertThat(report.total().captured()).isEqualTo(9);
        assertThat(report.total().slaBreaches()).isEqualTo(1);
    }
}

package io.leadcapture.core.report;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The funnel over a range of days, per group and in total. Each step is counted on the day it
 * happened (UTC), so the rates compare what happened within the range: {@code mqlRate} = MQLs /
 * captured, {@code sqlRate} = SQLs / MQLs, {@code wonRate} = won / SQLs, {@code leadToWonRate} =
 * won / captured; null where the denominator is 0.
 */
public record FunnelReport(LocalDate from, LocalDate to, String by, List<Row> groups, Row total) {

    /** One group's line of the report. */
    public record Row(String group, long captured, long mql, long sql, long won, long mqlAfterNurture,
                      Rates conversion, Double medianHoursLeadToMql, Double medianHoursMqlToFirstActivity, long firstActivity,
                      long slaBreaches) {

        static Row of(FunnelCounts c) {
            return new Row(c.group(), c.captured(), c.mql(), c.sql(), c.won(), c.mqlAfterNurture(),
                    new Rates(rate(c.mql(), c.captured()), rate(c.sql(), c.mql()), rate(c.won(), c.sql()),
                            rate(c.won(), c.captured())),
                    HoursHistogram.median(c.leadToMqlHours()), HoursHistogram.median(c.mqlToFirstActivityHours()),
                    c.firstActivity(), c.slaBreaches());
        }
    }

    /** Conversion between the steps, as fractions rounded to four decimals. */
    public record Rates(Double mqlRate, Double sqlRate, Double wonRate, Double leadToWonRate) {
    }

    /** The report from the day counters of the range (any order, several per group). */
    public static FunnelReport of(LocalDate from, LocalDate to, FunnelGroupBy by, List<FunnelCounts> days) {
        Map<String, FunnelCounts> groups = new LinkedHashMap<>();
        FunnelCounts total = FunnelCounts.empty("total");
        for (FunnelCounts day : days) {
            groups.merge(day.group(), day, FunnelCounts::plus);
            total = total.plus(day);
        }
        List<Row> rows = new ArrayList<>(groups.values().stream().map(Row::of).toList());
        rows.sort(Comparator.comparingLong(Row::captured).reversed().thenComparing(Row::group));
        return new FunnelReport(from, to, by.wireName(), List.copyOf(rows), Row.of(total));
    }

    private static Double rate(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}

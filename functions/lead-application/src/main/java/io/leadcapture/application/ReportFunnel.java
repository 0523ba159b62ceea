package io.leadcapture.application;

import io.leadcapture.application.port.FunnelCountsPort;
import io.leadcapture.core.report.FunnelGroupBy;
import io.leadcapture.core.report.FunnelReport;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The funnel report over a range of days: built from the counters the funnel function keeps as
 * events happen, never from the leads themselves.
 */
public final class ReportFunnel {
    /** The longest range one report covers (a year and a day, so a leap year fits). */
    public static final int MAX_DAYS = 367;

    private final FunnelCountsPort counts;

    public ReportFunnel(FunnelCountsPort counts) {
        this.counts = counts;
    }

    /** @throws IllegalArgumentException {@code from} after {@code to}, or a range longer than {@link #MAX_DAYS} */
    public FunnelReport report(LocalDate from, LocalDate to, FunnelGroupBy by) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from is after to");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("the range is longer than " + MAX_DAYS + " days");
        }
        return FunnelReport.of(from, to, by, counts.dayCounts(by, from, to));
    }
}

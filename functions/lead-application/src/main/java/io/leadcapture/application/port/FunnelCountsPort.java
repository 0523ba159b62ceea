package io.leadcapture.application.port;

import io.leadcapture.core.report.FunnelCounts;
import io.leadcapture.core.report.FunnelGroupBy;
import java.time.LocalDate;
import java.util.List;

/** The funnel's day counters of one grouping, for a range of days (both inclusive). */
public interface FunnelCountsPort {
    List<FunnelCounts> dayCounts(FunnelGroupBy by, LocalDate from, LocalDate to);
}

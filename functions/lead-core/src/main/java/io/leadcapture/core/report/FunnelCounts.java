package io.leadcapture.core.report;

import java.util.HashMap;
import java.util.Map;

/**
 * The funnel counters of one group on one day (or summed over days): how many leads reached each
 * step (those that became MQL after a nurture sequence among them), and the histograms of the hours
 * from capture to MQL and from MQL to the first activity.
 */
public record FunnelCounts(String group, long captured, long mql, long sql, long won, long firstActivity,
                           long slaBreaches, long mqlAfterNurture, Map<Integer, Long> leadToMqlHours,
                           Map<Integer, Long> mqlToFirstActivityHours) {

    public FunnelCounts {
        leadToMqlHours = Map.copyOf(leadToMqlHours);
        mqlToFirstActivityHours = Map.copyOf(mqlToFirstActivityHours);
    }

    public static FunnelCounts empty(String group) {
        return new FunnelCounts(group, 0, 0, 0, 0, 0, 0, 0, Map.of(), Map.of());
    }

    /** Both counters added up, under this one's group. */
    public FunnelCounts plus(FunnelCounts o) {
        return new FunnelCounts(group, captured + o.captured, mql + o.mql, sql + o.sql, won + o.won,
                firstActivity + o.firstActivity, slaBreaches + o.slaBreaches, mqlAfterNurture + o.mqlAfterNurture,
                sum(leadToMqlHours, o.leadToMqlHours), sum(mqlToFirstActivityHours, o.mqlToFirstActivityHours));
    }

    private static Map<Integer, Long> sum(Map<Integer, Long> a, Map<Integer, Long> b) {
        Map<Integer, Long> out = new HashMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }
}

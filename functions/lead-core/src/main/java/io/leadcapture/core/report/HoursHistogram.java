package io.leadcapture.core.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * Durations in hours kept as counts per bucket, so a median comes from counters instead of a scan
 * of leads. Buckets: one hour wide below 48 h, twelve hours wide up to 14 days, a day wide up to 90
 * days, and one last bucket for everything longer: at most {@link #BUCKETS} counters per histogram.
 * A median is reported as the middle of its bucket (the lower bound of the last one).
 */
public final class HoursHistogram {
    public static final int BUCKETS = 149;
    private static final int HOURLY_UNTIL = 48;
    private static final int HALF_DAYS_UNTIL = 14 * 24;
    private static final int DAYS_UNTIL = 90 * 24;
    private static final int HALF_DAY_BUCKETS = (HALF_DAYS_UNTIL - HOURLY_UNTIL) / 12;

    private HoursHistogram() {
    }

    /** The bucket of a duration; negative durations (an activity before the MQL) count as 0 hours. */
    public static int bucket(double hours) {
        double h = Math.max(0, hours);
        if (h < HOURLY_UNTIL) {
            return (int) h;
        }
        if (h < HALF_DAYS_UNTIL) {
            return HOURLY_UNTIL + (int) ((h - HOURLY_UNTIL) / 12);
        }
        if (h < DAYS_UNTIL) {
            return HOURLY_UNTIL + HALF_DAY_BUCKETS + (int) ((h - HALF_DAYS_UNTIL) / 24);
        }
        return BUCKETS - 1;
    }

    static double lowerBound(int bucket) {
        if (bucket < HOURLY_UNTIL) {
            return bucket;
        }
        if (bucket < HOURLY_UNTIL + HALF_DAY_BUCKETS) {
            return HOURLY_UNTIL + (bucket - HOURLY_UNTIL) * 12.0;
        }
        return HALF_DAYS_UNTIL + (bucket - HOURLY_UNTIL - HALF_DAY_BUCKETS) * 24.0;
    }

    /** The value a bucket stands for: its middle, or the lower bound of the open last bucket. */
    public static double representative(int bucket) {
        if (bucket >= BUCKETS - 1) {
            return DAYS_UNTIL;
        }
        return (lowerBound(bucket) + lowerBound(bucket + 1)) / 2;
    }

    /** The median of the counted durations in hours (one decimal), or null when nothing was counted. */
    public static Double median(Map<Integer, Long> counts) {
        TreeMap<Integer, Long> sorted = new TreeMap<>(counts);
        long n = sorted.values().stream().mapToLong(Long::longValue).sum();
        if (n == 0) {
            return null;
        }
        double median = n % 2 == 1 ? valueAtRank(sorted, (n + 1) / 2)
                : (valueAtRank(sorted, n / 2) + valueAtRank(sorted, n / 2 + 1)) / 2;
        return Math.round(median * 10) / 10.0;
    }

    /** The representative value of the rank-th smallest duration (1-based). */
    private static double valueAtRank(TreeMap<Integer, Long> sorted, long rank) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : sorted.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return representative(e.getKey());
            }
        }
        return representative(sorted.lastKey());
    }
}

package io.leadcapture.core.notify;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The hours in which a follow-up clock runs: on {@code days}, from {@code from} to {@code to} local
 * time in {@code zone} (e.g. Mon–Fri 08:00–18:00 Europe/Berlin). Time outside does not count. Pure;
 * local times are turned into instants per day, so a day on which the clocks change still opens
 * and closes at its local times.
 */
public record BusinessHours(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    /** How far ahead a deadline is searched: a year of calendar days is more than any SLA. */
    private static final int MAX_DAYS = 400;

    public BusinessHours {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        days = days == null || days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
        if (days.isEmpty()) {
            throw new IllegalArgumentException("business hours need at least one day");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("business hours must open (" + from + ") before they close (" + to + ")");
        }
    }

    /** The instant at which {@code work} of business time has passed since {@code start}. */
    public Instant deadline(Instant start, Duration work) {
        Objects.requireNonNull(start, "start");
        if (work.isNegative()) {
            throw new IllegalArgumentException("work must not be negative");
        }
        Duration left = work;
        LocalDate day = start.atZone(zone).toLocalDate();
        for (int i = 0; i < MAX_DAYS; i++, day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = day.atTime(from).atZone(zone).toInstant();
            Instant closes = day.atTime(to).atZone(zone).toInstant();
            Instant begin = start.isAfter(opens) ? start : opens;
            if (!begin.isBefore(closes)) {
                continue;
            }
            Duration available = Duration.between(begin, closes);
            if (left.compareTo(available) <= 0) {
                return begin.plus(left);
            }
            left = left.minus(available);
        }
        throw new IllegalStateException("no deadline within " + MAX_DAYS + " days");
    }

    /** The business time between {@code start} and {@code end} (zero when end is not after start). */
    public Duration between(Instant start, Instant end) {
        Duration total = Duration.ZERO;
        if (!end.isAfter(start)) {
            return total;
        }
        LocalDate last = end.atZone(zone).toLocalDate();
        for (LocalDate day = start.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            Instant opens = day.atTime(from).atZone(zone).toInstant();
            Instant closes = day.atTime(to).atZone(zone).toInstant();
            Instant begin = start.isAfter(opens) ? start : opens;
            Instant finish = end.isBefore(closes) ? end : closes;
            if (finish.isAfter(begin)) {
                total = total.plus(Duration.between(begin, finish));
            }
        }
        return total;
    }
}

package io.leadcapture.read;

import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.store.LeadFilter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The query of a lead list or export: {@code stage}, {@code temperature}, {@code source}, {@code owner},
 * {@code from}, {@code to} (ISO instant, or a date: {@code from} its start, {@code to} its end, UTC) and
 * {@code cursor}. A blank parameter counts as absent; a bad one is a 400 naming it.
 */
final class LeadListQuery {
    private LeadListQuery() {
    }

    static LeadFilter filter(HttpRequest request) {
        String stage = value(request, "stage");
        String temperature = value(request, "temperature");
        String source = value(request, "source");
        String owner = value(request, "owner");
        Stage s = null;
        if (stage != null) {
            s = Stage.parse(stage).orElseThrow(() -> bad("stage", "one of " + Arrays.stream(Stage.values())
                    .map(Stage::wireName).collect(Collectors.joining(", "))));
        }
        Temperature t = null;
        if (temperature != null) {
            t = Arrays.stream(Temperature.values()).filter(v -> v.wireName().equalsIgnoreCase(temperature)).findFirst()
                    .orElseThrow(() -> bad("temperature", "one of hot, warm, cold"));
        }
        if (source != null && source.length() > 200) {
            throw bad("source", "at most 200 characters");
        }
        if (owner != null && owner.length() > 254) {
            throw bad("owner", "at most 254 characters");
        }
        Instant from = instant(request, "from", false);
        Instant to = instant(request, "to", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw bad("to", "must be after from");
        }
        return new LeadFilter(s, t, source, owner, from, to);
    }

    static int limit(HttpRequest request, int defaultLimit, int max) {
        String limit = value(request, "limit");
        if (limit == null) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw bad("limit", "a whole number from 1 to " + max);
    }

    static String cursor(HttpRequest request) {
        return value(request, "cursor");
    }

    static ApiException invalidCursor(String why) {
        return new ApiException(400, "invalid_cursor",
                "The cursor is not one a previous page of this list gave (with the same filters); start without one.",
                Map.of("cursor", why));
    }

    static ApiException bad(String parameter, String problem) {
        return new ApiException(400, "invalid_query", "The parameter '" + parameter + "' is not valid: " + problem + ".",
                Map.of(parameter, problem));
    }

    private static Instant instant(HttpRequest request, String name, boolean endOfDay) {
        String v = value(request, name);
        if (v == null) {
            return null;
        }
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (endOfDay ? d.plusDays(1) : d).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(v.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw bad(name, "an ISO-8601 date (2026-11-30) or time (2026-11-30T09:00:00Z)");
        }
    }

    private static String value(HttpRequest request, String name) {
        String v = request.queryParameter(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}

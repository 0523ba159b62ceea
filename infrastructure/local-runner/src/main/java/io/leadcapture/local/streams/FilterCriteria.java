package io.leadcapture.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An event source's {@code FilterCriteria}: its filters are OR-ed — a record is delivered when any
 * one pattern matches it; without filters every record is delivered. Records that match no filter
 * are dropped, never delivered, and the poller moves past them (as Lambda does for streams).
 */
public final class FilterCriteria {
    /** Lambda's hard quota on filters per event source mapping (the default quota is 5). */
    public static final int MAX_FILTERS = 10;

    private final List<FilterPattern> patterns;

    private FilterCriteria(List<FilterPattern> patterns) {
        this.patterns = patterns;
    }

    public static FilterCriteria none() {
        return new FilterCriteria(List.of());
    }

    /** Parses every pattern; an invalid one fails with its index ({@code Filters[1].Pattern: …}). */
    public static FilterCriteria of(List<String> patterns) {
        if (patterns.size() > MAX_FILTERS) {
            throw new FilterPattern.InvalidFilterPatternException(
                    "FilterCriteria: at most " + MAX_FILTERS + " filters per event source, got " + patterns.size());
        }
        List<FilterPattern> parsed = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            try {
                parsed.add(FilterPattern.parse(patterns.get(i)));
            } catch (FilterPattern.InvalidFilterPatternException e) {
                throw new FilterPattern.InvalidFilterPatternException(
                        "FilterCriteria.Filters[" + i + "].Pattern " + patterns.get(i) + ": " + e.getMessage());
            }
        }
        return new FilterCriteria(List.copyOf(parsed));
    }

    public List<FilterPattern> patterns() {
        return patterns;
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** True when there are no filters or any one of them matches the record's JSON. */
    public boolean matches(JsonNode record) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (FilterPattern p : patterns) {
            if (p.matches(record)) {
                return true;
            }
        }
        return false;
    }
}

package io.leadcapture.core.notify;

import io.leadcapture.core.Lead;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which territory a lead belongs to and which of its reps gets it. Pure: the round-robin counter
 * is kept elsewhere (an atomic counter per territory) and passed in.
 */
public final class Router {
    /**
     * A sales territory from {@code routing.yaml}: the countries it covers and the reps who share its
     * leads in turn. The default territory has no countries.
     *
     * @param name      lower-case id, also the key of the territory's round-robin counter
     * @param countries ISO 3166-1 alpha-2 codes, upper-case
     * @param reps      normalised rep email addresses, at least one, no duplicates
     */
    public record Territory(String name, List<String> countries, List<String> reps) {

        public Territory {
            Objects.requireNonNull(name, "name");
            countries = List.copyOf(countries == null ? List.of() : countries);
            reps = List.copyOf(Objects.requireNonNull(reps, "reps"));
            if (reps.isEmpty()) {
                throw new IllegalArgumentException("territory '" + name + "' has no reps");
            }
        }
    }

    private final RoutingConfig config;
    private final Map<String, Territory> byCountry = new HashMap<>();

    public Router(RoutingConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        for (Territory t : config.territories()) { // in order: the first territory naming a country wins
            for (String country : t.countries()) {
                byCountry.putIfAbsent(country, t);
            }
        }
    }

    /** The first territory listing the lead's country; the default one when it has no (known) country. */
    public Territory territoryFor(Lead lead) {
        Objects.requireNonNull(lead, "lead");
        String country = lead.profile().country();
        if (country == null || country.isBlank()) {
            return config.defaultTerritory();
        }
        return byCountry.getOrDefault(country.strip().toUpperCase(Locale.ROOT), config.defaultTerritory());
    }

    /**
     * The rep whose turn it is: {@code reps[floorMod(counter, reps.size())]}. Any counter value works,
     * including negative ones and a counter that wrapped around.
     */
    public String pick(Territory territory, long counter) {
        Objects.requireNonNull(territory, "territory");
        return territory.reps().get(Math.floorMod(counter, territory.reps().size()));
    }
}

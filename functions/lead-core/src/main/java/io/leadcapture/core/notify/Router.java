package io.leadcapture.core.notify;

import io.leadcapture.core.Lead;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

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
     * @param inactive  reps marked {@code active: false}: kept as known reps (owners, history), never routed to
     * @param followUp  its follow-up SLA; null: none
     */
    public record Territory(String name, List<String> countries, List<String> reps, Set<String> inactive,
                            FollowUpPolicy followUp) {

        public Territory {
            Objects.requireNonNull(name, "name");
            countries = List.copyOf(countries == null ? List.of() : countries);
            reps = List.copyOf(Objects.requireNonNull(reps, "reps"));
            inactive = Set.copyOf(inactive == null ? Set.of() : inactive);
            if (reps.isEmpty()) {
                throw new IllegalArgumentException("territory '" + name + "' has no reps");
            }
            if (!reps.containsAll(inactive)) {
                throw new IllegalArgumentException("territory '" + name + "': an inactive rep is not one of its reps");
            }
            if (inactive.containsAll(reps)) {
                throw new IllegalArgumentException("territory '" + name + "' has no active rep");
            }
        }

        /** A territory whose reps are all active. */
        public Territory(String name, List<String> countries, List<String> reps) {
            this(name, countries, reps, Set.of(), null);
        }

        /** The reps that take leads, in file order. */
        public List<String> activeReps() {
            return reps.stream().filter(r -> !inactive.contains(r)).toList();
        }

        public boolean isActive(String rep) {
            return rep != null && reps.contains(rep) && !inactive.contains(rep);
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
     * The active rep whose turn it is: {@code active[floorMod(counter, active.size())]}, where
     * {@code active} are the territory's reps not marked {@code active: false}. Any counter value works,
     * including negative ones and a counter that wrapped around.
     */
    public String pick(Territory territory, long counter) {
        Objects.requireNonNull(territory, "territory");
        List<String> active = territory.activeReps();
        return active.get(Math.floorMod(counter, active.size()));
    }

    /** The territory that lists {@code rep} (active or not), if any: who may own a lead. */
    public Optional<Territory> territoryOfRep(String rep) {
        return Stream.concat(config.territories().stream(), Stream.of(config.defaultTerritory()))
                .filter(t -> t.reps().contains(rep)).findFirst();
    }

    /**
     * The territory's next active rep after {@code current} whose turn the counter gives, never
     * {@code current} itself while another active rep exists (a lead handed on after a missed follow-up).
     */
    public String pickOther(Territory territory, long counter, String current) {
        List<String> others = territory.activeReps().stream().filter(r -> !r.equals(current)).toList();
        return others.isEmpty() ? pick(territory, counter) : others.get(Math.floorMod(counter, others.size()));
    }

    /** Whether {@code rep} is listed in some territory and not marked {@code active: false} there. */
    public boolean isActiveRep(String rep) {
        return territoryOfRep(rep).map(t -> t.isActive(rep)).orElse(false);
    }
}

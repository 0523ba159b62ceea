package io.leadcapture.core.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.leadcapture.core.BundledConfig;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.notify.Router.Territory;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sales territories and their reps, loaded once from the versioned {@code routing.yaml} and checked
 * at load: a deployment with a typo in a country code or a rep address does not start.
 */
public final class RoutingConfig {
    public static final String BUNDLED_RESOURCE = "/config/routing.yaml";
    public static final String DEFAULT_NAME = "default";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private final int version;
    private final List<Territory> territories;
    private final Territory defaultTerritory;

    private RoutingConfig(int version, List<Territory> territories, Territory defaultTerritory) {
        this.version = version;
        this.territories = List.copyOf(territories);
        this.defaultTerritory = defaultTerritory;
    }

    public static RoutingConfig bundled() {
        return BundledConfig.bundled(BUNDLED_RESOURCE, RoutingConfig::load);
    }

    public static RoutingConfig load(InputStream yaml) throws IOException {
        FileModel file = BundledConfig.read(yaml, FileModel.class);
        if (file == null) {
            throw new IllegalArgumentException("routing.yaml is empty");
        }
        if (file.version() == null || file.version() < 1) {
            throw new IllegalArgumentException("routing.yaml: version must be 1 or more");
        }
        if (file.defaultTerritory() == null) {
            throw new IllegalArgumentException("routing.yaml: a default territory is required");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> countryOwner = new HashMap<>();
        List<Territory> territories = new ArrayList<>();
        for (TerritoryModel m : file.territories() == null ? List.<TerritoryModel>of() : file.territories()) {
            if (m == null) {
                throw new IllegalArgumentException("routing.yaml: empty territory entry");
            }
            Territory t = m.toTerritory(null);
            if (t.countries().isEmpty()) {
                throw new IllegalArgumentException("territory '" + t.name() + "' lists no countries");
            }
            for (String c : t.countries()) {
                String owner = countryOwner.putIfAbsent(c, t.name());
                if (owner != null) {
                    throw new IllegalArgumentException("country " + c + " is in territory '" + owner
                            + "' and again in '" + t.name() + "'");
                }
            }
            requireNewName(names, t.name());
            territories.add(t);
        }
        Territory fallback = file.defaultTerritory().toTerritory(DEFAULT_NAME);
        if (!fallback.countries().isEmpty()) {
            throw new IllegalArgumentException("the default territory takes every other country; it lists none");
        }
        requireNewName(names, fallback.name());
        return new RoutingConfig(file.version(), territories, fallback);
    }

    public int version() {
        return version;
    }

    /** The country territories, in file order. */
    public List<Territory> territories() {
        return territories;
    }

    /** Leads without a country, or from a country no territory lists. */
    public Territory defaultTerritory() {
        return defaultTerritory;
    }

    /** A territory by name, the default one included. */
    public Optional<Territory> find(String name) {
        if (defaultTerritory.name().equals(name)) {
            return Optional.of(defaultTerritory);
        }
        return territories.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static void requireNewName(Set<String> names, String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("territory name '" + name + "' is used twice");
        }
    }

    /** A territory's follow-up SLA (see routing.yaml). */
    record FollowUpModel(Double firstContactWithinHours, BusinessHoursModel businessHours, String escalateTo,
                         Boolean reassignOnBreach) {

        FollowUpPolicy toPolicy(String territory) {
            String where = "territory '" + territory + "' followUp: ";
            if (firstContactWithinHours == null || !(firstContactWithinHours > 0) || firstContactWithinHours > 24 * 90) {
                throw new IllegalArgumentException(where + "firstContactWithinHours must be a positive number of hours");
            }
            if (businessHours == null) {
                throw new IllegalArgumentException(where + "businessHours are required");
            }
            String to = escalateTo == null || !Mail.isSafeAddress(escalateTo) ? null
                    : EmailAddresses.normalise(escalateTo).orElse(null);
            if (to == null) {
                throw new IllegalArgumentException(where + "escalateTo " + escalateTo + " is not a valid email address");
            }
            return new FollowUpPolicy(Duration.ofMinutes(Math.round(firstContactWithinHours * 60)),
                    businessHours.toHours(where), to, Boolean.TRUE.equals(reassignOnBreach));
        }
    }

    /** E.g. {@code {days: [MON, TUE, WED, THU, FRI], from: "08:00", to: "18:00", timeZone: Europe/Berlin}}. */
    record BusinessHoursModel(List<String> days, String from, String to, String timeZone) {
        private static final Map<String, DayOfWeek> DAYS = Map.of("MON", DayOfWeek.MONDAY, "TUE", DayOfWeek.TUESDAY,
                "WED", DayOfWeek.WEDNESDAY, "THU", DayOfWeek.THURSDAY, "FRI", DayOfWeek.FRIDAY,
                "SAT", DayOfWeek.SATURDAY, "SUN", DayOfWeek.SUNDAY);

        BusinessHours toHours(String where) {
            Set<DayOfWeek> weekdays = new HashSet<>();
            for (String d : days == null ? List.<String>of() : days) {
                DayOfWeek day = d == null ? null : DAYS.get(d.strip().toUpperCase(Locale.ROOT));
                if (day == null) {
                    throw new IllegalArgumentException(where + "day " + d + " is not one of MON, TUE, WED, THU, FRI, SAT, SUN");
                }
                weekdays.add(day);
            }
            if (weekdays.isEmpty()) {
                throw new IllegalArgumentException(where + "businessHours.days lists no day");
            }
            ZoneId zone;
            try {
                zone = ZoneId.of(Objects.requireNonNull(timeZone, "timeZone"));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + "timeZone " + timeZone + " is not an IANA time zone (e.g. Europe/Berlin)");
            }
            try {
                return new BusinessHours(weekdays, LocalTime.parse(Objects.requireNonNull(from, "from")),
                        LocalTime.parse(Objects.requireNonNull(to, "to")), zone);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + "businessHours from/to must be \"HH:MM\" with from before to");
            }
        }
    }

    record FileModel(Integer version, List<TerritoryModel> territories,
                     @JsonProperty("default") TerritoryModel defaultTerritory) {
    }

    /**
     * @param reps each a rep's address, or {@code {email: …, active: false}} for a rep who keeps the
     *             leads they own but is routed no new ones
     */
    record TerritoryModel(String name, List<String> countries, List<Object> reps, FollowUpModel followUp) {

        Territory toTerritory(String defaultName) {
            String n = name != null ? name : defaultName;
            if (n == null || !NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("territory name '" + n + "' must be lower-case letters, digits, - or _");
            }
            List<String> codes = new ArrayList<>();
            for (String c : countries == null ? List.<String>of() : countries) {
                if (c == null || !c.equals(c.strip().toUpperCase(Locale.ROOT)) || c.length() != 2 || !ISO_COUNTRIES.contains(c)) {
                    throw new IllegalArgumentException("territory '" + n + "': " + c
                            + " is not an upper-case ISO 3166-1 alpha-2 country code");
                }
                if (codes.contains(c)) {
                    throw new IllegalArgumentException("territory '" + n + "': country " + c + " listed twice");
                }
                codes.add(c);
            }
            if (reps == null || reps.isEmpty()) {
                throw new IllegalArgumentException("territory '" + n + "' has no reps");
            }
            List<String> addresses = new ArrayList<>();
            Set<String> inactive = new HashSet<>();
            for (Object entry : reps) {
                boolean active = true;
                Object r = entry;
                if (entry instanceof Map<?, ?> rep) {
                    if (!Set.of("email", "active").containsAll(rep.keySet()) || !(rep.get("email") instanceof String)
                            || (rep.containsKey("active") && !(rep.get("active") instanceof Boolean))) {
                        throw new IllegalArgumentException("territory '" + n + "': a rep is an address or"
                                + " {email: <address>, active: true|false}, not " + rep);
                    }
                    r = rep.get("email");
                    active = !Boolean.FALSE.equals(rep.get("active"));
                } else if (entry != null && !(entry instanceof String)) {
                    throw new IllegalArgumentException("territory '" + n + "': rep " + entry + " is not an address");
                }
                String address = !(r instanceof String text) || !Mail.isSafeAddress(text) ? null
                        : EmailAddresses.normalise(text).orElse(null);
                if (address == null) {
                    throw new IllegalArgumentException("territory '" + n + "': rep " + r + " is not a valid email address");
                }
                if (addresses.contains(address)) {
                    throw new IllegalArgumentException("territory '" + n + "': rep " + address + " listed twice");
                }
                addresses.add(address);
                if (!active) {
                    inactive.add(address);
                }
            }
            if (inactive.size() == addresses.size()) {
                throw new IllegalArgumentException("territory '" + n + "' has no active rep");
            }
            return new Territory(n, codes, addresses, inactive, followUp == null ? null : followUp.toPolicy(n));
        }
    }
}

package io.leadcapture.core.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.leadcapture.core.BundledConfig;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.notify.Router.Territory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    record FileModel(Integer version, List<TerritoryModel> territories,
                     @JsonProperty("default") TerritoryModel defaultTerritory) {
    }

    record TerritoryModel(String name, List<String> countries, List<String> reps) {

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
            for (String r : reps) {
                String address = r == null || !Mail.isSafeAddress(r) ? null : EmailAddresses.normalise(r).orElse(null);
                if (address == null) {
                    throw new IllegalArgumentException("territory '" + n + "': rep " + r + " is not a valid email address");
                }
                if (addresses.contains(address)) {
                    throw new IllegalArgumentException("territory '" + n + "': rep " + address + " listed twice");
                }
                addresses.add(address);
            }
            return new Territory(n, codes, addresses);
        }
    }
}

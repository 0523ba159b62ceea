package io.leadcapture.core.scoring;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.leadcapture.core.BundledConfig;
import io.leadcapture.core.CompanySizes;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The project's single, versioned definition of lead scoring, temperature, MQL and stage
 * transitions, read from {@code infrastructure/config/scoring.yaml} (shipped as
 * {@value #BUNDLED_RESOURCE}). Every record checks itself when built, so a broken file fails at
 * load with a message naming the YAML key; a missing key or an unknown key fails in Jackson.
 */
public record ScoringConfig(int version, Fit fit, Engagement engagement, Thresholds temperature, Mql mql,
                            Outbound outbound, Transitions transitions) {

    public static final String BUNDLED_RESOURCE = "/config/scoring.yaml";

    public ScoringConfig {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or higher, was " + version);
        }
        Objects.requireNonNull(fit, "fit");
        Objects.requireNonNull(engagement, "engagement");
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(mql, "mql");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(transitions, "transitions");
        // A perfect profile without any interest is not a hot lead; enforce it rather than hope for it.
        if (fit.maxPoints() >= temperature.hotFrom()) {
            throw new IllegalArgumentException("fit alone can reach " + fit.maxPoints()
                    + " points, which is not below temperature.hotFrom " + temperature.hotFrom());
        }
    }

    public static ScoringConfig bundled() {
        return BundledConfig.bundled(BUNDLED_RESOURCE, ScoringConfig::load);
    }

    /**
     * Reads and checks a scoring file. A semantic error is an {@link IllegalArgumentException}
     * naming the key; broken YAML, a missing, mistyped or unknown key is a Jackson exception.
     */
    public static ScoringConfig load(InputStream yaml) throws IOException {
        ObjectReader reader = BundledConfig.reader(ScoringConfig.class)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                // points: 2.5 must not silently become 2
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return BundledConfig.read(reader, yaml);
    }

    public Temperature temperatureOf(int score) {
        if (score >= temperature.hotFrom()) {
            return Temperature.HOT;
        }
        return score >= temperature.warmFrom() ? Temperature.WARM : Temperature.COLD;
    }

    /** Explicit profile data: who the person is and whether they fit our market. */
    public record Fit(Targets industry, Map<String, Integer> companySize, int budgetResponsibility,
                      Map<String, TitleGroup> jobTitle, Targets country, int businessContact,
                      int freeMailWithoutCompany) {

        public Fit {
            Objects.requireNonNull(industry, "fit.industry");
            Objects.requireNonNull(country, "fit.country");
            companySize = ordered(companySize, "fit.companySize");
            for (String band : companySize.keySet()) {
                if (!CompanySizes.BANDS.contains(band)) {
                    throw new IllegalArgumentException("fit.companySize: unknown band '" + band + "', bands are "
                            + CompanySizes.BANDS);
                }
            }
            jobTitle = ordered(jobTitle, "fit.jobTitle");
            for (String group : jobTitle.keySet()) {
                if (!group.matches("[A-Za-z][A-Za-z0-9]*")) {
                    throw new IllegalArgumentException("fit.jobTitle: group name '" + group
                            + "' must be letters and digits (it becomes the rule name fit.jobTitle." + group + ")");
                }
            }
            Set<String> iso = Set.of(Locale.getISOCountries());
            List<String> codes = country.targets().stream().map(c -> c.toUpperCase(Locale.ROOT)).toList();
            for (String code : codes) {
                if (!iso.contains(code)) {
                    throw new IllegalArgumentException("fit.country: '" + code + "' is not an ISO 3166-1 alpha-2 code");
                }
            }
            country = new Targets(country.points(), codes);
        }

        /** The most a profile can earn; business contact and free mail exclude each other. */
        public int maxPoints() {
            return Math.max(industry.points(), 0)
                    + Math.max(companySize.values().stream().mapToInt(Integer::intValue).max().orElse(0), 0)
                    + Math.max(budgetResponsibility, 0)
                    + Math.max(jobTitle.values().stream().mapToInt(TitleGroup::points).max().orElse(0), 0)
                    + Math.max(country.points(), 0)
                    + Math.max(Math.max(businessContact, freeMailWithoutCompany), 0);
        }
    }

    /** Points when the lead's value is one of {@code targets}. */
    public record Targets(int points, List<String> targets) {
        public Targets {
            targets = nonBlank(targets, "targets");
        }
    }

    /** A job-title seniority group: {@code points} when one of its keywords is in the title. */
    public record TitleGroup(int points, List<String> keywords) {
        public TitleGroup {
            keywords = nonBlank(keywords, "keywords");
            if (keywords.isEmpty()) {
                throw new IllegalArgumentException("fit.jobTitle: a group needs at least one keyword");
            }
        }
    }

    /**
     * Implicit behaviour: points per interaction type, decayed with age, plus repeat and recency
     * bonuses, counting only the interactions within the {@link Cap}. In YAML the interaction types
     * are keys of {@code engagement} itself, so each rule's name ({@code engagement.demo_request})
     * is its path in the file.
     */
    @JsonDeserialize(builder = Engagement.Yaml.class)
    public record Engagement(double halfLifeDays, Map<InteractionType, Integer> points, Repeat repeat,
                             Recency recency, Cap cap) {

        public static final double DEFAULT_HALF_LIFE_DAYS = 30;

        public Engagement {
            if (!(halfLifeDays > 0) || Double.isInfinite(halfLifeDays)) {
                throw new IllegalArgumentException("engagement.halfLifeDays must be a positive number of days, was "
                        + halfLifeDays);
            }
            // Built by a builder, not a creator, so Jackson's missing-key check does not cover these.
            if (repeat == null || recency == null || cap == null) {
                throw new IllegalArgumentException("engagement."
                        + (repeat == null ? "repeat" : recency == null ? "recency" : "cap") + " is required");
            }
            EnumMap<InteractionType, Integer> copy = new EnumMap<>(InteractionType.class);
            copy.putAll(points);
            for (InteractionType type : InteractionType.values()) {
                Integer p = copy.get(type);
                // Every type must be priced: a new channel must not score 0 by forgetting it here.
                if (p == null) {
                    throw new IllegalArgumentException("engagement." + type.wireName() + " is missing: every interaction type needs points");
                }
                if (p < 0) {
                    throw new IllegalArgumentException("engagement." + type.wireName() + " must not be negative, was " + p);
                }
            }
            points = Collections.unmodifiableMap(copy);
        }

        public int pointsFor(InteractionType type) {
            return points.get(type);
        }

        @JsonPOJOBuilder(withPrefix = "")
        static final class Yaml {
            private double halfLifeDays = DEFAULT_HALF_LIFE_DAYS;
            private Repeat repeat;
            private Recency recency;
            private Cap cap;
            private final Map<String, Integer> byType = new LinkedHashMap<>();

            @JsonProperty("halfLifeDays")
            Yaml halfLifeDays(double days) {
                this.halfLifeDays = days;
                return this;
            }

            @JsonProperty("repeat")
            Yaml repeat(Repeat r) {
                this.repeat = r;
                return this;
            }

            @JsonProperty("recency")
            Yaml recency(Recency r) {
                this.recency = r;
                return this;
            }

            @JsonProperty("cap")
            Yaml cap(Cap c) {
                this.cap = c;
                return this;
            }

            /** Every other key is an interaction type; a typo fails in {@link #build()}. */
            @JsonAnySetter
            void interactionType(String key, int points) {
                byType.put(key, points);
            }

            Engagement build() {
                Map<InteractionType, Integer> points = new EnumMap<>(InteractionType.class);
                byType.forEach((key, p) -> points.put(
                        typeNamed(key, "engagement", " and halfLifeDays, repeat, recency, cap"), p));
                return new Engagement(halfLifeDays, points, repeat, recency, cap);
            }
        }
    }

    /** {@code pointsPerAdditional} for each interaction after the first, decayed, at most {@code max} in total. */
    public record Repeat(int pointsPerAdditional, int max) {
        public Repeat {
            if (pointsPerAdditional < 0 || max < 0) {
                throw new IllegalArgumentException("engagement.repeat: pointsPerAdditional and max must not be negative");
            }
        }
    }

    /**
     * Repetition is not more interest: of one interaction type, at most {@code maxPerWindow}
     * interactions score within any {@code windowDays} ({@code byType} gives a type its own
     * maximum). The others stay on the lead's history but score nothing: no points, no repeat
     * bonus, no recency.
     */
    public record Cap(int windowDays, int maxPerWindow, Map<InteractionType, Integer> byType) {
        public Cap {
            if (windowDays < 1) {
                throw new IllegalArgumentException("engagement.cap.windowDays must be at least 1 day, was " + windowDays);
            }
            // 0 would mean "never scores", which pricing the type at 0 already says without a second way.
            if (maxPerWindow < 1) {
                throw new IllegalArgumentException("engagement.cap.maxPerWindow must be at least 1, was " + maxPerWindow);
            }
            EnumMap<InteractionType, Integer> copy = new EnumMap<>(InteractionType.class);
            Objects.requireNonNull(byType, "engagement.cap.byType").forEach((type, max) -> {
                if (max == null || max < 1) {
                    throw new IllegalArgumentException("engagement.cap.byType." + type.wireName()
                            + " must be at least 1, was " + max);
                }
                copy.put(type, max);
            });
            byType = Collections.unmodifiableMap(copy);
        }

        @JsonCreator
        static Cap fromYaml(@JsonProperty("windowDays") int windowDays, @JsonProperty("maxPerWindow") int maxPerWindow,
                            @JsonProperty("byType") Map<String, Integer> byType) {
            Map<InteractionType, Integer> max = new EnumMap<>(InteractionType.class);
            byType.forEach((key, n) -> max.put(typeNamed(key, "engagement.cap.byType", ""), n));
            return new Cap(windowDays, maxPerWindow, max);
        }

        public int maxFor(InteractionType type) {
            return byType.getOrDefault(type, maxPerWindow);
        }

        public Duration window() {
            return Duration.ofDays(windowDays);
        }
    }

    /** {@code points} when the newest interaction is at most {@code withinDays} old. */
    public record Recency(int withinDays, int points) {
        public Recency {
            if (withinDays < 0 || points < 0) {
                throw new IllegalArgumentException("engagement.recency: withinDays and points must not be negative");
            }
        }
    }

    /** cold below {@code warmFrom}, warm from {@code warmFrom}, hot from {@code hotFrom}. */
    public record Thresholds(int warmFrom, int hotFrom) {
        public Thresholds {
            if (warmFrom <= 0) {
                throw new IllegalArgumentException("temperature.warmFrom must be above 0, was " + warmFrom);
            }
            if (warmFrom >= hotFrom) {
                throw new IllegalArgumentException("temperature.warmFrom (" + warmFrom
                        + ") must be below temperature.hotFrom (" + hotFrom + ")");
            }
        }
    }

    /** The single definition of a marketing-qualified lead. */
    public record Mql(int minScore, int minFitScore) {
        public Mql {
            if (minScore < 0) {
                throw new IllegalArgumentException("mql.minScore must not be negative, was " + minScore);
            }
        }
    }

    /**
     * What a lead we came to (every interaction outbound: an imported list, a trade-fair contact) may
     * reach by score alone. An import is our list, not the person's interest.
     *
     * @param qualifies  whether an outbound-only lead may become MQL; false: only its own later
     *                   inbound interaction (a form, a webinar, a click) lets it qualify
     * @param salesMails whether an outbound-only lead turning hot mails sales; false: no sales mail
     *                   until it has an inbound interaction
     */
    public record Outbound(boolean qualifies, boolean salesMails) {
    }

    /**
     * Manual stage changes allowed in one step; a stage missing as a key is undefined and can be
     * neither left nor entered by hand.
     */
    public record Transitions(Map<Stage, Set<Stage>> allowed) {

        public Transitions {
            EnumMap<Stage, Set<Stage>> copy = new EnumMap<>(Stage.class);
            allowed.forEach((from, to) -> copy.put(from, Collections.unmodifiableSet(
                    to.isEmpty() ? EnumSet.noneOf(Stage.class) : EnumSet.copyOf(to))));
            for (Stage required : List.of(Stage.LEAD, Stage.MQL)) {
                if (!copy.containsKey(required)) {
                    throw new IllegalArgumentException("transitions: stage " + required.wireName()
                            + " must be defined (scoring moves leads from lead to MQL)");
                }
            }
            copy.forEach((from, targets) -> {
                for (Stage to : targets) {
                    if (to == from) {
                        throw new IllegalArgumentException("transitions: " + from.wireName() + " → itself is not a change");
                    }
                    if (!copy.containsKey(to)) {
                        throw new IllegalArgumentException("transitions: " + from.wireName() + " → " + to.wireName()
                                + " targets a stage that is not defined as a key");
                    }
                }
            });
            allowed = Collections.unmodifiableMap(copy);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Transitions fromYaml(Map<String, List<String>> yaml) {
            Map<Stage, Set<Stage>> allowed = new EnumMap<>(Stage.class);
            yaml.forEach((from, targets) -> {
                EnumSet<Stage> to = EnumSet.noneOf(Stage.class);
                for (String t : targets == null ? List.<String>of() : targets) {
                    to.add(stage(t));
                }
                allowed.put(stage(from), to);
            });
            return new Transitions(allowed);
        }

        public boolean defines(Stage stage) {
            return allowed.containsKey(stage);
        }

        public Set<Stage> from(Stage stage) {
            return allowed.getOrDefault(stage, Set.of());
        }

        private static Stage stage(String name) {
            // Exact spelling, as in the API: "mql" in the file is a typo, not an alias.
            return Stage.parse(name).filter(s -> s.wireName().equals(name)).orElseThrow(() -> new IllegalArgumentException(
                    "transitions: unknown stage '" + name + "', stages are "
                            + Arrays.stream(Stage.values()).map(Stage::wireName).toList()));
        }
    }

    /** The type spelled exactly as its wire name: "Quiz" in the file is a typo, not an alias. */
    private static InteractionType typeNamed(String key, String where, String alsoKnown) {
        return InteractionType.parse(key).filter(t -> t.wireName().equals(key))
                .orElseThrow(() -> new IllegalArgumentException(where + ": unknown interaction type '" + key
                        + "', known: " + Arrays.stream(InteractionType.values()).map(InteractionType::wireName).toList()
                        + alsoKnown));
    }

    private static <V> Map<String, V> ordered(Map<String, V> map, String key) {
        Objects.requireNonNull(map, key);
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static List<String> nonBlank(List<String> values, String key) {
        Objects.requireNonNull(values, key);
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(key + " must not contain blank entries");
            }
        }
        return List.copyOf(values);
    }
}

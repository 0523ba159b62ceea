package io.leadcapture.core.scoring;

import io.leadcapture.core.CompanySizes;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a lead from its profile (fit) and its interactions (engagement) as {@link ScoringConfig}
 * defines. Pure: the result depends only on the arguments, so re-scoring the same history at the
 * same {@code asOf} gives the same score and the same reasons.
 */
public final class LeadScorer {
    static final String INDUSTRY = "fit.industry";
    static final String COMPANY_SIZE = "fit.companySize";
    static final String BUDGET = "fit.budgetResponsibility";
    static final String JOB_TITLE = "fit.jobTitle.";
    static final String COUNTRY = "fit.country";
    static final String BUSINESS_CONTACT = "fit.businessContact";
    static final String FREE_MAIL = "fit.freeMailWithoutCompany";
    static final String ENGAGEMENT = "engagement.";
    static final String REPEAT = "engagement.repeat";
    static final String RECENCY = "engagement.recency";

    private static final double SECONDS_PER_DAY = 86_400;
    private static final Comparator<ScoreReason> STRONGEST_FIRST = Comparator
            .comparingDouble(ScoreReason::points).reversed()
            .thenComparing(ScoreReason::rule)
            .thenComparing(ScoreReason::detail, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final ScoringConfig config;
    private final FreeMailDomains freeMail;
    private final Keywords industries;
    private final Keywords titles;
    private final List<String> titleGroups;

    public LeadScorer(ScoringConfig config, FreeMailDomains freeMail) {
        this.config = Objects.requireNonNull(config, "config");
        this.freeMail = Objects.requireNonNull(freeMail, "freeMail");
        this.industries = new Keywords(List.of(config.fit().industry().targets()));
        this.titleGroups = List.copyOf(config.fit().jobTitle().keySet());
        this.titles = new Keywords(config.fit().jobTitle().values().stream()
                .map(ScoringConfig.TitleGroup::keywords).toList());
    }

    public ScoringConfig config() {
        return config;
    }

    public LeadScore score(Lead lead, List<Interaction> interactions, Instant asOf) {
        return scoreFromLedger(lead, EngagementLedger.of(interactions == null ? List.of() : interactions), asOf);
    }

    /**
     * The score from the profile and the lead's engagement ledger: the same as from the interactions
     * the ledger stands for (to floating-point rounding of the decayed points once it folded some).
     */
    public LeadScore scoreFromLedger(Lead lead, EngagementLedger ledger, Instant asOf) {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(asOf, "asOf");
        List<ScoreReason> fit = fit(lead.profile());
        List<ScoreReason> engagement = engagement(ledger == null ? EngagementLedger.EMPTY : ledger, asOf);
        int fitScore = round(fit);
        int engagementScore = round(engagement);
        int score = Math.max(0, fitScore + engagementScore);
        List<ScoreReason> reasons = new ArrayList<>(fit);
        reasons.addAll(engagement);
        reasons.sort(STRONGEST_FIRST);
        return new LeadScore(score, fitScore, engagementScore, config.temperatureOf(score), reasons, asOf);
    }

    private List<ScoreReason> fit(ContactProfile p) {
        ScoringConfig.Fit f = config.fit();
        List<ScoreReason> reasons = new ArrayList<>();
        if (!industries.find(p.industry()).isEmpty()) {
            add(reasons, INDUSTRY, p.industry(), f.industry().points());
        }
        CompanySizes.band(p.companySize()).ifPresent(band -> {
            Integer points = f.companySize().get(band);
            if (points != null) {
                add(reasons, COMPANY_SIZE, band, points);
            }
        });
        if (Boolean.TRUE.equals(p.budgetResponsibility())) {
            add(reasons, BUDGET, "true", f.budgetResponsibility());
        }
        // The best-paid group among the keywords found wins; listing order breaks ties.
        titles.find(p.jobTitle()).stream()
                .map(Keywords.Hit::group).distinct()
                .max(Comparator.comparingInt((Integer g) -> f.jobTitle().get(titleGroups.get(g)).points())
                        .thenComparing(Comparator.reverseOrder()))
                .ifPresent(g -> add(reasons, JOB_TITLE + titleGroups.get(g), p.jobTitle(),
                        f.jobTitle().get(titleGroups.get(g)).points()));
        if (p.country() != null && f.country().targets().contains(p.country().toUpperCase(Locale.ROOT))) {
            add(reasons, COUNTRY, p.country(), f.country().points());
        }
        // The same test that makes a lead B2B (Segments): a named company or a non-free-mail domain.
        boolean hasCompany = p.company() != null && !p.company().isBlank();
        String domain = p.email() != null && p.email().contains("@") ? EmailAddresses.domainOf(p.email()) : null;
        if (hasCompany) {
            add(reasons, BUSINESS_CONTACT, p.company(), f.businessContact());
        } else if (domain != null && !freeMail.isFreeMail(domain)) {
            add(reasons, BUSINESS_CONTACT, domain, f.businessContact());
        } else if (domain != null) {
            add(reasons, FREE_MAIL, domain, f.freeMailWithoutCompany());
        }
        return reasons;
    }

    private List<ScoreReason> engagement(EngagementLedger ledger, Instant asOf) {
        ScoringConfig.Engagement e = config.engagement();
        List<ScoreReason> reasons = new ArrayList<>();
        EngagementLedger.Folded folded = ledger.folded();
        if (ledger.entries().isEmpty() && (folded == null || folded.counted() == 0)) {
            return reasons;
        }
        Map<InteractionType, Integer> overCap = new EnumMap<>(InteractionType.class);
        // Every rule below sees only the interactions within the cap.
        List<EngagementLedger.Entry> history = withinCap(
                ledger.entries().stream().sorted(EngagementLedger.OLDEST_FIRST).toList(), overCap,
                folded == null ? Map.of() : folded.capSeed());

        Map<InteractionType, double[]> byType = new EnumMap<>(InteractionType.class); // {points, count}
        double foldedRepeat = 0;
        long foldedCounted = 0;
        if (folded != null) {
            // The folded interactions' weights were taken at `through`: decay them on to asOf.
            double since = decay(folded.through(), asOf);
            for (Map.Entry<InteractionType, EngagementLedger.Tally> t : folded.byType().entrySet()) {
                EngagementLedger.Tally tally = t.getValue();
                if (tally.counted() > 0) {
                    double[] sum = byType.computeIfAbsent(t.getKey(), k -> new double[2]);
                    sum[0] += e.pointsFor(t.getKey()) * tally.weight() * since;
                    sum[1] += tally.counted();
                    foldedRepeat += e.repeat().pointsPerAdditional() * tally.weight() * since;
                    foldedCounted += tally.counted();
                }
                if (tally.overCap() > 0) {
                    overCap.merge(t.getKey(), (int) tally.overCap(), Integer::sum);
                }
            }
        }
        for (EngagementLedger.Entry i : history) {
            double[] sum = byType.computeIfAbsent(i.type(), t -> new double[2]);
            sum[0] += e.pointsFor(i.type()) * decay(i.occurredAt(), asOf);
            sum[1]++;
        }
        byType.forEach((type, sum) -> {
            int over = overCap.getOrDefault(type, 0);
            add(reasons, ENGAGEMENT + type.wireName(), (long) sum[1] + " × " + type.wireName()
                    + (over > 0 ? ", " + over + " over the cap" : ""), sum[0]);
        });

        double repeat = 0;
        long additional;
        if (foldedCounted == 0) {
            for (EngagementLedger.Entry i : history.subList(1, history.size())) {
                repeat += e.repeat().pointsPerAdditional() * decay(i.occurredAt(), asOf);
            }
            additional = history.size() - 1;
        } else {
            // The first counted interaction is a folded one: every other counts as a repeat.
            repeat = foldedRepeat - e.repeat().pointsPerAdditional() * decay(folded.firstCountedAt(), asOf);
            for (EngagementLedger.Entry i : history) {
                repeat += e.repeat().pointsPerAdditional() * decay(i.occurredAt(), asOf);
            }
            additional = foldedCounted + history.size() - 1;
        }
        if (additional > 0) {
            add(reasons, REPEAT, additional + " additional", Math.min(repeat, e.repeat().max()));
        }

        Instant newest = history.isEmpty() ? folded.newestCountedAt() : history.get(history.size() - 1).occurredAt();
        if (ageDays(newest, asOf) <= e.recency().withinDays()) {
            add(reasons, RECENCY, "newest " + newest, e.recency().points());
        }
        return reasons;
    }

    /**
     * The ledger with its oldest entries folded into its summary when it holds more than
     * {@link EngagementLedger#MAX_ENTRIES}, keeping the newest {@link EngagementLedger#KEEP_ENTRIES}
     * (otherwise the ledger as it is). Cap decisions are taken exactly as scoring takes them, and the
     * cap state after the last folded interaction is kept, so the entries left score as they did.
     */
    public EngagementLedger fold(EngagementLedger ledger) {
        return fold(ledger, EngagementLedger.KEEP_ENTRIES, EngagementLedger.MAX_ENTRIES);
    }

    EngagementLedger fold(EngagementLedger ledger, int keep, int max) {
        if (ledger.entries().size() <= max) {
            return ledger;
        }
        ScoringConfig.Cap cap = config.engagement().cap();
        List<EngagementLedger.Entry> sorted = ledger.entries().stream().sorted(EngagementLedger.OLDEST_FIRST).toList();
        List<EngagementLedger.Entry> out = sorted.subList(0, sorted.size() - keep);
        EngagementLedger.Folded before = ledger.folded();
        Map<InteractionType, ArrayDeque<Instant>> countedInWindow = new EnumMap<>(InteractionType.class);
        Map<InteractionType, long[]> counts = new EnumMap<>(InteractionType.class); // {counted, overCap}
        Map<InteractionType, Double> weights = new EnumMap<>(InteractionType.class);
        Instant through = out.get(out.size() - 1).occurredAt();
        Instant firstCounted = null;
        Instant newestCounted = null;
        if (before != null) {
            before.capSeed().forEach((t, times) -> countedInWindow.put(t, new ArrayDeque<>(times)));
            if (before.through().isAfter(through)) {
                through = before.through();
            }
            double carry = decay(before.through(), through);
            for (Map.Entry<InteractionType, EngagementLedger.Tally> t : before.byType().entrySet()) {
                counts.put(t.getKey(), new long[] {t.getValue().counted(), t.getValue().overCap()});
                weights.put(t.getKey(), t.getValue().weight() * carry);
            }
            firstCounted = before.firstCountedAt();
            newestCounted = before.newestCountedAt();
        }
        for (EngagementLedger.Entry i : out) {
            long[] c = counts.computeIfAbsent(i.type(), t -> new long[2]);
            if (counts(i, countedInWindow, cap)) {
                c[0]++;
                weights.merge(i.type(), decay(i.occurredAt(), through), Double::sum);
                firstCounted = firstCounted == null || i.occurredAt().isBefore(firstCounted) ? i.occurredAt() : firstCounted;
                newestCounted = newestCounted == null || i.occurredAt().isAfter(newestCounted) ? i.occurredAt() : newestCounted;
            } else {
                c[1]++;
            }
        }
        Map<InteractionType, EngagementLedger.Tally> byType = new EnumMap<>(InteractionType.class);
        counts.forEach((t, c) -> byType.put(t, new EngagementLedger.Tally(c[0], c[1], weights.getOrDefault(t, 0.0))));
        Map<InteractionType, List<Instant>> seed = new EnumMap<>(InteractionType.class);
        countedInWindow.forEach((t, times) -> {
            if (!times.isEmpty()) {
                seed.put(t, List.copyOf(times));
            }
        });
        return new EngagementLedger(sorted.subList(sorted.size() - keep, sorted.size()),
                new EngagementLedger.Folded(through, byType, firstCounted, newestCounted, seed));
    }

    /**
     * The interactions that score, oldest first: one counts when fewer than its type's maximum of
     * the same type counted in the window before it (exactly one window later counts again), so no
     * window of that length holds more counted ones. Decided oldest first, so a later post never
     * changes what already counted. The rest are tallied per type in {@code overCap}. {@code seed}
     * is the window state the folded interactions left.
     */
    private List<EngagementLedger.Entry> withinCap(List<EngagementLedger.Entry> oldestFirst,
                                                   Map<InteractionType, Integer> overCap,
                                                   Map<InteractionType, List<Instant>> seed) {
        ScoringConfig.Cap cap = config.engagement().cap();
        Map<InteractionType, ArrayDeque<Instant>> countedInWindow = new EnumMap<>(InteractionType.class);
        seed.forEach((t, times) -> countedInWindow.put(t, new ArrayDeque<>(times)));
        List<EngagementLedger.Entry> counted = new ArrayList<>(oldestFirst.size());
        for (EngagementLedger.Entry i : oldestFirst) {
            if (counts(i, countedInWindow, cap)) {
                counted.add(i);
            } else {
                overCap.merge(i.type(), 1, Integer::sum);
            }
        }
        return counted;
    }

    /** One cap decision: true (and remembered in the window) when {@code i} counts. */
    private static boolean counts(EngagementLedger.Entry i, Map<InteractionType, ArrayDeque<Instant>> countedInWindow,
                                  ScoringConfig.Cap cap) {
        Duration window = cap.window();
        ArrayDeque<Instant> recent = countedInWindow.computeIfAbsent(i.type(), t -> new ArrayDeque<>());
        while (!recent.isEmpty() && Duration.between(recent.peekFirst(), i.occurredAt()).compareTo(window) >= 0) {
            recent.removeFirst();
        }
        if (recent.size() < cap.maxFor(i.type())) {
            recent.addLast(i.occurredAt());
            return true;
        }
        return false;
    }

    /** points × 0.5^(age / half-life): one half-life halves the points, two quarter them. */
    private double decay(Instant occurredAt, Instant asOf) {
        // StrictMath: the same bits on every JVM and CPU, so a re-score never flips a threshold.
        return StrictMath.pow(0.5, ageDays(occurredAt, asOf) / config.engagement().halfLifeDays());
    }

    /** Age in days; an interaction stamped after {@code asOf} (clock skew) counts as brand new. */
    private static double ageDays(Instant occurredAt, Instant asOf) {
        Duration age = Duration.between(occurredAt, asOf);
        return age.isNegative() ? 0 : (age.getSeconds() + age.getNano() / 1e9) / SECONDS_PER_DAY;
    }

    /** Reasons carry points to the cent; a rule worth nothing explains nothing and is left out. */
    private static void add(List<ScoreReason> reasons, String rule, String detail, double points) {
        double cents = BigDecimal.valueOf(points).setScale(2, RoundingMode.HALF_UP).doubleValue();
        if (cents != 0) {
            reasons.add(new ScoreReason(rule, detail, cents));
        }
    }

    /** Sum of the reasons as shown (so they add up to the score), rounded half up. */
    private static int round(List<ScoreReason> reasons) {
        return reasons.stream().map(r -> BigDecimal.valueOf(r.points())).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(0, RoundingMode.HALF_UP).intValueExact();
    }
}

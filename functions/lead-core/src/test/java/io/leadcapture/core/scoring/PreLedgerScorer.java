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
 * The scorer as it was before the engagement ledger: scores from the whole interaction list. The
 * oracle the ledger tests compare with; not to be changed with the product.
 *
 * Original documentation:
 * Scores a lead from its profile (fit) and its interactions (engagement) as {@link ScoringConfig}
 * defines. Pure: the result depends only on the arguments, so re-scoring the same history at the
 * same {@code asOf} gives the same score and the same reasons.
 */
final class PreLedgerScorer {
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
    // Stable order for equal times, so the "first" interaction (no repeat bonus) and the ones within
    // the cap are always the same ones.
    private static final Comparator<Interaction> OLDEST_FIRST = Comparator
            .comparing(Interaction::occurredAt).thenComparing(Interaction::interactionId);

    private final ScoringConfig config;
    private final FreeMailDomains freeMail;
    private final Keywords industries;
    private final Keywords titles;
    private final List<String> titleGroups;

    PreLedgerScorer(ScoringConfig config, FreeMailDomains freeMail) {
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
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(asOf, "asOf");
        List<ScoreReason> fit = fit(lead.profile());
        List<ScoreReason> engagement = engagement(interactions == null ? List.of() : interactions, asOf);
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

    private List<ScoreReason> engagement(List<Interaction> interactions, Instant asOf) {
        ScoringConfig.Engagement e = config.engagement();
        List<ScoreReason> reasons = new ArrayList<>();
        if (interactions.isEmpty()) {
            return reasons;
        }
        Map<InteractionType, Integer> overCap = new EnumMap<>(InteractionType.class);
        // Every rule below sees only the interactions within the cap.
        List<Interaction> history = withinCap(interactions.stream().sorted(OLDEST_FIRST).toList(), overCap);

        Map<InteractionType, double[]> byType = new EnumMap<>(InteractionType.class); // {points, count}
        for (Interaction i : history) {
            double[] sum = byType.computeIfAbsent(i.type(), t -> new double[2]);
            sum[0] += e.pointsFor(i.type()) * decay(i.occurredAt(), asOf);
            sum[1]++;
        }
        byType.forEach((type, sum) -> {
            int over = overCap.getOrDefault(type, 0);
            add(reasons, ENGAGEMENT + type.wireName(), (int) sum[1] + " × " + type.wireName()
                    + (over > 0 ? ", " + over + " over the cap" : ""), sum[0]);
        });

        double repeat = 0;
        for (Interaction i : history.subList(1, history.size())) {
            repeat += e.repeat().pointsPerAdditional() * decay(i.occurredAt(), asOf);
        }
        int additional = history.size() - 1;
        if (additional > 0) {
            add(reasons, REPEAT, additional + " additional", Math.min(repeat, e.repeat().max()));
        }

        Instant newest = history.get(history.size() - 1).occurredAt();
        if (ageDays(newest, asOf) <= e.recency().withinDays()) {
            add(reasons, RECENCY, "newest " + newest, e.recency().points());
        }
        return reasons;
    }

    /**
     * The interactions that score, oldest first: one counts when fewer than its type's maximum of
     * the same type counted in the window before it (exactly one window later counts again), so no
     * window of that length holds more counted ones. Decided oldest first, so a later post never
     * changes what already counted. The rest are tallied per type in {@code overCap}.
     */
    private List<Interaction> withinCap(List<Interaction> oldestFirst, Map<InteractionType, Integer> overCap) {
        ScoringConfig.Cap cap = config.engagement().cap();
        Duration window = cap.window();
        Map<InteractionType, ArrayDeque<Instant>> countedInWindow = new EnumMap<>(InteractionType.class);
        List<Interaction> counted = new ArrayList<>(oldestFirst.size());
        for (Interaction i : oldestFirst) {
            ArrayDeque<Instant> recent = countedInWindow.computeIfAbsent(i.type(), t -> new ArrayDeque<>());
            while (!recent.isEmpty() && Duration.between(recent.peekFirst(), i.occurredAt()).compareTo(window) >= 0) {
                recent.removeFirst();
            }
            if (recent.size() < cap.maxFor(i.type())) {
                recent.addLast(i.occurredAt());
                counted.add(i);
            } else {
                overCap.merge(i.type(), 1, Integer::sum);
            }
        }
        return counted;
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

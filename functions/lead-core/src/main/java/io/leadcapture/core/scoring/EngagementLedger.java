package io.leadcapture.core.scoring;

import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What engagement scoring needs of a lead's interactions, kept beside the profile so a rescore never
 * reads the interactions themselves: one small {@link Entry} (id, type, time) per interaction, and once
 * there are more than {@link #MAX_ENTRIES}, the oldest folded into a {@link Folded} summary by
 * {@link LeadScorer#fold}. Scoring entries alone is exactly scoring the interactions they stand for;
 * a folded summary keeps every count and cap decision exact and the decayed points to floating-point
 * rounding.
 *
 * @param entries the interactions not folded, in any order
 * @param folded  the summary of the folded ones; null while nothing was folded
 */
public record EngagementLedger(List<Entry> entries, Folded folded) {
    /** Beyond this many entries, a rescore folds the oldest ones ({@link LeadScorer#fold}). */
    public static final int MAX_ENTRIES = 300;
    /** How many entries a fold keeps: the newest. */
    public static final int KEEP_ENTRIES = 200;

    public static final EngagementLedger EMPTY = new EngagementLedger(List.of(), null);

    // Stable order for equal times, so the "first" interaction (no repeat bonus) and the ones within
    // the cap are always the same ones.
    static final Comparator<Entry> OLDEST_FIRST = Comparator.comparing(Entry::occurredAt)
            .thenComparing(Entry::interactionId);

    public EngagementLedger {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The ledger of exactly these interactions (nothing folded). */
    public static EngagementLedger of(List<Interaction> interactions) {
        return new EngagementLedger(interactions.stream().map(Entry::of).toList(), null);
    }

    /** The ledger with one more interaction; an id already present is not added twice. */
    public EngagementLedger with(Entry entry) {
        if (entries.stream().anyMatch(e -> e.interactionId().equals(entry.interactionId()))) {
            return this;
        }
        List<Entry> more = new ArrayList<>(entries);
        more.add(entry);
        return new EngagementLedger(more, folded);
    }

    /** True when a rescore should fold it before writing it back. */
    public boolean needsFold() {
        return entries.size() > MAX_ENTRIES;
    }

    /** Every interaction it stands for, folded or not. */
    public long interactionCount() {
        return entries.size() + (folded == null ? 0 : folded.interactionCount());
    }

    /** One interaction as scoring sees it. */
    public record Entry(String interactionId, InteractionType type, Instant occurredAt) {
        public Entry {
            Objects.requireNonNull(interactionId, "interactionId");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        public static Entry of(Interaction i) {
            return new Entry(i.interactionId(), i.type(), i.occurredAt());
        }
    }

    /**
     * Per type, the folded interactions that counted (within the cap) and those over it, and the
     * counted ones' decay weight at {@code through}: Σ 0.5^((through − occurredAt) / halfLife).
     */
    public record Tally(long counted, long overCap, double weight) {
        public static final Tally NONE = new Tally(0, 0, 0);
    }

    /**
     * The folded interactions: all of them at or before {@code through} in scoring order.
     *
     * @param byType          counts and decay weights per type
     * @param firstCountedAt  the oldest counted interaction (the one without a repeat bonus)
     * @param newestCountedAt the newest counted one (recency, when no entry counts)
     * @param capSeed         per type, the counted times still inside the cap window after the last
     *                        folded interaction: what the cap decisions of the entries start from (at
     *                        most the type's maximum per window each)
     */
    public record Folded(Instant through, Map<InteractionType, Tally> byType, Instant firstCountedAt,
                         Instant newestCountedAt, Map<InteractionType, List<Instant>> capSeed) {
        public Folded {
            Objects.requireNonNull(through, "through");
            byType = byType == null || byType.isEmpty() ? Map.of() : new EnumMap<>(byType);
            Map<InteractionType, List<Instant>> seed = new EnumMap<>(InteractionType.class);
            if (capSeed != null) {
                capSeed.forEach((t, times) -> seed.put(t, List.copyOf(times)));
            }
            capSeed = seed.isEmpty() ? Map.of() : seed;
        }

        long interactionCount() {
            return byType.values().stream().mapToLong(t -> t.counted() + t.overCap()).sum();
        }

        long counted() {
            return byType.values().stream().mapToLong(Tally::counted).sum();
        }
    }
}

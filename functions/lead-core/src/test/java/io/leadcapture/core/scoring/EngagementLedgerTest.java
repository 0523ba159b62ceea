package io.leadcapture.core.scoring;

import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.FREE_MAIL;
import static io.leadcapture.core.scoring.ScoringFixtures.T0;
import static io.leadcapture.core.scoring.ScoringFixtures.interaction;
import static io.leadcapture.core.scoring.ScoringFixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EngagementLedgerTest {
    private static final LeadScorer SCORER = new LeadScorer(BUNDLED, FREE_MAIL);
    private static final PreLedgerScorer BEFORE = new PreLedgerScorer(BUNDLED, FREE_MAIL);
    private static final Lead LEAD = lead().withProfile(aContact().withEmail("anna.berger@maschinenbau-nord.de")
            .withCompany("Maschinenbau Nord GmbH").withJobTitle("Geschäftsführerin").withCompanySize("51-250")).build();
    private static final InteractionType[] TYPES = InteractionType.values();

    /**
     * A journey: posts of random types at random times over a year, with bursts (the same type many
     * times within minutes) and ties (several interactions at one instant).
     */
    private static List<Interaction> journey(long seed, int size) {
        Random random = new Random(seed);
        List<Interaction> out = new ArrayList<>();
        Instant at = T0.minus(Duration.ofDays(400));
        for (int n = 0; n < size; n++) {
            InteractionType type = TYPES[random.nextInt(random.nextInt(4) == 0 ? TYPES.length : 4)];
            int burst = random.nextInt(10) == 0 ? 1 + random.nextInt(12) : 1;
            for (int b = 0; b < burst && out.size() < size; b++) {
                out.add(interaction(String.format("%08d-%s", out.size(), Long.toHexString(random.nextLong())), type, at));
                at = at.plusSeconds(random.nextInt(3) == 0 ? 0 : random.nextInt(600));
            }
            at = at.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60)));
        }
        return out;
    }

    /** The ledger as captures build it, one interaction at a time in arrival order. */
    private static EngagementLedger captured(List<Interaction> arrivals) {
        EngagementLedger ledger = EngagementLedger.EMPTY;
        for (Interaction i : arrivals) {
            ledger = ledger.with(EngagementLedger.Entry.of(i));
        }
        return ledger;
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void aLedgerScoresExactlyAsTheWholeHistoryDidBefore(long seed) {
        List<Interaction> history = journey(seed, 150);
        List<Interaction> arrivals = new ArrayList<>(history);
        Collections.shuffle(arrivals, new Random(seed));
        for (Instant asOf : List.of(T0, T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(90)),
                history.get(history.size() / 2).occurredAt())) {
            LeadScore before = BEFORE.score(LEAD, history, asOf);
            assertThat(SCORER.scoreFromLedger(LEAD, captured(arrivals), asOf)).isEqualTo(before);
            assertThat(SCORER.score(LEAD, history, asOf)).isEqualTo(before);
        }
    }

    @Test
    void aRepeatedCaptureAddsNoSecondEntry() {
        Interaction i = interaction("a", InteractionType.DEMO_REQUEST, T0);
        EngagementLedger once = captured(List.of(i));
        assertThat(once.with(EngagementLedger.Entry.of(i))).isEqualTo(once);
    }

    @Test
    void aLedgerWithinItsBoundIsNotFolded() {
        EngagementLedger ledger = EngagementLedger.of(journey(3, EngagementLedger.MAX_ENTRIES));
        assertThat(ledger.needsFold()).isFalse();
        assertThat(SCORER.fold(ledger)).isSameAs(ledger);
    }

    @ParameterizedTest(name = "[{index}] seed {0}")
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void foldingKeepsEveryCountAndCapDecisionAndThePointsToTheCent(long seed) {
        List<Interaction> history = journey(seed, 400);
        EngagementLedger ledger = EngagementLedger.EMPTY;
        int folds = 0;
        for (Interaction i : history) {
            ledger = ledger.with(EngagementLedger.Entry.of(i));
            if (ledger.entries().size() > 30) {
                ledger = SCORER.fold(ledger, 20, 30);
                folds++;
                assertThat(ledger.entries()).hasSize(20);
                ledger.folded().capSeed().forEach((type, times) ->
                        assertThat(times).hasSizeLessThanOrEqualTo(BUNDLED.engagement().cap().maxFor(type)));
            }
        }
        assertThat(folds).isGreaterThan(10);
        assertThat(ledger.interactionCount()).isEqualTo(history.size());
        // Scored after the newest interaction, as a rescore is (the folded weights are not kept for
        // interactions stamped after the scoring time: clock skew scores them as new).
        Instant newest = history.get(history.size() - 1).occurredAt();
        for (Instant asOf : List.of(newest, newest.plus(Duration.ofDays(2)), newest.plus(Duration.ofDays(60)))) {
            LeadScore before = BEFORE.score(LEAD, history, asOf);
            LeadScore after = SCORER.scoreFromLedger(LEAD, ledger, asOf);
            assertThat(after.score()).isEqualTo(before.score());
            assertThat(after.temperature()).isEqualTo(before.temperature());
            assertThat(after.scoreReasons()).extracting(ScoreReason::rule, ScoreReason::detail)
                    .containsExactlyInAnyOrderElementsOf(before.scoreReasons().stream()
                            .map(r -> org.assertj.core.groups.Tuple.tuple(r.rule(), r.detail())).toList());
            for (ScoreReason r : after.scoreReasons()) {
                double expected = before.scoreReasons().stream().filter(b -> b.rule().equals(r.rule()))
                        .findFirst().orElseThrow().points();
                assertThat(r.points()).as(r.rule()).isCloseTo(expected, within(0.0100001));
            }
        }
    }

    @Test
    void foldingTwiceCarriesTheWeightsOnInTime() {
        List<Interaction> history = journey(99, 60);
        EngagementLedger once = SCORER.fold(EngagementLedger.of(history), 10, 10);
        EngagementLedger inTwoSteps = SCORER.fold(SCORER.fold(EngagementLedger.of(history), 35, 35), 10, 10);
        assertThat(inTwoSteps.entries()).containsExactlyElementsOf(once.entries());
        assertThat(inTwoSteps.folded().through()).isEqualTo(once.folded().through());
        assertThat(inTwoSteps.folded().capSeed()).isEqualTo(once.folded().capSeed());
        once.folded().byType().forEach((type, tally) -> {
            EngagementLedger.Tally two = inTwoSteps.folded().byType().get(type);
            assertThat(two.counted()).isEqualTo(tally.counted());
            assertThat(two.overCap()).isEqualTo(tally.overCap());
            assertThat(two.weight()).isCloseTo(tally.weight(), within(1e-9));
        });
    }

    @Test
    void aFoldedLedgerWhoseEntriesAllGoOverTheCapStillKnowsItsNewestCountedInteraction() {
        List<Interaction> history = new ArrayList<>();
        history.add(interaction("a", InteractionType.CONTACT_FORM, T0));
        for (int n = 0; n < 5; n++) {
            history.add(interaction("b" + n, InteractionType.CONTACT_FORM, T0.plusSeconds(60 + n)));
        }
        EngagementLedger ledger = SCORER.fold(EngagementLedger.of(history), 3, 3);
        assertThat(ledger.folded().newestCountedAt()).isEqualTo(T0);
        Instant asOf = T0.plus(Duration.ofDays(1));
        assertThat(SCORER.scoreFromLedger(LEAD, ledger, asOf)).isEqualTo(BEFORE.score(LEAD, history, asOf));
    }
}

package io.leadcapture.core.scoring;

import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.FREE_MAIL;
import static io.leadcapture.core.scoring.ScoringFixtures.T0;
import static io.leadcapture.core.scoring.ScoringFixtures.interaction;
import static io.leadcapture.core.scoring.ScoringFixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Temperature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecayScheduleTest {
    private static final LeadScorer SCORER = new LeadScorer(BUNDLED, FREE_MAIL);
    private static final DecaySchedule SCHEDULE = new DecaySchedule(SCORER);

    private static final Lead JOERG = lead().withProfile(aContact().withEmail("joerg.weiss@mueller-soehne.de")
            .withCompany("Müller & Söhne GmbH").withJobTitle("CEO").withCompanySize("51-250")
            .withBudgetResponsibility(true)).build();
    private static final Lead NOBODY = lead().withProfile(aContact()).build();

    @Test
    void aLeadWithoutInteractionsNeverChangesByTime() {
        assertThat(SCHEDULE.nextChange(JOERG, List.of(), T0)).isEmpty();
    }

    @Test
    void recencyAloneLapsesOneSecondAfterSevenDays() {
        // outbound_import is worth 0 points: only recency (5, not decayed) scores, "at most 7 days old"
        List<Interaction> imported = List.of(interaction(InteractionType.OUTBOUND_IMPORT, T0));
        assertThat(SCORER.score(NOBODY, imported, T0).score()).isEqualTo(5);

        Optional<Instant> due = SCHEDULE.nextChange(NOBODY, imported, T0);

        assertThat(due).contains(T0.plus(Duration.ofDays(7)).plusSeconds(1));
        assertThat(SCHEDULE.nextChange(NOBODY, imported, due.orElseThrow())).as("nothing left to lapse").isEmpty();
    }

    @Test
    void theDueTimeIsTheFirstSecondTheStoredResultDiffers() {
        List<Interaction> demo = List.of(interaction(InteractionType.DEMO_REQUEST, T0));
        LeadScore now = SCORER.score(JOERG, demo, T0);

        Instant due = SCHEDULE.nextChange(JOERG, demo, T0).orElseThrow();

        assertThat(due).isAfter(T0);
        assertThat(due.getNano()).isZero();
        assertThat(SCORER.score(JOERG, demo, due.minusSeconds(1)).sameResultAs(now)).isTrue();
        assertThat(SCORER.score(JOERG, demo, due).sameResultAs(now)).isFalse();
    }

    @Test
    void anyAsOfBeforeTheChangeGivesTheSameDueTime() {
        List<Interaction> demo = List.of(interaction(InteractionType.DEMO_REQUEST, T0));
        Instant due = SCHEDULE.nextChange(JOERG, demo, T0).orElseThrow();

        assertThat(SCHEDULE.nextChange(JOERG, demo, T0.plusMillis(1500))).contains(due);
        // the result changes within the second before the due time, so its start still sees the old result
        assertThat(SCHEDULE.nextChange(JOERG, demo, due.minusSeconds(1))).contains(due);
        assertThat(SCHEDULE.nextChange(JOERG, demo, due)).get().isNotEqualTo(due);
    }

    @Test
    void followingTheDueTimesCoolsAHotLeadDownToItsFitAndThenStops() {
        // worked example 2: 72, hot; 120 days later 30, cold; in the end its fit alone, 27
        List<Interaction> history = List.of(interaction(InteractionType.DEMO_REQUEST, T0),
                interaction(InteractionType.WEBINAR_ATTENDED, T0.minus(Duration.ofDays(3))),
                interaction(InteractionType.WHITEPAPER_DOWNLOAD, T0.minus(Duration.ofDays(2))));
        Instant asOf = T0;
        LeadScore previous = SCORER.score(JOERG, history, asOf);
        assertThat(previous.temperature()).isEqualTo(Temperature.HOT);
        List<Instant> dues = new ArrayList<>();
        for (Optional<Instant> due = SCHEDULE.nextChange(JOERG, history, asOf); due.isPresent();
             due = SCHEDULE.nextChange(JOERG, history, asOf)) {
            assertThat(due.get()).isAfter(asOf);
            LeadScore next = SCORER.score(JOERG, history, due.get());
            assertThat(next.score()).as("time only lowers a score").isLessThanOrEqualTo(previous.score());
            assertThat(next.sameResultAs(previous)).isFalse();
            asOf = due.get();
            previous = next;
            dues.add(asOf);
            assertThat(dues).as("a bounded number of changes").hasSizeLessThan(200);
        }
        assertThat(previous.score()).isEqualTo(27);
        assertThat(previous.engagementScore()).isZero();
        assertThat(previous.temperature()).isEqualTo(Temperature.COLD);
        // the score steps down about once a day at first, then ever more rarely
        assertThat(dues.size()).isBetween(40, 120);
        assertThat(Duration.between(T0, dues.getLast()).toDays()).isBetween(150L, 400L);
        assertThat(SCORER.score(JOERG, history, asOf.plus(Duration.ofDays(3650))).sameResultAs(previous)).isTrue();
    }

    @Test
    void aLeadWhoseEngagementHasDecayedAwayIsSettled() {
        List<Interaction> old = List.of(interaction(InteractionType.DEMO_REQUEST, T0.minus(Duration.ofDays(2000))));
        assertThat(SCHEDULE.nextChange(JOERG, old, T0)).isEmpty();
    }

    @Test
    void aFutureStampedInteractionCountsAsNewUntilItsTimeAndThenDecays() {
        Instant ahead = T0.plus(Duration.ofHours(2)); // clock skew: the interaction is stamped after asOf
        List<Interaction> skewed = List.of(interaction(InteractionType.CONTACT_FORM, ahead));
        Instant due = SCHEDULE.nextChange(NOBODY, skewed, T0).orElseThrow();
        assertThat(due).isAfter(ahead);
    }
}

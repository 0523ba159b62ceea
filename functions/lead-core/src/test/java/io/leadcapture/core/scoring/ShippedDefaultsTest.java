package io.leadcapture.core.scoring;

import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.FREE_MAIL;
import static io.leadcapture.core.scoring.ScoringFixtures.T0;
import static io.leadcapture.core.scoring.ScoringFixtures.consent;
import static io.leadcapture.core.scoring.ScoringFixtures.interaction;
import static io.leadcapture.core.scoring.ScoringFixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfileTestData;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the shipped scoring.yaml must guarantee; the worked examples of docs/scoring.md. */
class ShippedDefaultsTest {
    private static final LeadScorer SCORER = new LeadScorer(BUNDLED, FREE_MAIL);
    private static final StageRules STAGES = new StageRules(BUNDLED);
    /** The shipped rules with a cap nothing reaches: how they scored before the cap. */
    private static final LeadScorer UNCAPPED = new LeadScorer(uncapped(), FREE_MAIL);

    private static ScoringConfig uncapped() {
        ScoringConfig.Engagement e = BUNDLED.engagement();
        return new ScoringConfig(BUNDLED.version(), BUNDLED.fit(), new ScoringConfig.Engagement(e.halfLifeDays(), e.points(),
                e.repeat(), e.recency(), new ScoringConfig.Cap(1, Integer.MAX_VALUE, Map.of())),
                BUNDLED.temperature(), BUNDLED.mql(), BUNDLED.outbound(), BUNDLED.transitions());
    }

    private static ContactProfileTestData.Builder decisionMaker(String title) {
        return aContact().withEmail("joerg.weiss@mueller-soehne.de").withCompany("Müller & Söhne GmbH")
                .withJobTitle(title).withCompanySize("51-250").withBudgetResponsibility(true);
    }

    @Test
    void loneFreeMailNewsletterSignupIsColdAndNoMql() {
        Lead anna = lead().withProfile(aContact().withEmail("anna@web.de")).build();

        LeadScore s = SCORER.score(anna, List.of(interaction(InteractionType.NEWSLETTER_SIGNUP, T0)), T0);

        // Worked example 1 in docs/scoring.md.
        assertThat(s.scoreReasons()).containsExactly(
                new ScoreReason("engagement.newsletter_signup", "1 × newsletter_signup", 5),
                new ScoreReason("engagement.recency", "newest " + T0, 5),
                new ScoreReason("fit.freeMailWithoutCompany", "web.de", -5));
        assertThat(s.fitScore()).isEqualTo(-5);
        assertThat(s.engagementScore()).isEqualTo(10);
        assertThat(s.score()).isEqualTo(5);
        assertThat(s.temperature()).isEqualTo(Temperature.COLD);
        assertThat(STAGES.isMql(anna, s)).isFalse();
        assertThat(STAGES.automaticStage(anna, s)).isEqualTo(Stage.LEAD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Geschäftsführer", "CEO"})
    void businessDecisionMakerDemoRequestIsHotAndMql(String title) {
        Lead joerg = lead().withProfile(decisionMaker(title)).build();

        LeadScore s = SCORER.score(joerg, List.of(interaction(InteractionType.DEMO_REQUEST, T0)), T0);

        // Worked example 2 in docs/scoring.md.
        assertThat(s.scoreReasons()).containsExactly(
                new ScoreReason("engagement.demo_request", "1 × demo_request", 40),
                new ScoreReason("fit.jobTitle.decisionMaker", title, 10),
                new ScoreReason("fit.companySize", "51-250", 8),
                new ScoreReason("engagement.recency", "newest " + T0, 5),
                new ScoreReason("fit.budgetResponsibility", "true", 5),
                new ScoreReason("fit.businessContact", "Müller & Söhne GmbH", 4));
        assertThat(s.fitScore()).isEqualTo(27);
        assertThat(s.engagementScore()).isEqualTo(45);
        assertThat(s.score()).isEqualTo(72);
        assertThat(s.temperature()).isEqualTo(Temperature.HOT);
        assertThat(STAGES.isMql(joerg, s)).isTrue();
        assertThat(STAGES.automaticStage(joerg, s)).isEqualTo(Stage.MQL);
    }

    @Test
    void theHotLeadWithEveryInteraction120DaysOldIsCold() {
        Lead joerg = lead().withProfile(decisionMaker("Geschäftsführer")).build();
        Instant asOf = T0.plus(Duration.ofDays(120));

        LeadScore s = SCORER.score(joerg, List.of(interaction(InteractionType.DEMO_REQUEST, T0)), asOf);

        // 120 days = 4 half-lives: 40 × 1/16 = 2.5, rounded half up to 3; recency has lapsed.
        assertThat(s.scoreReasons()).filteredOn(r -> r.rule().startsWith("engagement."))
                .containsExactly(new ScoreReason("engagement.demo_request", "1 × demo_request", 2.5));
        assertThat(s.engagementScore()).isEqualTo(3);
        assertThat(s.score()).isEqualTo(30);
        assertThat(s.temperature()).isEqualTo(Temperature.COLD);
        assertThat(STAGES.isMql(joerg, s)).isFalse();
    }

    @Test
    void theHotLeadWithSeveralInteractions120DaysOldIsColdToo() {
        Lead joerg = lead().withProfile(decisionMaker("CEO")).build();
        List<Interaction> old = List.of(
                interaction(InteractionType.DEMO_REQUEST, T0),
                interaction(InteractionType.WHITEPAPER_DOWNLOAD, T0.plusSeconds(60)),
                interaction(InteractionType.NEWSLETTER_SIGNUP, T0.plusSeconds(120)));

        LeadScore s = SCORER.score(joerg, old, T0.plus(Duration.ofDays(120)));

        // (40 + 10 + 5 + 2 × 3 repeat) / 16 = 3.81 → 4
        assertThat(s.engagementScore()).isEqualTo(4);
        assertThat(s.score()).isEqualTo(31);
        assertThat(s.temperature()).isEqualTo(Temperature.COLD);
    }

    @Test
    void theBestPossibleProfileWithAnOldDemoRequestIsStillCold() {
        Lead perfect = lead().withProfile(aContact().withEmail("ceo@mueller-soehne.de")
                .withCompany("Müller & Söhne GmbH").withJobTitle("CEO").withIndustry("Maschinenbau")
                .withCompanySize("51-250").withBudgetResponsibility(true).withCountry("DE")).build();

        LeadScore s = SCORER.score(perfect, List.of(interaction(InteractionType.DEMO_REQUEST, T0)),
                T0.plus(Duration.ofDays(120)));

        assertThat(s.fitScore()).isEqualTo(BUNDLED.fit().maxPoints()).isEqualTo(35);
        assertThat(s.score()).isEqualTo(38);
        assertThat(s.temperature()).isEqualTo(Temperature.COLD);
    }

    /** {@code count} interactions of {@code type}, evenly spread from T0 over {@code span}. */
    private static List<Interaction> burst(InteractionType type, int count, Duration span) {
        return IntStream.range(0, count).mapToObj(i -> interaction(type.wireName() + "-" + i, type,
                T0.plus(span.multipliedBy(i).dividedBy(count - 1)))).toList();
    }

    @Test
    void thirtyContactFormsFromAFreeMailAddressAreNeitherHotNorMql() {
        Lead max = lead().withProfile(aContact().withEmail("max.mustermann@gmail.com").withFirstName("Max")).build();
        Instant last = T0.plus(Duration.ofDays(3));

        List<Interaction> thirty = burst(InteractionType.CONTACT_FORM, 30, Duration.ofDays(3));

        LeadScore s = SCORER.score(max, thirty, last);

        // Worked example 3 in docs/scoring.md: the first post counts, the other 29 are over the cap.
        assertThat(s.scoreReasons()).containsExactly(
                new ScoreReason("engagement.contact_form", "1 × contact_form, 29 over the cap", 18.66),
                new ScoreReason("engagement.recency", "newest " + T0, 5),
                new ScoreReason("fit.freeMailWithoutCompany", "gmail.com", -5));
        assertThat(s.engagementScore()).isEqualTo(24);
        assertThat(s.score()).isEqualTo(19);
        assertThat(s.temperature()).isEqualTo(Temperature.COLD);
        assertThat(STAGES.isMql(max, s)).isFalse();
        assertThat(STAGES.automaticStage(max, s)).isEqualTo(Stage.LEAD);
        // what the cap prevents
        assertThat(UNCAPPED.score(max, thirty, last).score()).isGreaterThan(500);
    }

    @ParameterizedTest
    @EnumSource(InteractionType.class)
    void repeatingOneTypeFromAFreeMailAddressIsNeverHotNorMql(InteractionType type) {
        Lead anyone = lead().withProfile(aContact().withEmail("x@web.de")).build();
        List<Interaction> thirty = burst(type, 30, Duration.ofDays(3));
        Instant last = T0.plus(Duration.ofDays(3));

        LeadScore s = SCORER.score(anyone, thirty, last);

        assertThat(s.temperature()).isNotEqualTo(Temperature.HOT);
        assertThat(STAGES.isMql(anyone, s)).isFalse();
        // exactly what the first ones within the cap score
        int allowed = BUNDLED.engagement().cap().maxFor(type);
        assertThat(s.score()).isEqualTo(SCORER.score(anyone, thirty.subList(0, allowed), last).score());
    }

    @Test
    void aBurstAddsNothingToAWellFittingProfileEither() {
        // A decision maker's profile on a free-mail address with a company: one contact form is warm, thirty too.
        Lead chef = lead().withProfile(aContact().withEmail("chef.mueller@gmx.de").withCompany("Müller Metallbau")
                .withJobTitle("Geschäftsführer").withCompanySize("51-250").withBudgetResponsibility(true)).build();
        List<Interaction> thirty = burst(InteractionType.CONTACT_FORM, 30, Duration.ofDays(3));
        Instant last = T0.plus(Duration.ofDays(3));

        LeadScore s = SCORER.score(chef, thirty, last);

        assertThat(s.fitScore()).isEqualTo(27);
        assertThat(s.score()).isEqualTo(51).isEqualTo(SCORER.score(chef, thirty.subList(0, 1), last).score());
        assertThat(s.temperature()).isEqualTo(Temperature.WARM);
        assertThat(STAGES.isMql(chef, s)).isFalse();
    }

    @Test
    void aRealMultiTouchJourneyScoresAsWithoutTheCap() {
        Lead joerg = lead().withProfile(decisionMaker("Geschäftsführer")).build();
        // newsletter, two papers in one week, a webinar registered and attended, a question, a demo request
        List<Interaction> journey = List.of(
                interaction(InteractionType.NEWSLETTER_SIGNUP, T0),
                interaction(InteractionType.WHITEPAPER_DOWNLOAD, T0.plus(Duration.ofDays(2))),
                interaction(InteractionType.WHITEPAPER_DOWNLOAD, T0.plus(Duration.ofDays(4))),
                interaction(InteractionType.WEBINAR_REGISTRATION, T0.plus(Duration.ofDays(9))),
                interaction(InteractionType.WEBINAR_ATTENDED, T0.plus(Duration.ofDays(16))),
                interaction(InteractionType.CONTACT_FORM, T0.plus(Duration.ofDays(20))),
                interaction(InteractionType.DEMO_REQUEST, T0.plus(Duration.ofDays(21))));
        Instant asOf = T0.plus(Duration.ofDays(21));

        LeadScore s = SCORER.score(joerg, journey, asOf);

        assertThat(s).isEqualTo(UNCAPPED.score(joerg, journey, asOf));
        assertThat(s.scoreReasons()).noneSatisfy(r -> assertThat(r.detail()).contains("over the cap"));
        assertThat(s.score()).isEqualTo(148);
        assertThat(s.temperature()).isEqualTo(Temperature.HOT);
        assertThat(STAGES.isMql(joerg, s)).isTrue();
    }

    @Test
    void fitAloneIsColdWithTheShippedNumbers() {
        assertThat(BUNDLED.fit().maxPoints()).isLessThan(BUNDLED.temperature().warmFrom());
    }

    @Test
    void withdrawnConsentNeverBecomesMql() {
        Lead joerg = lead().withProfile(decisionMaker("CEO")).withConsent(consent(ConsentStatus.WITHDRAWN)).build();
        LeadScore s = SCORER.score(joerg, List.of(interaction(InteractionType.DEMO_REQUEST, T0)), T0);

        assertThat(s.temperature()).isEqualTo(Temperature.HOT); // scored as usual …
        assertThat(STAGES.isMql(joerg, s)).isFalse();           // … but never qualified
        assertThat(STAGES.automaticStage(joerg, s)).isEqualTo(Stage.LEAD);
    }

    @Test
    void testLeadNeverBecomesMql() {
        Lead probe = lead().withProfile(decisionMaker("CEO")).withConsent(consent(ConsentStatus.CONFIRMED))
                .withTest(true).build();
        LeadScore s = SCORER.score(probe, List.of(interaction(InteractionType.DEMO_REQUEST, T0)), T0);

        assertThat(s.temperature()).isEqualTo(Temperature.HOT);
        assertThat(STAGES.isMql(probe, s)).isFalse();
        assertThat(STAGES.automaticStage(probe, s)).isEqualTo(Stage.LEAD);
    }

    @Test
    void shippedNumbers() {
        assertThat(BUNDLED.version()).isEqualTo(2);
        assertThat(BUNDLED.engagement().halfLifeDays()).isEqualTo(30);
        assertThat(BUNDLED.temperature()).isEqualTo(new ScoringConfig.Thresholds(40, 65));
        assertThat(BUNDLED.mql()).isEqualTo(new ScoringConfig.Mql(60, 20));
        ScoringConfig.Engagement e = BUNDLED.engagement();
        // The relations the brief asks for, whatever the exact numbers become.
        assertThat(e.pointsFor(InteractionType.DEMO_REQUEST)).isGreaterThanOrEqualTo(5 * e.pointsFor(InteractionType.NEWSLETTER_SIGNUP));
        assertThat(e.pointsFor(InteractionType.CALLBACK_REQUEST)).isGreaterThanOrEqualTo(5 * e.pointsFor(InteractionType.NEWSLETTER_SIGNUP));
        assertThat(e.pointsFor(InteractionType.WEBINAR_ATTENDED)).isGreaterThan(e.pointsFor(InteractionType.WEBINAR_REGISTRATION));
        assertThat(e.pointsFor(InteractionType.WHITEPAPER_DOWNLOAD)).isGreaterThan(e.pointsFor(InteractionType.NEWSLETTER_SIGNUP));
        assertThat(BUNDLED.fit().companySize().get("51-250"))
                .isEqualTo(BUNDLED.fit().companySize().values().stream().mapToInt(Integer::intValue).max().orElseThrow());
        assertThat(BUNDLED.fit().country().targets()).containsExactly("DE", "AT", "CH");
        // a nurture link followed is content consumed: more than a newsletter signup, less than a download
        assertThat(e.pointsFor(InteractionType.CONTENT_CLICK)).isGreaterThan(e.pointsFor(InteractionType.NEWSLETTER_SIGNUP))
                .isLessThan(e.pointsFor(InteractionType.WHITEPAPER_DOWNLOAD));
        assertThat(e.cap()).isEqualTo(new ScoringConfig.Cap(7, 1, Map.of(InteractionType.WHITEPAPER_DOWNLOAD, 2,
                InteractionType.CONTENT_CLICK, 2, InteractionType.WEBINAR_REGISTRATION, 2, InteractionType.WEBINAR_ATTENDED, 2)));
    }
}

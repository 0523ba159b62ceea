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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the shipped scoring.yaml must guarantee; the worked examples of docs/scoring.md. */
class ShippedDefaultsTest {
    private static final LeadScorer SCORER = new LeadScorer(BUNDLED, FREE_MAIL);
    private static final StageRules STAGES = new StageRules(BUNDLED);

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
        assertThat(BUNDLED.version()).isEqualTo(1);
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
    }
}

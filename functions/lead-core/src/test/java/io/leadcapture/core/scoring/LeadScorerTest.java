package io.leadcapture.core.scoring;

import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.FREE_MAIL;
import static io.leadcapture.core.scoring.ScoringFixtures.T0;
import static io.leadcapture.core.scoring.ScoringFixtures.interaction;
import static io.leadcapture.core.scoring.ScoringFixtures.lead;
import static io.leadcapture.core.scoring.ScoringFixtures.testConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.ContactProfileTestData;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Temperature;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadScorerTest {
    /** Round numbers (ScoringFixtures.TEST_YAML): demo 40, half-life 10 days, repeat 2 up to 5, recency 7 days → 5. */
    private static final LeadScorer TEST = new LeadScorer(testConfig(), FREE_MAIL);
    private static final LeadScorer SHIPPED = new LeadScorer(BUNDLED, FREE_MAIL);
    /** A lead no fit rule scores: no email, company or anything else. */
    private static final ContactProfile NOBODY = aContact().build();

    private static List<ScoreReason> fitReasons(LeadScorer scorer, ContactProfileTestData.Builder p) {
        LeadScore s = scorer.score(lead().withProfile(p).build(), List.of(), T0);
        assertThat(s.engagementScore()).isZero();
        return s.scoreReasons();
    }

    private static LeadScore engagement(LeadScorer scorer, Instant asOf, Interaction... interactions) {
        LeadScore s = scorer.score(lead().withProfile(NOBODY).build(), List.of(interactions), asOf);
        assertThat(s.fitScore()).isZero();
        return s;
    }

    private static double points(LeadScore s, String rule) {
        return s.scoreReasons().stream().filter(r -> r.rule().equals(rule)).mapToDouble(ScoreReason::points).sum();
    }

    @Nested
    class Fit {
        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"Maschinenbau", "maschinenbau", "MANUFACTURING", "Software", "IT", "it-Dienstleistungen",
                "Software & IT", "Automotive", "Automobil", "Logistik", "Logistics", "Mechanical Engineering",
                "Elektrotechnik"})
        void targetIndustryScores(String industry) {
            assertThat(fitReasons(SHIPPED, aContact().withIndustry(industry)))
                    .containsExactly(new ScoreReason("fit.industry", industry, 5));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {"Gastronomie", "Einzelhandel", "Automobilzulieferer Marketing", "Bildung", "Logistikzentrum",
                "Kita"})
        void otherIndustriesDoNot(String industry) {
            assertThat(fitReasons(SHIPPED, aContact().withIndustry(industry))).isEmpty();
        }

        @ParameterizedTest(name = "[{index}] {0} → {1}")
        @CsvSource({"1-10, 1", "11-50, 4", "51-250, 8", "251-1000, 6", "1001-5000, 4", "5001+, 2"})
        void everyCompanySizeBandHasItsPoints(String band, int points) {
            assertThat(fitReasons(SHIPPED, aContact().withCompanySize(band)))
                    .containsExactly(new ScoreReason("fit.companySize", band, points));
        }

        @Test
        void companySizeIsReadAsABandAndUnknownSizesScoreNothing() {
            assertThat(fitReasons(SHIPPED, aContact().withCompanySize("120")))
                    .containsExactly(new ScoreReason("fit.companySize", "51-250", 8));
            assertThat(fitReasons(SHIPPED, aContact().withCompanySize("mittelständisch"))).isEmpty();
            // A band the config leaves out is worth nothing (TEST_YAML prices only 1-10 and 51-250).
            assertThat(fitReasons(TEST, aContact().withCompanySize("11-50"))).isEmpty();
        }

        @Test
        void budgetResponsibilityScoresOnlyWhenTrue() {
            assertThat(fitReasons(SHIPPED, aContact().withBudgetResponsibility(true)))
                    .containsExactly(new ScoreReason("fit.budgetResponsibility", "true", 5));
            assertThat(fitReasons(SHIPPED, aContact().withBudgetResponsibility(false))).isEmpty();
            assertThat(fitReasons(SHIPPED, aContact())).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"DE", "AT", "CH", "de"})
        void targetCountryScores(String country) {
            assertThat(fitReasons(SHIPPED, aContact().withCountry(country)))
                    .containsExactly(new ScoreReason("fit.country", country, 3));
        }

        @ParameterizedTest
        @ValueSource(strings = {"US", "FR", "NL"})
        void otherCountriesDoNot(String country) {
            assertThat(fitReasons(SHIPPED, aContact().withCountry(country))).isEmpty();
        }

        @Test
        void countryTargetsAreNormalisedAtLoad() {
            // TEST_YAML writes "de"; the lead's country is the ISO code in upper case.
            assertThat(fitReasons(TEST, aContact().withCountry("DE")))
                    .containsExactly(new ScoreReason("fit.country", "DE", 2));
        }

        @Test
        void businessDomainScoresAsBusinessContact() {
            assertThat(fitReasons(SHIPPED, aContact().withEmail("joerg.weiss@mueller-soehne.de")))
                    .containsExactly(new ScoreReason("fit.businessContact", "mueller-soehne.de", 4));
        }

        @Test
        void namedCompanyScoresAsBusinessContactEvenWithFreeMail() {
            assertThat(fitReasons(SHIPPED, aContact().withEmail("joerg@gmail.com").withCompany("Weiß Metallbau")))
                    .containsExactly(new ScoreReason("fit.businessContact", "Weiß Metallbau", 4));
        }

        @Test
        void freeMailWithoutCompanyCostsPointsAndScoreStaysAtZero() {
            LeadScore s = SHIPPED.score(lead().withProfile(aContact().withEmail("anna@web.de")).build(), List.of(), T0);

            assertThat(s.scoreReasons()).containsExactly(new ScoreReason("fit.freeMailWithoutCompany", "web.de", -5));
            assertThat(s.fitScore()).isEqualTo(-5);
            assertThat(s.score()).isZero(); // clamped, the fit score keeps the sign
            assertThat(s.temperature()).isEqualTo(Temperature.COLD);
        }

        @Test
        void noEmailAndNoCompanyIsNeitherBusinessNorFreeMail() {
            assertThat(fitReasons(SHIPPED, aContact())).isEmpty();
            assertThat(fitReasons(SHIPPED, aContact().withCompany("  "))).isEmpty();
        }

        @Test
        void fitRulesAddUp() {
            Lead lead = lead().withProfile(aContact().withEmail("ceo@mueller-soehne.de").withJobTitle("CEO")
                    .withIndustry("Maschinenbau").withCompanySize("51-250").withBudgetResponsibility(true)
                    .withCountry("DE")).build();

            LeadScore s = SHIPPED.score(lead, List.of(), T0);

            assertThat(s.scoreReasons()).extracting(ScoreReason::rule).containsExactly("fit.jobTitle.decisionMaker",
                    "fit.companySize", "fit.budgetResponsibility", "fit.industry", "fit.businessContact", "fit.country");
            assertThat(s.fitScore()).isEqualTo(10 + 8 + 5 + 5 + 4 + 3);
            assertThat(s.score()).isEqualTo(s.fitScore());
        }
    }

    /**
     * Word-boundary semantics: a keyword counts only as a whole word (or phrase), so German
     * compounds match only when listed ("Bereichsleiter" is, "Projektmanager" is not).
     */
    @Nested
    class JobTitle {
        @ParameterizedTest(name = "[{index}] {0} → {1}")
        @CsvSource(delimiter = '|', value = {
                // decision makers, German and English
                "Geschäftsführer | decisionMaker",
                "Geschäftsführerin | decisionMaker",
                "Geschaeftsfuehrer | decisionMaker",
                "GESCHÄFTSFÜHRER | decisionMaker",
                "geschäftsführender Gesellschafter und Geschäftsführer | decisionMaker",
                "Inhaber | decisionMaker",
                "Inhaberin | decisionMaker",
                "Vorstand Finanzen | decisionMaker",
                "CEO | decisionMaker",
                "ceo | decisionMaker",
                "CTO | decisionMaker",
                "CMO | decisionMaker",
                "CFO | decisionMaker",
                "COO | decisionMaker",
                "Founder | decisionMaker",
                "Co-Founder & CEO | decisionMaker",
                "Gründer | decisionMaker",
                "Owner | decisionMaker",
                "Managing Director | decisionMaker",
                "President | decisionMaker",
                "Partner | decisionMaker",
                // heads
                "Leiter Vertrieb | head",
                "Leiterin Marketing | head",
                "Leitung Einkauf | head",
                "IT-Leiter | head",
                "Head of Marketing | head",
                "Head  of Sales | head",
                "Sales Director | head",
                "Direktor Produktion | head",
                "VP Sales | head",
                "Vice President Engineering | head",
                "Bereichsleiter | head",
                "Abteilungsleiterin Personal | head",
                // managers
                "Manager | manager",
                "Marketing Manager | manager",
                "Managerin Einkauf | manager",
                "Teamleiter | manager",
                "Teamleiterin Support | manager",
                "Team Lead Backend | manager",
                "Lead Developer | manager",
                // the most senior group found wins
                "Head of Sales & Managing Director | decisionMaker",
                "Product Manager and Head of Product | head",
        })
        void titleGroups(String title, String group) {
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle(title)))
                    .containsExactly(new ScoreReason("fit.jobTitle." + group, title,
                            BUNDLED.fit().jobTitle().get(group).points()));
        }

        @ParameterizedTest(name = "[{index}] {0}")
        @ValueSource(strings = {
                "Projektmanager",          // "manager" only inside a compound
                "Projektmanagerin",
                "Bauleiter",               // compound of "Leiter" that is not listed
                "Vertriebsleiterassistenz",
                "Sachbearbeiter",
                "Software Engineer",
                "Managing Editor",         // "Managing" is not "Manager"
                "Leads Coordinator",       // "Leads" is not "Lead"
                "Werkstudent",
                "Mitarbeiterin Buchhaltung"})
        void otherTitlesScoreNothing(String title) {
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle(title))).isEmpty();
        }

        @Test
        void aKeywordInsideALongerKeywordDoesNotCount() {
            // "President" (decisionMaker) is part of "Vice President" (head): the longer phrase decides.
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle("Vice President")))
                    .extracting(ScoreReason::rule).containsExactly("fit.jobTitle.head");
            // "Director" (head) is part of "Managing Director" (decisionMaker).
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle("Managing Director")))
                    .extracting(ScoreReason::rule).containsExactly("fit.jobTitle.decisionMaker");
        }

        @Test
        void decomposedUmlautsMatch() {
            String nfd = Normalizer.normalize("Gründerin", Normalizer.Form.NFD);
            assertThat(nfd).isNotEqualTo("Gründerin");
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle(nfd)))
                    .extracting(ScoreReason::rule).containsExactly("fit.jobTitle.decisionMaker");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = " ")
        void noTitleScoresNothing(String title) {
            assertThat(fitReasons(SHIPPED, aContact().withJobTitle(title))).isEmpty();
        }
    }

    @Nested
    class Engagement {
        @ParameterizedTest
        @EnumSource(InteractionType.class)
        void everyInteractionTypeScoresItsConfiguredPoints(InteractionType type) {
            LeadScore s = engagement(SHIPPED, T0.plus(Duration.ofDays(8)), interaction(type, T0));
            double expected = BUNDLED.engagement().pointsFor(type) * Math.pow(0.5, 8 / 30.0);

            assertThat(points(s, "engagement." + type.wireName())).isCloseTo(expected, within(0.005));
            assertThat(s.scoreReasons()).allSatisfy(r -> assertThat(r.rule()).isEqualTo("engagement." + type.wireName()));
        }

        @Test
        void interactionsOfOneTypeAreOneReason() {
            LeadScore s = engagement(TEST, T0, interaction("a", InteractionType.WHITEPAPER_DOWNLOAD, T0.minusSeconds(60)),
                    interaction("b", InteractionType.WHITEPAPER_DOWNLOAD, T0));

            assertThat(s.scoreReasons()).filteredOn(r -> r.rule().equals("engagement.whitepaper_download"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.detail()).isEqualTo("2 × whitepaper_download");
                        assertThat(r.points()).isCloseTo(12, within(0.01));
                    });
        }

        @Test
        void aTypeWorthNothingGivesNoReason() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(30)), interaction(InteractionType.OUTBOUND_IMPORT, T0));

            assertThat(s.scoreReasons()).isEmpty();
            assertThat(s.score()).isZero();
        }

        @Test
        void noInteractionsNoEngagement() {
            assertThat(TEST.score(lead().withProfile(NOBODY).build(), List.of(), T0).engagementScore()).isZero();
            assertThat(TEST.score(lead().withProfile(NOBODY).build(), null, T0).engagementScore()).isZero();
        }
    }

    @Nested
    class Decay {
        // TEST_YAML: half-life 10 days, demo_request 40.
        @ParameterizedTest(name = "[{index}] {0} days → {1}")
        @CsvSource({"0, 40", "5, 28.28", "10, 20", "20, 10", "30, 5", "40, 2.5"})
        void halfThePointsPerHalfLife(long days, double expected) {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(days)), interaction(InteractionType.DEMO_REQUEST, T0));

            assertThat(points(s, "engagement.demo_request")).isEqualTo(expected);
        }

        @Test
        void decayIsContinuousNotPerDay() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofHours(12)), interaction(InteractionType.DEMO_REQUEST, T0));

            assertThat(points(s, "engagement.demo_request")).isEqualTo(38.64); // 40 × 0.5^(0.5 / 10)
        }

        @Test
        void anInteractionStampedAfterAsOfCountsAsNewNotMore() {
            LeadScore s = engagement(TEST, T0, interaction(InteractionType.DEMO_REQUEST, T0.plus(Duration.ofHours(2))));

            assertThat(points(s, "engagement.demo_request")).isEqualTo(40);
            assertThat(points(s, "engagement.recency")).isEqualTo(5);
        }

        @Test
        void halfLifeDefaultsTo30Days() {
            LeadScorer scorer = new LeadScorer(testConfig("  halfLifeDays: 10\n", ""), FREE_MAIL);

            assertThat(scorer.config().engagement().halfLifeDays()).isEqualTo(30);
            LeadScore s = engagement(scorer, T0.plus(Duration.ofDays(30)), interaction(InteractionType.DEMO_REQUEST, T0));
            assertThat(points(s, "engagement.demo_request")).isEqualTo(20);
        }

        @Test
        void engagementIsRoundedHalfUp() {
            // 40 at four half-lives = 2.5 exactly → 3
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(40)), interaction(InteractionType.DEMO_REQUEST, T0));
            assertThat(s.engagementScore()).isEqualTo(3);
            // 20 at four half-lives = 1.25 → 1
            s = engagement(TEST, T0.plus(Duration.ofDays(40)), interaction(InteractionType.CONTACT_FORM, T0));
            assertThat(s.engagementScore()).isEqualTo(1);
        }
    }

    @Nested
    class Repeat {
        // TEST_YAML: 2 points per additional interaction, at most 5; each decays with its own age.
        @Test
        void oneInteractionHasNoRepeatBonus() {
            assertThat(points(engagement(TEST, T0, interaction(InteractionType.QUIZ, T0)), "engagement.repeat")).isZero();
        }

        @ParameterizedTest(name = "[{index}] {0} interactions → {1}")
        @CsvSource({"2, 2", "3, 4", "4, 5", "10, 5"})
        void bonusPerAdditionalInteractionIsCapped(int count, double expected) {
            Interaction[] all = IntStream.range(0, count)
                    .mapToObj(i -> interaction("i" + i, InteractionType.QUIZ, T0.plusSeconds(i))).toArray(Interaction[]::new);

            LeadScore s = engagement(TEST, T0.plusSeconds(count), all);

            assertThat(points(s, "engagement.repeat")).isCloseTo(expected, within(0.01));
            assertThat(s.scoreReasons()).filteredOn(r -> r.rule().equals("engagement.repeat"))
                    .singleElement().extracting(ScoreReason::detail).isEqualTo((count - 1) + " additional");
        }

        @Test
        void repeatBonusDecaysWithTheAdditionalInteractionsAge() {
            // The second interaction is one half-life old: 2 × 0.5 = 1.
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(10)),
                    interaction("a", InteractionType.QUIZ, T0.minus(Duration.ofDays(5))), interaction("b", InteractionType.QUIZ, T0));

            assertThat(points(s, "engagement.repeat")).isEqualTo(1);
        }
    }

    @Nested
    class Cap {
        // TEST_YAML: at most 1 interaction of a type per 7 days; whitepaper_download 2, quiz 10.

        /** {@code count} interactions of {@code type}, evenly spread from T0 over {@code span}. */
        private static Interaction[] burst(InteractionType type, int count, Duration span) {
            return IntStream.range(0, count).mapToObj(i -> interaction(type.wireName() + "-" + i, type,
                    T0.plus(span.multipliedBy(i).dividedBy(count - 1)))).toArray(Interaction[]::new);
        }

        @Test
        void aBurstOfOneTypeScoresWhatItsFirstInteractionScores() {
            Instant last = T0.plus(Duration.ofDays(3));
            Interaction[] thirty = burst(InteractionType.CONTACT_FORM, 30, Duration.ofDays(3));

            LeadScore s = engagement(TEST, last, thirty);

            // 20 × 0.5^(3 / 10); no repeat bonus; recency from the first, the newest that counted
            assertThat(s.scoreReasons()).containsExactly(
                    new ScoreReason("engagement.contact_form", "1 × contact_form, 29 over the cap", 16.25),
                    new ScoreReason("engagement.recency", "newest " + T0, 5));
            assertThat(s.engagementScore()).isEqualTo(21)
                    .isEqualTo(engagement(TEST, last, thirty[0]).engagementScore());
        }

        @Test
        void theWindowSlidesAndExactlyOneWindowLaterCountsAgain() {
            Instant week = T0.plus(Duration.ofDays(7));
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(14)),
                    interaction("a", InteractionType.CONTACT_FORM, T0),
                    interaction("b", InteractionType.CONTACT_FORM, week.minusSeconds(1)),  // 1 s inside a's window
                    interaction("c", InteractionType.CONTACT_FORM, week),                  // a's window is over
                    interaction("d", InteractionType.CONTACT_FORM, T0.plus(Duration.ofDays(13))),
                    interaction("e", InteractionType.CONTACT_FORM, T0.plus(Duration.ofDays(14))));

            // a, c and e count: 20 × (0.5^1.4 + 0.5^0.7 + 1); repeat 2 × (0.5^0.7 + 1)
            assertThat(s.scoreReasons()).containsExactly(
                    new ScoreReason("engagement.contact_form", "3 × contact_form, 2 over the cap", 39.89),
                    new ScoreReason("engagement.recency", "newest " + T0.plus(Duration.ofDays(14)), 5),
                    new ScoreReason("engagement.repeat", "2 additional", 3.23));
        }

        @Test
        void theWindowIsNoCalendarWeek() {
            // Sunday 23:00 and Monday 01:00 are two hours apart: one window, one counted.
            Instant sunday = Instant.parse("2026-11-29T23:00:00Z");
            LeadScore s = engagement(TEST, sunday.plus(Duration.ofHours(2)),
                    interaction("sun", InteractionType.CONTACT_FORM, sunday),
                    interaction("mon", InteractionType.CONTACT_FORM, sunday.plus(Duration.ofHours(2))));

            assertThat(s.scoreReasons()).extracting(ScoreReason::detail)
                    .containsExactly("1 × contact_form, 1 over the cap", "newest " + sunday);
        }

        @Test
        void byTypeGivesATypeItsOwnMaximum() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofHours(4)),
                    burst(InteractionType.WHITEPAPER_DOWNLOAD, 5, Duration.ofHours(4)));

            assertThat(s.scoreReasons()).filteredOn(r -> !r.rule().equals("engagement.recency")).containsExactly(
                    new ScoreReason("engagement.whitepaper_download", "2 × whitepaper_download, 3 over the cap", 11.88),
                    new ScoreReason("engagement.repeat", "1 additional", 1.98));
        }

        @Test
        void theCapIsPerType() {
            LeadScore s = engagement(TEST, T0, interaction("a", InteractionType.CONTACT_FORM, T0),
                    interaction("b", InteractionType.DEMO_REQUEST, T0), interaction("c", InteractionType.NEWSLETTER_SIGNUP, T0));

            assertThat(s.scoreReasons()).containsExactly(
                    new ScoreReason("engagement.demo_request", "1 × demo_request", 40),
                    new ScoreReason("engagement.contact_form", "1 × contact_form", 20),
                    new ScoreReason("engagement.recency", "newest " + T0, 5),
                    new ScoreReason("engagement.repeat", "2 additional", 4),
                    new ScoreReason("engagement.newsletter_signup", "1 × newsletter_signup", 2));
        }

        @Test
        void anInteractionOverTheCapKeepsNoRecencyAlive() {
            // The capped post is 4 days old, the counted one 10: no recency bonus, no repeat bonus.
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(10)), interaction("a", InteractionType.CONTACT_FORM, T0),
                    interaction("b", InteractionType.CONTACT_FORM, T0.plus(Duration.ofDays(6))));

            assertThat(s.scoreReasons()).containsExactly(
                    new ScoreReason("engagement.contact_form", "1 × contact_form, 1 over the cap", 10));
        }

        @Test
        void whatCountsDoesNotDependOnTheOrderOfArrival() {
            Interaction first = interaction("z-first", InteractionType.DEMO_REQUEST, T0);
            Interaction sameTime = interaction("a-same-time", InteractionType.DEMO_REQUEST, T0);
            Interaction later = interaction("later", InteractionType.DEMO_REQUEST, T0.plusSeconds(1));

            // Equal times are ordered by id: exactly one of the two counts, whichever order they come in.
            LeadScore s = engagement(TEST, T0.plusSeconds(1), later, first, sameTime);
            assertThat(s.scoreReasons()).contains(new ScoreReason("engagement.demo_request", "1 × demo_request, 2 over the cap", 40));
            assertThat(engagement(TEST, T0.plusSeconds(1), sameTime, later, first)).isEqualTo(s);
        }

        @Test
        void maxPerWindowAndWindowDaysComeFromTheFile() {
            LeadScorer three = new LeadScorer(testConfig("maxPerWindow: 1", "maxPerWindow: 3"), FREE_MAIL);
            assertThat(engagement(three, T0.plus(Duration.ofDays(3)), burst(InteractionType.CONTACT_FORM, 30, Duration.ofDays(3)))
                    .scoreReasons()).extracting(ScoreReason::detail).contains("3 × contact_form, 27 over the cap");

            // one day: posts on three days count three times
            LeadScorer daily = new LeadScorer(testConfig("windowDays: 7", "windowDays: 1"), FREE_MAIL);
            assertThat(engagement(daily, T0.plus(Duration.ofDays(2)), burst(InteractionType.CONTACT_FORM, 5, Duration.ofDays(2)))
                    .scoreReasons()).extracting(ScoreReason::detail).contains("3 × contact_form, 2 over the cap");
        }
    }

    @Nested
    class Recency {
        // TEST_YAML: 5 points when the newest interaction is at most 7 days old.
        @Test
        void newestInteractionExactlyAtTheWindowEdgeCounts() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(7)), interaction(InteractionType.NEWSLETTER_SIGNUP, T0));

            assertThat(s.scoreReasons()).contains(new ScoreReason("engagement.recency", "newest " + T0, 5));
        }

        @Test
        void oneSecondPastTheWindowDoesNot() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(7)).plusSeconds(1),
                    interaction(InteractionType.NEWSLETTER_SIGNUP, T0));

            assertThat(points(s, "engagement.recency")).isZero();
        }

        @Test
        void onlyTheNewestInteractionMatters() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(7)),
                    interaction("old", InteractionType.DEMO_REQUEST, T0.minus(Duration.ofDays(60))),
                    interaction("new", InteractionType.NEWSLETTER_SIGNUP, T0));

            assertThat(points(s, "engagement.recency")).isEqualTo(5);
        }

        @Test
        void recencyIsNotDecayed() {
            LeadScore s = engagement(TEST, T0.plus(Duration.ofDays(6)), interaction(InteractionType.NEWSLETTER_SIGNUP, T0));

            assertThat(points(s, "engagement.recency")).isEqualTo(5);
        }
    }

    @Nested
    class Totals {
        @Test
        void reasonsAreSortedByPointsDescendingAndAddUpToTheScore() {
            Lead lead = lead().withProfile(aContact().withEmail("chef@firma.de").withJobTitle("CEO")
                    .withCompanySize("51-250").withBudgetResponsibility(true)).build();

            LeadScore s = TEST.score(lead, List.of(interaction("a", InteractionType.CONTACT_FORM, T0.minus(Duration.ofDays(3))),
                            interaction("b", InteractionType.NEWSLETTER_SIGNUP, T0)), T0);

            assertThat(s.scoreReasons()).extracting(ScoreReason::points).isSortedAccordingTo(Collections.reverseOrder());
            double sum = s.scoreReasons().stream().mapToDouble(ScoreReason::points).sum();
            assertThat(s.score()).isEqualTo(Math.round(sum)).isEqualTo(s.fitScore() + s.engagementScore());
            assertThat(s.fitScore()).isEqualTo(10 + 8 + 4 + 3);
            assertThat(s.scoredAt()).isEqualTo(T0);
        }

        @Test
        void sameInputSameScoreWhateverTheOrderOfTheHistory() {
            List<Interaction> history = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                history.add(interaction("i" + i, InteractionType.values()[i], T0.minus(Duration.ofHours(37L * i))));
            }
            history.add(interaction("tie", InteractionType.QUIZ, T0)); // same time as i0: order fixed by id
            Lead lead = lead().withProfile(aContact().withEmail("x@y-gmbh.de")).build();
            LeadScore first = SHIPPED.score(lead, history, T0.plus(Duration.ofDays(3)));

            for (int seed = 0; seed < 5; seed++) {
                List<Interaction> shuffled = new ArrayList<>(history);
                Collections.shuffle(shuffled, new Random(seed));
                assertThat(SHIPPED.score(lead, shuffled, T0.plus(Duration.ofDays(3)))).isEqualTo(first);
            }
        }
    }

    @Nested
    class Temperatures {
        // TEST_YAML: warmFrom 20, hotFrom 50.
        @ParameterizedTest(name = "[{index}] {0} → {1}")
        @CsvSource({"0, COLD", "19, COLD", "20, WARM", "49, WARM", "50, HOT", "500, HOT"})
        void thresholdEdges(int score, Temperature expected) {
            assertThat(testConfig().temperatureOf(score)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "[{index}] {0} → {1}")
        @CsvSource({"39, COLD", "40, WARM", "64, WARM", "65, HOT"})
        void shippedThresholdEdges(int score, Temperature expected) {
            assertThat(BUNDLED.temperatureOf(score)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "[{index}] contact_form worth {0} → {1}")
        @CsvSource({"19, COLD", "20, WARM", "49, WARM", "50, HOT"})
        void theScorerAppliesThem(int points, Temperature expected) {
            // One fresh contact form and no recency bonus: the score is exactly its points.
            LeadScorer scorer = new LeadScorer(testConfig("contact_form: 20", "contact_form: " + points,
                    "withinDays: 7\n    points: 5", "withinDays: 7\n    points: 0"), FREE_MAIL);

            LeadScore s = engagement(scorer, T0, interaction(InteractionType.CONTACT_FORM, T0));

            assertThat(s.score()).isEqualTo(points);
            assertThat(s.temperature()).isEqualTo(expected);
        }
    }
}

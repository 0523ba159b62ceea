package io.leadcapture.core.scoring;

import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.TEST_YAML;
import static io.leadcapture.core.scoring.ScoringFixtures.load;
import static io.leadcapture.core.scoring.ScoringFixtures.testYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScoringConfigTest {

    @Test
    void bundledConfigIsTheFileInInfrastructure() throws IOException {
        Path source = Path.of("../../infrastructure/config/scoring.yaml");
        try (var in = Files.newInputStream(source)) {
            assertThat(ScoringConfig.load(in)).isEqualTo(BUNDLED);
        }
    }

    @Test
    void bundledConfigPricesEveryInteractionTypeAndDefinesEveryStage() {
        assertThat(BUNDLED.engagement().points()).containsOnlyKeys(InteractionType.values());
        assertThat(BUNDLED.transitions().allowed()).containsOnlyKeys(Stage.values());
        assertThat(BUNDLED.fit().jobTitle()).containsOnlyKeys("decisionMaker", "head", "manager");
    }

    @Test
    void testYamlLoads() throws IOException {
        ScoringConfig c = load(TEST_YAML);

        assertThat(c.version()).isEqualTo(7);
        assertThat(c.engagement().halfLifeDays()).isEqualTo(10);
        assertThat(c.engagement().cap()).isEqualTo(new ScoringConfig.Cap(7, 1,
                Map.of(InteractionType.WHITEPAPER_DOWNLOAD, 2, InteractionType.QUIZ, 10)));
        assertThat(c.engagement().cap().maxFor(InteractionType.QUIZ)).isEqualTo(10);
        assertThat(c.engagement().cap().maxFor(InteractionType.CONTACT_FORM)).isEqualTo(1);
        assertThat(c.fit().country().targets()).containsExactly("DE", "AT");
        assertThat(c.transitions().allowed()).containsOnlyKeys(Stage.LEAD, Stage.MQL, Stage.SQL);
        assertThat(c.transitions().from(Stage.MQL)).containsExactlyInAnyOrder(Stage.SQL, Stage.LEAD);
        assertThat(c.transitions().from(Stage.SQL)).isEmpty();
        assertThat(c.transitions().from(Stage.CUSTOMER)).isEmpty();
        assertThat(c.outbound()).isEqualTo(new ScoringConfig.Outbound(false, false));
    }

    @Test
    void shippedOutboundRuleKeepsImportsAwayFromMqlAndSales() {
        // docs/forms.md#imports: an imported list alone never qualifies a lead nor mails sales.
        assertThat(BUNDLED.outbound()).isEqualTo(new ScoringConfig.Outbound(false, false));
    }

    @Test
    void theOutboundRuleMustBeStated() {
        assertThatThrownBy(() -> load(testYaml("outbound:\n  qualifies: false\n  salesMails: false\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("outbound");
        assertThatThrownBy(() -> load(testYaml("  salesMails: false\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("salesMails");
    }

    static Stream<Arguments> semanticErrors() {
        return Stream.of(
                Arguments.of("unknown interaction type", new String[] {"  quiz: 4\n", "  quiz: 4\n  carrier_pigeon: 3\n"},
                        "engagement: unknown interaction type 'carrier_pigeon'"),
                Arguments.of("interaction type in the wrong case", new String[] {"  quiz: 4\n", "  Quiz: 4\n"},
                        "engagement: unknown interaction type 'Quiz'"),
                Arguments.of("interaction type left out", new String[] {"  sweepstake: 1\n", ""},
                        "engagement.sweepstake is missing"),
                Arguments.of("negative interaction points", new String[] {"sweepstake: 1", "sweepstake: -1"},
                        "engagement.sweepstake must not be negative"),
                Arguments.of("negative half-life", new String[] {"halfLifeDays: 10", "halfLifeDays: -30"},
                        "engagement.halfLifeDays must be a positive number of days, was -30.0"),
                Arguments.of("zero half-life", new String[] {"halfLifeDays: 10", "halfLifeDays: 0"},
                        "engagement.halfLifeDays must be a positive number"),
                Arguments.of("infinite half-life", new String[] {"halfLifeDays: 10", "halfLifeDays: 1.0e+999"},
                        "engagement.halfLifeDays must be a positive number"),
                Arguments.of("negative repeat", new String[] {"pointsPerAdditional: 2", "pointsPerAdditional: -2"},
                        "engagement.repeat"),
                Arguments.of("negative recency window", new String[] {"withinDays: 7", "withinDays: -1"},
                        "engagement.recency"),
                Arguments.of("cap window of 0 days", new String[] {"windowDays: 7", "windowDays: 0"},
                        "engagement.cap.windowDays must be at least 1 day, was 0"),
                Arguments.of("cap of 0 per window", new String[] {"maxPerWindow: 1", "maxPerWindow: 0"},
                        "engagement.cap.maxPerWindow must be at least 1, was 0"),
                Arguments.of("negative cap of a type", new String[] {"quiz: 10", "quiz: -1"},
                        "engagement.cap.byType.quiz must be at least 1, was -1"),
                Arguments.of("unknown type in the cap", new String[] {"      quiz: 10", "      quizz: 10"},
                        "engagement.cap.byType: unknown interaction type 'quizz'"),
                Arguments.of("type in the cap in the wrong case", new String[] {"      quiz: 10", "      Quiz: 10"},
                        "engagement.cap.byType: unknown interaction type 'Quiz'"),
                Arguments.of("warmFrom equal to hotFrom", new String[] {"warmFrom: 20", "warmFrom: 50"},
                        "temperature.warmFrom (50) must be below temperature.hotFrom (50)"),
                Arguments.of("warmFrom above hotFrom", new String[] {"warmFrom: 20", "warmFrom: 60"},
                        "temperature.warmFrom (60) must be below temperature.hotFrom (50)"),
                Arguments.of("warmFrom zero", new String[] {"warmFrom: 20", "warmFrom: 0"},
                        "temperature.warmFrom must be above 0"),
                Arguments.of("negative mql score", new String[] {"minScore: 30", "minScore: -1"},
                        "mql.minScore must not be negative"),
                Arguments.of("unknown stage as key", new String[] {"  SQL: [ ]\n", "  SQL: [ ]\n  won: [ ]\n"},
                        "transitions: unknown stage 'won'"),
                Arguments.of("unknown stage as target", new String[] {"lead: [ MQL ]", "lead: [ MQL, nurture ]"},
                        "transitions: unknown stage 'nurture'"),
                Arguments.of("stage in the wrong case", new String[] {"lead: [ MQL ]", "lead: [ mql ]"},
                        "transitions: unknown stage 'mql'"),
                Arguments.of("target without its own key", new String[] {"SQL: [ ]", "SQL: [ opportunity ]"},
                        "transitions: SQL → opportunity targets a stage that is not defined as a key"),
                Arguments.of("transition to itself", new String[] {"SQL: [ ]", "SQL: [ SQL ]"},
                        "transitions: SQL → itself is not a change"),
                Arguments.of("lead stage missing", new String[] {"  lead: [ MQL ]\n", ""},
                        "transitions: stage lead must be defined"),
                Arguments.of("unknown company size band", new String[] {"\"1-10\": 1", "\"1-9\": 1"},
                        "fit.companySize: unknown band '1-9'"),
                Arguments.of("unknown country", new String[] {"targets: [ de, AT ]", "targets: [ de, Austria ]"},
                        "fit.country: 'AUSTRIA' is not an ISO 3166-1 alpha-2 code"),
                Arguments.of("empty keyword list", new String[] {"keywords: [ Manager ]", "keywords: [ ]"},
                        "fit.jobTitle: a group needs at least one keyword"),
                Arguments.of("blank keyword", new String[] {"keywords: [ Manager ]", "keywords: [ Manager, ' ' ]"},
                        "keywords must not contain blank entries"),
                Arguments.of("group name that is no rule name", new String[] {"    manager:\n", "    team.lead:\n"},
                        "fit.jobTitle: group name 'team.lead'"),
                Arguments.of("fit alone could be hot", new String[] {"budgetResponsibility: 4", "budgetResponsibility: 22"},
                        "fit alone can reach 50 points, which is not below temperature.hotFrom 50"),
                Arguments.of("version 0", new String[] {"version: 7", "version: 0"},
                        "version must be 1 or higher"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("semanticErrors")
    void semanticErrorsAreClearIllegalArguments(String why, String[] edit, String message) {
        String yaml = testYaml(edit);
        assertThatThrownBy(() -> load(yaml)).as(why)
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    static Stream<Arguments> unknownKeys() {
        return Stream.of(
                Arguments.of("top level", "version: 7\n", "version: 7\ncolour: blue\n", "colour"),
                Arguments.of("fit", "  businessContact: 3\n", "  businessContact: 3\n  seniority: 2\n", "seniority"),
                Arguments.of("engagement.repeat", "    max: 5\n", "    max: 5\n    min: 1\n", "min"),
                Arguments.of("engagement.cap", "    maxPerWindow: 1\n", "    maxPerWindow: 1\n    perDay: 3\n", "perDay"),
                Arguments.of("temperature", "  hotFrom: 50\n", "  hotFrom: 50\n  boilingFrom: 90\n", "boilingFrom"),
                Arguments.of("a jobTitle group", "      points: 3\n", "      points: 3\n      weight: 1\n", "weight"),
                Arguments.of("mql", "  minFitScore: 10\n", "  minFitScore: 10\n  minAge: 1\n", "minAge"));
    }

    @ParameterizedTest(name = "[{index}] in {0}")
    @MethodSource("unknownKeys")
    void unknownKeysAreRejected(String where, String from, String to, String key) {
        String yaml = testYaml(from, to);
        assertThatThrownBy(() -> load(yaml)).isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"" + key + "\"");
    }

    @Test
    void missingKeysAreRejected() {
        assertThatThrownBy(() -> load(testYaml("  hotFrom: 50\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("hotFrom");
        assertThatThrownBy(() -> load(testYaml("mql:\n  minScore: 30\n  minFitScore: 10\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("mql");
        assertThatThrownBy(() -> load(testYaml("  repeat:\n    pointsPerAdditional: 2\n    max: 5\n", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engagement.repeat is required");
        // without a cap, repetition alone would make any address hot
        assertThatThrownBy(() -> load(testYaml(
                "  cap:\n    windowDays: 7\n    maxPerWindow: 1\n    byType:\n      whitepaper_download: 2\n      quiz: 10\n", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engagement.cap is required");
        assertThatThrownBy(() -> load(testYaml("    windowDays: 7\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("windowDays");
        assertThatThrownBy(() -> load(testYaml("    maxPerWindow: 1\n", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("maxPerWindow");
        assertThatThrownBy(() -> load(testYaml("    byType:\n      whitepaper_download: 2\n      quiz: 10", "")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("byType");
    }

    @Test
    void fractionalPointsAreNotTruncated() {
        assertThatThrownBy(() -> load(testYaml("budgetResponsibility: 4", "budgetResponsibility: 4.5")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("4.5");
        assertThatThrownBy(() -> load(testYaml("maxPerWindow: 1", "maxPerWindow: 1.5")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> load(testYaml("quiz: 10", "quiz: 2.5")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("2.5");
    }

    @Test
    void brokenYamlIsRejected() {
        assertThatThrownBy(() -> load("version: 1\nfit: [ unclosed\n")).isInstanceOf(JacksonException.class);
    }

    @Test
    void recordsCheckThemselvesWhenBuiltInCode() {
        assertThatThrownBy(() -> new ScoringConfig.Thresholds(65, 40)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoringConfig.Cap(7, 1, Map.of(InteractionType.QUIZ, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("engagement.cap.byType.quiz");
        assertThatThrownBy(() -> new ScoringConfig.Transitions(java.util.Map.of(Stage.LEAD, Set.of(Stage.MQL))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MQL must be defined");
    }
}

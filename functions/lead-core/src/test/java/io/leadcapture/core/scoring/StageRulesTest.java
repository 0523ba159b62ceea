package io.leadcapture.core.scoring;

import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.scoring.ScoringFixtures.BUNDLED;
import static io.leadcapture.core.scoring.ScoringFixtures.T0;
import static io.leadcapture.core.scoring.ScoringFixtures.consent;
import static io.leadcapture.core.scoring.ScoringFixtures.lead;
import static io.leadcapture.core.scoring.ScoringFixtures.testConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.LeadTestData;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class StageRulesTest {
    private static final StageRules SHIPPED = new StageRules(BUNDLED);
    /** TEST_YAML: mql minScore 30, minFitScore 10; transitions lead → MQL → SQL | lead, SQL → nothing. */
    private static final StageRules TEST = new StageRules(testConfig());

    private static LeadScore score(int score, int fit) {
        return new LeadScore(score, fit, score - fit, Temperature.WARM, List.of(), T0);
    }

    private static LeadTestData.Builder firmLead() {
        return lead().withProfile(aContact().withEmail("a@firma.de"));
    }

    private static Lead at(Stage stage) {
        return firmLead().withStage(stage).build();
    }

    @Nested
    class Automatic {
        @ParameterizedTest(name = "[{index}] score {0}, fit {1} → MQL {2}")
        @CsvSource({"30, 10, true", "29, 10, false", "30, 9, false", "100, 30, true", "100, 0, false", "0, 0, false"})
        void mqlNeedsBothMinimums(int score, int fit, boolean mql) {
            assertThat(TEST.isMql(at(Stage.LEAD), score(score, fit))).isEqualTo(mql);
            assertThat(TEST.automaticStage(at(Stage.LEAD), score(score, fit))).isEqualTo(mql ? Stage.MQL : Stage.LEAD);
        }

        @ParameterizedTest
        @EnumSource(value = ConsentStatus.class, names = "WITHDRAWN", mode = EnumSource.Mode.EXCLUDE)
        void anyConsentButWithdrawnQualifies(ConsentStatus status) {
            Lead lead = firmLead().withConsent(consent(status)).build();
            assertThat(TEST.automaticStage(lead, score(90, 30))).isEqualTo(Stage.MQL);
        }

        @Test
        void noRecordedConsentQualifies() {
            Lead lead = firmLead().withoutConsent().build();
            assertThat(TEST.automaticStage(lead, score(90, 30))).isEqualTo(Stage.MQL);
        }

        @Test
        void withdrawnConsentOrTestLeadNeverQualifies() {
            assertThat(TEST.automaticStage(firmLead().withConsent(consent(ConsentStatus.WITHDRAWN)).build(),
                    score(90, 30))).isEqualTo(Stage.LEAD);
            Lead testLead = firmLead().withConsent(consent(ConsentStatus.CONFIRMED)).withTest(true).build();
            assertThat(TEST.automaticStage(testLead, score(90, 30))).isEqualTo(Stage.LEAD);
        }

        @Test
        void anOutboundOnlyLeadNeverQualifiesOnItsScore() {
            // Shipped and test config: outbound.qualifies false; an imported trade-fair contact with a top score.
            EngagementLedger imported = ledger(InteractionType.EVENT_CONTACT, InteractionType.OUTBOUND_IMPORT);
            assertThat(StageRules.outboundOnly(imported)).isTrue();
            assertThat(TEST.automaticStage(at(Stage.LEAD), score(90, 30), imported)).isEqualTo(Stage.LEAD);
            assertThat(SHIPPED.automaticStage(at(Stage.LEAD), score(500, 100), imported)).isEqualTo(Stage.LEAD);
        }

        @Test
        void itsOwnInboundInteractionLetsTheRulesApply() {
            EngagementLedger answered = ledger(InteractionType.OUTBOUND_IMPORT, InteractionType.CONTACT_FORM);
            assertThat(StageRules.outboundOnly(answered)).isFalse();
            assertThat(TEST.automaticStage(at(Stage.LEAD), score(90, 30), answered)).isEqualTo(Stage.MQL);
            assertThat(StageRules.outboundOnly(EngagementLedger.EMPTY)).isFalse();
        }

        @Test
        void aConfigThatSaysSoLetsOutboundLeadsQualify() {
            ScoringConfig c = testConfig();
            StageRules permissive = new StageRules(new ScoringConfig(c.version(), c.fit(), c.engagement(), c.temperature(),
                    c.mql(), new ScoringConfig.Outbound(true, true), c.transitions()));
            assertThat(permissive.automaticStage(at(Stage.LEAD), score(90, 30),
                    ledger(InteractionType.EVENT_CONTACT))).isEqualTo(Stage.MQL);
        }

        private static EngagementLedger ledger(InteractionType... types) {
            List<EngagementLedger.Entry> entries = new java.util.ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                entries.add(new EngagementLedger.Entry("i" + i, types[i], T0.minusSeconds(i)));
            }
            return new EngagementLedger(entries, null);
        }

        @Test
        void noScoreNoMql() {
            assertThat(TEST.automaticStage(at(Stage.LEAD), null)).isEqualTo(Stage.LEAD);
        }

        @ParameterizedTest
        @EnumSource(value = Stage.class, names = "LEAD", mode = EnumSource.Mode.EXCLUDE)
        void scoringNeverMovesALeadPastLead(Stage stage) {
            // Neither promotes (SQL and later are for sales) nor demotes (an MQL whose score fell stays MQL).
            assertThat(TEST.automaticStage(at(stage), score(500, 100))).isEqualTo(stage);
            assertThat(TEST.automaticStage(at(stage), score(0, -5))).isEqualTo(stage);
        }
    }

    @Nested
    class Manual {
        /**
         * Every pair of the shipped transitions. direct: one listed step; skip: only with force;
         * never: not reachable by any chain of steps; self: no change.
         */
        @ParameterizedTest(name = "[{index}] {0} → {1}: {2}")
        @CsvSource({
                "lead, lead, self", "lead, MQL, direct", "lead, SQL, skip", "lead, opportunity, skip",
                "lead, customer, skip", "lead, disqualified, direct",
                "MQL, lead, direct", "MQL, MQL, self", "MQL, SQL, direct", "MQL, opportunity, skip",
                "MQL, customer, skip", "MQL, disqualified, direct",
                "SQL, lead, direct", "SQL, MQL, skip", "SQL, SQL, self", "SQL, opportunity, direct",
                "SQL, customer, skip", "SQL, disqualified, direct",
                "opportunity, lead, direct", "opportunity, MQL, skip", "opportunity, SQL, skip",
                "opportunity, opportunity, self", "opportunity, customer, direct", "opportunity, disqualified, direct",
                "customer, lead, never", "customer, MQL, never", "customer, SQL, never", "customer, opportunity, never",
                "customer, customer, self", "customer, disqualified, never",
                "disqualified, lead, direct", "disqualified, MQL, skip", "disqualified, SQL, skip",
                "disqualified, opportunity, skip", "disqualified, customer, skip", "disqualified, disqualified, self",
        })
        void shippedTransitions(String fromName, String toName, String kind) {
            Stage from = Stage.fromWireName(fromName);
            Stage to = Stage.fromWireName(toName);
            switch (kind) {
                case "direct" -> {
                    assertThat(SHIPPED.validateManual(from, to, false)).isEqualTo(new StageChange(from, to, false));
                    assertThat(SHIPPED.validateManual(from, to, true)).isEqualTo(new StageChange(from, to, false));
                }
                case "skip" -> {
                    assertThatThrownBy(() -> SHIPPED.validateManual(from, to, false))
                            .isInstanceOf(IllegalStageChangeException.class)
                            .hasMessageContaining(fromName + " → " + toName).hasMessageContaining("force");
                    assertThat(SHIPPED.validateManual(from, to, true)).isEqualTo(new StageChange(from, to, true));
                }
                case "never" -> {
                    for (boolean force : new boolean[] {false, true}) {
                        assertThatThrownBy(() -> SHIPPED.validateManual(from, to, force))
                                .isInstanceOf(IllegalStageChangeException.class)
                                .hasMessageContaining(fromName + " → " + toName).hasMessageContaining("cannot be reached");
                    }
                }
                case "self" -> {
                    for (boolean force : new boolean[] {false, true}) {
                        assertThatThrownBy(() -> SHIPPED.validateManual(from, to, force))
                                .isInstanceOf(IllegalStageChangeException.class).hasMessageContaining("no change");
                    }
                }
                default -> throw new IllegalArgumentException(kind);
            }
        }

        @Test
        void theExceptionNamesBothStages() {
            IllegalStageChangeException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStageChangeException.class,
                    () -> SHIPPED.validateManual(Stage.LEAD, Stage.SQL, false));
            assertThat(e.from()).isEqualTo(Stage.LEAD);
            assertThat(e.to()).isEqualTo(Stage.SQL);
            assertThat(e).hasMessage("stage change lead → SQL not allowed: it skips stages "
                    + "(allowed next from lead: MQL, disqualified); set force to skip");
        }

        @ParameterizedTest(name = "[{index}] {0} → {1}")
        @CsvSource({"lead, opportunity", "SQL, customer", "disqualified, lead", "opportunity, MQL", "customer, lead"})
        void undefinedStagesAreNeverEnteredOrLeft(String fromName, String toName) {
            // TEST_YAML defines only lead, MQL and SQL.
            Stage from = Stage.fromWireName(fromName);
            Stage to = Stage.fromWireName(toName);
            for (boolean force : new boolean[] {false, true}) {
                assertThatThrownBy(() -> TEST.validateManual(from, to, force))
                        .isInstanceOf(IllegalStageChangeException.class)
                        .hasMessageContaining(fromName + " → " + toName)
                        .hasMessageContaining("is not defined in scoring.yaml transitions");
            }
        }

        @Test
        void forceFollowsTheArrowsOnly() {
            assertThat(TEST.validateManual(Stage.LEAD, Stage.SQL, true)).isEqualTo(new StageChange(Stage.LEAD, Stage.SQL, true));
            // SQL has no way out in TEST_YAML, so force cannot take it back.
            assertThatThrownBy(() -> TEST.validateManual(Stage.SQL, Stage.LEAD, true))
                    .isInstanceOf(IllegalStageChangeException.class)
                    .hasMessage("stage change SQL → lead not allowed: lead cannot be reached from SQL, not even with force"
                            + " (allowed next: none)");
            assertThat(TEST.validateManual(Stage.MQL, Stage.LEAD, false)).isEqualTo(new StageChange(Stage.MQL, Stage.LEAD, false));
        }
    }
}

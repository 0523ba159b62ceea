package io.leadcapture.core;

import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.LeadTestData.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DuplicateMergeTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-20T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

    private final DuplicateMerge merge = new DuplicateMerge(FreeMailDomains.bundled());

    private static Touch touch(String id, Instant at) {
        return new Touch(id, InteractionType.CONTACT_FORM, "web_form", at, "contact", null);
    }

    private static LeadScore score(Temperature t, int points) {
        return new LeadScore(points, points / 2, points - points / 2, t, List.of(), T1);
    }

    @Test
    void theTargetKeepsItsValuesFillsTheRestAndGetsTheOthersAsProposals() {
        Lead target = aLead().withLeadId("target").withVersion(4)
                .withProfile(aContact().withEmail("jo@firma.de").withFirstName("Jo").withCompany("Firma GmbH"))
                .withFirstTouch(touch("t1", T1)).withLastTouch(touch("t2", T2)).withInteractionCount(2)
                .withCreatedAt(T1).build();
        Lead source = aLead().withLeadId("source").withVersion(7)
                .withProfile(aContact().withPhone("+4930123456").withFirstName("Johanna").withCity("Berlin"))
                .withFirstTouch(touch("s1", T0)).withLastTouch(touch("s2", T1.plusSeconds(60))).withInteractionCount(3)
                .withCreatedAt(T0).build();

        Lead combined = merge.combine(target, source, NOW);

        assertThat(combined.leadId()).isEqualTo("target");
        assertThat(combined.version()).isEqualTo(5);
        assertThat(combined.profile().email()).isEqualTo("jo@firma.de");
        assertThat(combined.profile().firstName()).isEqualTo("Jo");
        assertThat(combined.profile().phone()).isEqualTo("+4930123456");
        assertThat(combined.profile().city()).isEqualTo("Berlin");
        assertThat(combined.profile().segment()).isEqualTo(Segment.B2B);
        assertThat(combined.proposedChanges()).extracting(ProposedChange::field, ProposedChange::value,
                ProposedChange::interactionId).containsExactly(tuple("first_name", "Johanna", "s2"));
        assertThat(combined.interactionCount()).isEqualTo(5);
        assertThat(combined.firstTouch().interactionId()).isEqualTo("s1");
        assertThat(combined.lastTouch().interactionId()).isEqualTo("t2");
        assertThat(combined.createdAt()).isEqualTo(T0);
        assertThat(combined.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void proposalsOfBothLeadsStayUnlessTheProfileNowHoldsThem() {
        Lead target = new Lead("target", aContact().withEmail("jo@firma.de").build(), null, touch("t1", T1),
                touch("t1", T1), 1, false, T1, T1, 1, Stage.LEAD, null,
                List.of(new ProposedChange("company", "Alt GmbH", "t1", T1)), List.of("source", "other"), null, null);
        Lead source = new Lead("source", aContact().withPhone("+4930123456").withCompany("Neu GmbH").build(), null,
                touch("s1", T0), touch("s1", T0), 1, false, T0, T0, 1, Stage.LEAD, null,
                List.of(new ProposedChange("phone", "+4930123456", "s0", T0),
                        new ProposedChange("city", "Köln", "s1", T0)), List.of("target"), null, null);

        Lead combined = merge.combine(target, source, NOW);

        assertThat(combined.profile().company()).isEqualTo("Neu GmbH");
        assertThat(combined.proposedChanges()).extracting(ProposedChange::field, ProposedChange::value)
                .containsExactly(tuple("city", "Köln"), tuple("company", "Alt GmbH"));
        assertThat(combined.possibleDuplicateOf()).containsExactly("other");
    }

    @ParameterizedTest
    @CsvSource({
            "pending, granted, granted",
            "confirmed, granted, confirmed",
            "none, pending, pending",
            "withdrawn, confirmed, withdrawn",
            "confirmed, withdrawn, withdrawn",
            "granted, granted, granted",
    })
    void consentIsTheStrongerButAWithdrawalStands(String onTarget, String onSource, String expected) {
        Lead target = aLead().withLeadId("target")
                .withConsent(aConsent().withStatus(ConsentStatus.fromWireName(onTarget)).withSource("target")).build();
        Lead source = aLead().withLeadId("source")
                .withConsent(aConsent().withStatus(ConsentStatus.fromWireName(onSource)).withSource("source")).build();

        Consent consent = merge.combine(target, source, NOW).consent();

        assertThat(consent.status().wireName()).isEqualTo(expected);
        if (onTarget.equals(onSource)) {
            assertThat(consent.source()).isEqualTo("target");
        }
    }

    @Test
    void aConsentOnOnlyOneLeadIsKept() {
        Lead withConsent = aLead().withConsent(aConsent().withStatus(ConsentStatus.CONFIRMED)).build();
        Lead without = aLead().withoutConsent().build();
        assertThat(merge.combine(without, withConsent, NOW).consent().status()).isEqualTo(ConsentStatus.CONFIRMED);
        assertThat(merge.combine(withConsent, without, NOW).consent().status()).isEqualTo(ConsentStatus.CONFIRMED);
    }

    @ParameterizedTest
    @CsvSource({
            "lead, MQL, MQL",
            "MQL, lead, MQL",
            "SQL, MQL, SQL",
            "MQL, customer, customer",
            "disqualified, SQL, disqualified",
            "lead, disqualified, lead",
    })
    void theStageIsTheOneFurtherAlong(String onTarget, String onSource, String expected) {
        Lead target = aLead().withStage(Stage.fromWireName(onTarget)).build();
        Lead source = aLead().withStage(Stage.fromWireName(onSource)).build();
        assertThat(merge.combine(target, source, NOW).stage().wireName()).isEqualTo(expected);
    }

    @Test
    void theHotterScoreIsCarriedBeforeAnythingMovesAndNothingWhenTheTargetIsAhead() {
        Lead target = aLead().withLeadId("target").withVersion(3).withStage(Stage.LEAD)
                .withScoring(score(Temperature.WARM, 40)).build();
        Lead source = aLead().withLeadId("source").withStage(Stage.MQL).withScoring(score(Temperature.HOT, 70)).build();

        Lead carried = merge.carryStanding(target, source, NOW).orElseThrow();

        assertThat(carried.stage()).isEqualTo(Stage.MQL);
        assertThat(carried.scoring().temperature()).isEqualTo(Temperature.HOT);
        assertThat(carried.version()).isEqualTo(4);
        assertThat(carried.profile()).isEqualTo(target.profile());
        assertThat(merge.carryStanding(carried, source, NOW)).isEmpty();
        assertThat(merge.carryStanding(source, target, NOW)).isEmpty();
        assertThat(merge.carryStanding(target, aLead().build(), NOW)).isEmpty();
    }

    @Test
    void aTestLeadStaysOneOnlyWhenBothAre() {
        Lead test = aLead().withTest(true).build();
        Lead real = aLead().withTest(false).build();
        assertThat(merge.combine(test, test, NOW).test()).isTrue();
        assertThat(merge.combine(test, real, NOW).test()).isFalse();
    }
}

package io.leadcapture.core.retention;

import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.InteractionTestData.anInteraction;
import static io.leadcapture.core.LeadTestData.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import io.leadcapture.core.retention.RetentionPolicy.Decision;
import io.leadcapture.core.retention.RetentionPolicy.Rule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    static final Instant NOW = Instant.parse("2026-06-30T03:30:00Z");
    static final RetentionPolicy POLICY = new RetentionPolicy(new RetentionConfig(1, 30, 24, List.of("newsletter_signup")));

    static Interaction signup(String id, Instant at) {
        return anInteraction().withId(id).withType(InteractionType.NEWSLETTER_SIGNUP).at(at)
                .withConsent(aConsent().withStatus(ConsentStatus.PENDING).withCapturedAt(at).withSource("form:newsletter"))
                .build();
    }

    static Lead pendingLead(Instant at, Interaction... interactions) {
        return aLead().withConsent(aConsent().withStatus(ConsentStatus.PENDING).withCapturedAt(at))
                .withCreatedAt(at).withInteractions(List.of(interactions)).build();
    }

    @Test
    void anUnconfirmedSignupOlderThanTheWindowIsErased() {
        Instant at = NOW.minus(Duration.ofDays(31));
        Decision d = POLICY.decide(pendingLead(at, signup("i-1", at)), NOW);

        assertThat(d.erase()).isTrue();
        assertThat(d.rule()).isEqualTo(Rule.PENDING_OPT_IN);
        assertThat(d.reason()).contains("30 days").contains("pending_opt_in");
    }

    @Test
    void anUnconfirmedSignupWithinTheWindowIsKept() {
        Instant at = NOW.minus(Duration.ofDays(29));
        Decision d = POLICY.decide(pendingLead(at, signup("i-1", at)), NOW);

        assertThat(d.erase()).isFalse();
        assertThat(d.reason()).contains("within 30 days");
    }

    @Test
    void theWindowRunsFromTheNewestSignup() {
        Instant old = NOW.minus(Duration.ofDays(90));
        Instant recent = NOW.minus(Duration.ofDays(3));

        assertThat(POLICY.decide(pendingLead(old, signup("i-1", old), signup("i-2", recent)), NOW).erase()).isFalse();
    }

    @Test
    void aConsentThatFellBackToNoneAfterTheLinkExpiredStillCounts() {
        Instant at = NOW.minus(Duration.ofDays(45));
        Lead lead = aLead().withConsent(Consent.none(at.plus(Duration.ofDays(7)), "double-opt-in-expired"))
                .withCreatedAt(at).withInteractions(List.of(signup("i-1", at))).build();

        assertThat(POLICY.decide(lead, NOW).rule()).isEqualTo(Rule.PENDING_OPT_IN);
    }

    @Test
    void aConfirmedGrantedOrWithdrawnConsentKeepsTheLead() {
        Instant at = NOW.minus(Duration.ofDays(60));
        for (ConsentStatus status : List.of(ConsentStatus.CONFIRMED, ConsentStatus.GRANTED, ConsentStatus.WITHDRAWN)) {
            Lead lead = aLead().withConsent(aConsent().withStatus(status).withCapturedAt(at)).withCreatedAt(at)
                    .withInteractions(List.of(signup("i-1", at))).build();

            Decision d = POLICY.decide(lead, NOW);
            assertThat(d.erase()).as(status.wireName()).isFalse();
            assertThat(d.reason()).contains(status.wireName());
        }
    }

    @Test
    void anyOtherInteractionIsABasisOfItsOwn() {
        Instant at = NOW.minus(Duration.ofDays(60));
        Interaction demo = anInteraction().withId("i-2").withType(InteractionType.DEMO_REQUEST).at(at)
                .withConsent(aConsent().withStatus(ConsentStatus.PENDING)).build();

        Decision d = POLICY.decide(pendingLead(at, signup("i-1", at), demo), NOW);

        assertThat(d.erase()).isFalse();
        assertThat(d.reason()).contains("demo_request");
    }

    @Test
    void aSignupWithoutTheConsentBoxIsNoOptInRequest() {
        Instant at = NOW.minus(Duration.ofDays(60));
        Interaction unticked = anInteraction().withId("i-1").withType(InteractionType.NEWSLETTER_SIGNUP).at(at).build();

        assertThat(POLICY.decide(pendingLead(at, unticked), NOW).erase()).isFalse();
    }

    @Test
    void aLeadSalesMovedIsKept() {
        Instant at = NOW.minus(Duration.ofDays(60));
        Lead lead = aLead().withConsent(aConsent().withStatus(ConsentStatus.PENDING)).withStage(Stage.SQL)
                .withCreatedAt(at).withInteractions(List.of(signup("i-1", at))).build();

        assertThat(POLICY.decide(lead, NOW).reason()).contains("SQL");
    }

    @Test
    void aLeadWithoutInteractionForTheInactivityPeriodIsErasedWhateverItHolds() {
        Instant at = NOW.minus(Duration.ofDays(24 * 31));
        Interaction demo = anInteraction().withType(InteractionType.DEMO_REQUEST).at(at).build();
        Lead customer = aLead().withConsent(aConsent().withStatus(ConsentStatus.CONFIRMED)).withStage(Stage.CUSTOMER)
                .withCreatedAt(at).withInteractions(List.of(demo)).build();

        Decision d = POLICY.decide(customer, NOW);

        assertThat(d.rule()).isEqualTo(Rule.INACTIVE);
        assertThat(d.reason()).contains("24 months");
    }

    @Test
    void oneInteractionWithinTheInactivityPeriodKeepsIt() {
        Instant old = NOW.minus(Duration.ofDays(3 * 365));
        Instant recent = NOW.minus(Duration.ofDays(23 * 30));
        Lead lead = aLead().withConsent(aConsent().withStatus(ConsentStatus.CONFIRMED)).withCreatedAt(old)
                .withInteractions(List.of(anInteraction().withId("i-1").at(old).build(),
                        anInteraction().withId("i-2").at(recent).build())).build();

        assertThat(POLICY.decide(lead, NOW).erase()).isFalse();
    }

    @Test
    void withoutInteractionsTheCreationCounts() {
        Lead lead = aLead().withConsent(aConsent()).withCreatedAt(NOW.minus(Duration.ofDays(800)))
                .withInteractions(List.of()).build();

        assertThat(POLICY.decide(lead, NOW).rule()).isEqualTo(Rule.INACTIVE);
        assertThat(POLICY.decide(aLead().withConsent(aConsent()).withCreatedAt(NOW.minus(Duration.ofDays(40)))
                .withInteractions(List.of()).build(), NOW).erase()).isFalse();
    }

    @Test
    void aLeadReadWithoutItsHistoryIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> POLICY.decide(aLead().build(), NOW));
    }
}

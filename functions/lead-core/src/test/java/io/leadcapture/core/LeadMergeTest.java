package io.leadcapture.core;

import static io.leadcapture.core.AttributionTestData.anAttribution;
import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.InteractionTestData.anInteraction;
import static io.leadcapture.core.SubmissionTestData.aSubmission;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadMergeTest {
    private static final FreeMailDomains FREE_MAIL = FreeMailDomains.bundled();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-10T00:00:00Z");
    private static final Instant T2 = Instant.parse("2026-01-20T00:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-30T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-01T12:00:00Z");

    private final LeadMerge merge = new LeadMerge(FREE_MAIL);

    /** A contact known only by this email. */
    private static ContactProfileTestData.Builder email(String email) {
        return aContact().withEmail(email);
    }

    /** A contact-form post from a Google Ads click, with a consent of {@code consent} evidenced by "hash-" + id. */
    private static Interaction interaction(String id, Instant at, ConsentStatus consent) {
        return anInteraction().withId(id).withType(InteractionType.CONTACT_FORM).withDirection(Direction.INBOUND).at(at)
                .withFormId("contact").withAttribution(anAttribution().withUtmSource("google").withUtmMedium("cpc"))
                .withConsent(aConsent().withStatus(consent).withTextVersion("contact-2026-01").withCapturedAt(at)
                        .withSource("form:contact").withIpHash("hash-" + id))
                .build();
    }

    private static Submission submission(ContactProfileTestData.Builder contact, String interactionId, Instant at) {
        return submission(contact, interaction(interactionId, at, ConsentStatus.NONE));
    }

    private static Submission submission(ContactProfileTestData.Builder contact, Interaction interaction) {
        return aSubmission().withContact(contact).withInteraction(interaction).build();
    }

    /** A platform test delivery. */
    private static Submission testDelivery(ContactProfileTestData.Builder contact, Interaction interaction) {
        return aSubmission().withContact(contact).withInteraction(interaction).withTest(true).build();
    }

    @Nested
    class ExistingLeadFor {
        private final Submission withEmail = submission(email("max@firma.de").withPhone("+49301234567"), "i1", T1);
        private final Submission phoneOnly = submission(aContact().withPhone("+49301234567"), "i1", T1);

        @Test
        void emailOwnerWins() {
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch("L-email", "L-phone"))).contains("L-email");
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch("L-email", null))).contains("L-email");
        }

        @Test
        void aPhoneNeverJoinsAnEmailToAnotherLeadButLinksThemAsPossibleDuplicates() {
            IdentityMatch phoneElsewhere = new IdentityMatch(null, "L-phone");
            assertThat(merge.existingLeadFor(withEmail, phoneElsewhere)).isEmpty();
            assertThat(merge.possibleDuplicate(phoneElsewhere, "L-new")).contains("L-phone");

            IdentityMatch bothElsewhere = new IdentityMatch("L-email", "L-phone");
            assertThat(merge.possibleDuplicate(bothElsewhere, "L-email")).contains("L-phone");
            assertThat(merge.possibleDuplicate(new IdentityMatch("L-email", "L-email"), "L-email")).isEmpty();
            assertThat(merge.possibleDuplicate(IdentityMatch.NONE, "L-new")).isEmpty();
        }

        @Test
        void unknownEmailIsANewLead() {
            assertThat(merge.existingLeadFor(withEmail, IdentityMatch.NONE)).isEmpty();
        }

        @Test
        void withoutEmailThePhoneOwnerIsTheLead() {
            assertThat(merge.existingLeadFor(phoneOnly, new IdentityMatch(null, "L-phone"))).contains("L-phone");
            assertThat(merge.existingLeadFor(phoneOnly, IdentityMatch.NONE)).isEmpty();
        }
    }

    @Test
    void submissionNeedsEmailOrPhone() {
        assertThatIllegalArgumentException().isThrownBy(() -> submission(aContact(), "i1", T1));
    }

    @Nested
    class Create {
        @ParameterizedTest(name = "[{index}] {0} / company={1} -> {2}")
        @CsvSource({
                "max@firma.de, , B2B",
                "max@gmail.com, , B2C",
                "max@web.de, , B2C",
                "max@GMX.de, , B2C",
                "max@web.de, Müller & Söhne GmbH, B2B",
                "max@gmail.com, '  ', B2C",
                ", , B2C",
                ", Firma GmbH, B2B",
        })
        void segment(String email, String company, Segment expected) {
            ContactProfileTestData.Builder c = aContact().withEmail(email == null ? null : email.toLowerCase())
                    .withPhone("+49301234567").withFirstName("Max").withCompany(company);
            Lead lead = merge.create("L1", submission(c, "i1", T1), NOW);
            assertThat(lead.profile().segment()).isEqualTo(expected);
        }

        @Test
        void newLeadHasOneInteractionAsFirstAndLastTouch() {
            Interaction i = interaction("i1", T1, ConsentStatus.GRANTED);
            Lead lead = merge.create("L1", submission(email("max@firma.de").withFirstName("Max"), i), NOW);

            Touch touch = Touch.of(i);
            assertThat(lead.leadId()).isEqualTo("L1");
            assertThat(lead.firstTouch()).isEqualTo(touch);
            assertThat(lead.lastTouch()).isEqualTo(touch);
            assertThat(touch.interactionId()).isEqualTo("i1");
            assertThat(touch.occurredAt()).isEqualTo(T1);
            assertThat(touch.attribution().utmSource()).isEqualTo("google");
            assertThat(lead.interactionCount()).isEqualTo(1);
            assertThat(lead.version()).isEqualTo(1);
            assertThat(lead.createdAt()).isEqualTo(NOW);
            assertThat(lead.updatedAt()).isEqualTo(NOW);
            assertThat(lead.consent()).isEqualTo(i.consent());
            assertThat(lead.profile().firstName()).isEqualTo("Max");
            assertThat(lead.test()).isFalse();
            assertThat(lead.interactions()).isNull();
        }

        @Test
        void testDeliveryCreatesATestLead() {
            Lead lead = merge.create("L1",
                    testDelivery(email("max@firma.de"), interaction("i1", T1, ConsentStatus.NONE)), NOW);
            assertThat(lead.test()).isTrue();
        }
    }

    @Nested
    class Merge {
        private Lead existing(ContactProfileTestData.Builder profile, ConsentStatus consent) {
            Lead created = merge.create("L1", submission(profile, interaction("i1", T1, consent)), T1);
            // a lead that already saw two interactions (T1 .. T2) and was saved a few times
            ContactProfile p = profile.build();
            Lead second = merge.merge(created,
                    submission(aContact().withEmail(p.email()).withPhone(p.phone()), "i2", T2), T2, true);
            assertThat(second.interactionCount()).isEqualTo(2);
            assertThat(second.version()).isEqualTo(2);
            return second;
        }

        @Test
        void newerFieldsWinAndMissingOnesKeepTheOldValue() {
            ContactProfileTestData.Builder old = email("max@firma.de").withPhone("+49301234567").withFirstName("Max")
                    .withLastName("Mustermann").withCompany("Alt GmbH").withJobTitle("CTO").withIndustry("IT")
                    .withCompanySize("11-50").withBudgetResponsibility(true).withCountry("DE").withPostalCode("10115")
                    .withCity("Berlin");
            ContactProfileTestData.Builder newer = email("max@firma.de").withFirstName("Maximilian").withJobTitle("CEO")
                    .withCompanySize("51-250").withBudgetResponsibility(false).withCity("München");

            Lead merged = merge.merge(existing(old, ConsentStatus.NONE), submission(newer, "i3", T3), NOW, true);

            assertThat(merged.profile()).isEqualTo(email("max@firma.de").withPhone("+49301234567")
                    .withFirstName("Maximilian").withLastName("Mustermann").withCompany("Alt GmbH").withJobTitle("CEO")
                    .withIndustry("IT").withCompanySize("51-250").withBudgetResponsibility(false).withCountry("DE")
                    .withPostalCode("10115").withCity("München").withSegment(Segment.B2B).build());
        }

        @Test
        void anOutboundInteractionLeavesTheConsentAsItWas() {
            // an imported list claiming a granted consent: the person's own consent state stands
            for (ConsentStatus before : ConsentStatus.values()) {
                Lead lead = existing(email("max@firma.de"), before);
                Interaction imported = anInteraction().withId("i3").withType(InteractionType.EVENT_CONTACT)
                        .withDirection(Direction.OUTBOUND).at(T3).withFormId("import")
                        .withConsent(aConsent().withStatus(ConsentStatus.GRANTED).withTextVersion("HM26-0117")
                                .withCapturedAt(T3).withSource("import:imp-1"))
                        .build();

                Lead merged = merge.merge(lead, submission(email("max@firma.de"), imported), NOW, false);

                assertThat(merged.consent()).as("consent " + before).isEqualTo(lead.consent());
                assertThat(merged.interactionCount()).isEqualTo(3);
            }
        }

        @Test
        void anUnverifiedSubmissionOnlyFillsWhatIsMissingAndProposesTheRest() {
            ContactProfileTestData.Builder old = email("max@firma.de").withPhone("+49301234567").withFirstName("Max")
                    .withCompany("Alt GmbH").withJobTitle("CTO");
            ContactProfileTestData.Builder attacker = email("max@firma.de").withPhone("+49309999999")
                    .withFirstName("Mallory").withCompany("Alt GmbH").withJobTitle("CEO").withCity("Berlin");

            Lead merged = merge.merge(existing(old, ConsentStatus.NONE), submission(attacker, "i3", T3), NOW, false);

            assertThat(merged.profile().phone()).isEqualTo("+49301234567");
            assertThat(merged.profile().firstName()).isEqualTo("Max");
            assertThat(merged.profile().jobTitle()).isEqualTo("CTO");
            assertThat(merged.profile().city()).as("a field the lead lacked is filled").isEqualTo("Berlin");
            assertThat(merged.proposedChanges()).containsExactly(
                    new ProposedChange(FieldNames.PHONE, "+49309999999", "i3", T3),
                    new ProposedChange(FieldNames.FIRST_NAME, "Mallory", "i3", T3),
                    new ProposedChange(FieldNames.JOB_TITLE, "CEO", "i3", T3));
        }

        @Test
        void proposedChangesAreBoundedToTheNewest() {
            Lead lead = existing(email("max@firma.de").withFirstName("Max"), ConsentStatus.NONE);
            for (int n = 0; n < Lead.MAX_PROPOSED_CHANGES + 5; n++) {
                lead = merge.merge(lead, submission(email("max@firma.de").withFirstName("Name" + n), "p" + n,
                        T3.plusSeconds(n)), NOW, false);
            }
            assertThat(lead.proposedChanges()).hasSize(Lead.MAX_PROPOSED_CHANGES);
            assertThat(lead.proposedChanges().get(Lead.MAX_PROPOSED_CHANGES - 1).value())
                    .isEqualTo("Name" + (Lead.MAX_PROPOSED_CHANGES + 4));
            assertThat(lead.profile().firstName()).isEqualTo("Max");
        }

        @Test
        void aSubmissionNeverLiftsAWithdrawal() {
            Lead withdrawn = existing(email("max@firma.de"), ConsentStatus.WITHDRAWN);
            Lead after = merge.merge(withdrawn,
                    submission(email("max@firma.de"), interaction("i3", T3, ConsentStatus.PENDING)), NOW, false);
            assertThat(after.consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);
        }

        @Test
        void countersAndTimestamps() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(email("max@firma.de"), "i3", T3), NOW, true);

            assertThat(merged.leadId()).isEqualTo("L1");
            assertThat(merged.interactionCount()).isEqualTo(3);
            assertThat(merged.version()).isEqualTo(3);
            assertThat(merged.createdAt()).isEqualTo(T1);
            assertThat(merged.updatedAt()).isEqualTo(NOW);
        }

        @Test
        void identityEmailNeverChanges() {
            Lead before = existing(email("max@firma.de").withPhone("+49301234567").withFirstName("Max")
                    .withCompany("Firma GmbH"), ConsentStatus.NONE);

            Lead merged = merge.merge(before,
                    submission(email("m.mustermann@firma.de").withFirstName("Maximilian"), "i3", T3), NOW, true);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().firstName()).isEqualTo("Maximilian");
            assertThat(merged.profile().phone()).isEqualTo("+49301234567");
        }

        @Test
        void phoneOnlyLeadGainsTheEmailAndIsSegmentedAgain() {
            Lead before = existing(aContact().withPhone("+49301234567"), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2C);

            Lead merged = merge.merge(before, submission(email("max@firma.de").withPhone("+49301234567"), "i3", T3), NOW, true);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }

        @Test
        void namingACompanyMakesAFreeMailLeadB2B() {
            Lead before = existing(email("max@gmail.com"), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2C);

            Lead merged = merge.merge(before, submission(email("max@gmail.com").withCompany("Max GmbH"), "i3", T3), NOW, true);

            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }

        @Test
        void newerInteractionBecomesLastTouch() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(email("max@firma.de"), "i3", T3), NOW, true);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i1");
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i3");
            assertThat(merged.lastTouch().occurredAt()).isEqualTo(T3);
        }

        @Test
        void olderInteractionArrivingLateBecomesFirstTouchNotLastTouch() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(email("max@firma.de"), "i0", T0), NOW, true);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i0");
            assertThat(merged.firstTouch().occurredAt()).isEqualTo(T0);
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i2");
            assertThat(merged.interactionCount()).isEqualTo(3);
        }

        @Test
        void interactionBetweenFirstAndLastChangesNeither() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(email("max@firma.de"), "iMid",
                    Instant.parse("2026-01-15T00:00:00Z")), NOW, true);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i1");
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i2");
        }

        @Test
        void consentWithoutCheckboxKeepsTheGrant() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.GRANTED);
            assertThat(before.consent().status()).isEqualTo(ConsentStatus.GRANTED);

            Lead merged = merge.merge(before, submission(email("max@firma.de"), "i3", T3), NOW, true);

            assertThat(merged.consent().status()).isEqualTo(ConsentStatus.GRANTED);
            assertThat(merged.consent().ipHash()).isEqualTo("hash-i1");
        }

        @Test
        void pendingDoesNotOverrideConfirmedButGrantOverridesPending() {
            Lead confirmed = existing(email("max@firma.de"), ConsentStatus.CONFIRMED);
            Lead afterPending = merge.merge(confirmed,
                    submission(email("max@firma.de"), interaction("i3", T3, ConsentStatus.PENDING)), NOW, true);
            assertThat(afterPending.consent().status()).isEqualTo(ConsentStatus.CONFIRMED);

            Lead pending = existing(email("max@firma.de"), ConsentStatus.PENDING);
            Lead afterGrant = merge.merge(pending,
                    submission(email("max@firma.de"), interaction("i3", T3, ConsentStatus.GRANTED)), NOW, true);
            assertThat(afterGrant.consent().status()).isEqualTo(ConsentStatus.GRANTED);
            assertThat(afterGrant.consent().ipHash()).isEqualTo("hash-i3");
        }

        @Test
        void leadStaysTestOnlyWhileEveryInteractionIsATest() {
            Lead testLead = merge.create("L1",
                    testDelivery(email("max@firma.de"), interaction("i1", T1, ConsentStatus.NONE)), T1);

            Lead stillTest = merge.merge(testLead,
                    testDelivery(email("max@firma.de"), interaction("i2", T2, ConsentStatus.NONE)), NOW, true);
            Lead real = merge.merge(stillTest, submission(email("max@firma.de"), "i3", T3), NOW, true);
            Lead notBackToTest = merge.merge(real,
                    testDelivery(email("max@firma.de"), interaction("i4", T3, ConsentStatus.NONE)), NOW, true);

            assertThat(stillTest.test()).isTrue();
            assertThat(real.test()).isFalse();
            assertThat(notBackToTest.test()).isFalse();
        }

        @Test
        void segmentFollowsTheKeptIdentityEmail() {
            Lead before = existing(email("max@firma.de"), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2B);

            Lead merged = merge.merge(before, submission(email("max@gmail.com"), "i3", T3), NOW, true);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }
    }
}

package io.leadcapture.core;

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

    private static ContactProfile contact(String email, String phone) {
        return new ContactProfile(email, phone, null, null, null, null, null, null, null, null, null, null, null);
    }

    private static ContactProfile contact(String email, String phone, String firstName, String company) {
        return new ContactProfile(email, phone, firstName, null, company, null, null, null, null, null, null, null, null);
    }

    private static Interaction interaction(String id, Instant at, ConsentStatus consent) {
        return new Interaction(id, InteractionType.CONTACT_FORM, "web_form", Direction.INBOUND, at, "contact", null,
                new Attribution("google", "cpc", null, null, null, null, null, null, null, null),
                new Consent(Consent.MARKETING, consent, "contact-2026-01", at, "form:contact", "hash-" + id), null, null);
    }

    private static Submission submission(ContactProfile c, String interactionId, Instant at) {
        return new Submission(c, interaction(interactionId, at, ConsentStatus.NONE), false);
    }

    private static Submission submission(ContactProfile c, Interaction i) {
        return new Submission(c, i, false);
    }

    @Nested
    class ExistingLeadFor {
        private final Submission withEmail = submission(contact("max@firma.de", "+49301234567"), "i1", T1);
        private final Submission phoneOnly = submission(contact(null, "+49301234567"), "i1", T1);

        @Test
        void emailOwnerWins() {
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch("L-email", "L-phone", false))).contains("L-email");
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch("L-email", "L-phone", true))).contains("L-email");
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch("L-email", null, false))).contains("L-email");
        }

        @Test
        void phoneOnlyLeadIsEnrichedByAnEmail() {
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch(null, "L-phone", false))).contains("L-phone");
        }

        @Test
        void phoneOwnerWithAnotherEmailIsAnotherPerson() {
            assertThat(merge.existingLeadFor(withEmail, new IdentityMatch(null, "L-phone", true))).isEmpty();
        }

        @Test
        void unknownEmailIsANewLead() {
            assertThat(merge.existingLeadFor(withEmail, IdentityMatch.NONE)).isEmpty();
        }

        @Test
        void withoutEmailThePhoneOwnerIsTheLead() {
            assertThat(merge.existingLeadFor(phoneOnly, new IdentityMatch(null, "L-phone", true))).contains("L-phone");
            assertThat(merge.existingLeadFor(phoneOnly, new IdentityMatch(null, "L-phone", false))).contains("L-phone");
            assertThat(merge.existingLeadFor(phoneOnly, IdentityMatch.NONE)).isEmpty();
        }
    }

    @Test
    void submissionNeedsEmailOrPhone() {
        assertThatIllegalArgumentException().isThrownBy(() -> submission(contact(null, null), "i1", T1));
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
            ContactProfile c = contact(email == null ? null : email.toLowerCase(), "+49301234567", "Max", company);
            Lead lead = merge.create("L1", submission(c, "i1", T1), NOW);
            assertThat(lead.profile().segment()).isEqualTo(expected);
        }

        @Test
        void newLeadHasOneInteractionAsFirstAndLastTouch() {
            Interaction i = interaction("i1", T1, ConsentStatus.GRANTED);
            Lead lead = merge.create("L1", submission(contact("max@firma.de", null, "Max", null), i), NOW);

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
            Lead lead = merge.create("L1", new Submission(contact("max@firma.de", null),
                    interaction("i1", T1, ConsentStatus.NONE), true), NOW);
            assertThat(lead.test()).isTrue();
        }
    }

    @Nested
    class Merge {
        private Lead existing(ContactProfile profile, ConsentStatus consent) {
            Lead created = merge.create("L1", submission(profile, interaction("i1", T1, consent)), T1);
            // a lead that already saw two interactions (T1 .. T2) and was saved a few times
            Lead second = merge.merge(created, submission(contact(profile.email(), profile.phone()), "i2", T2), T2);
            assertThat(second.interactionCount()).isEqualTo(2);
            assertThat(second.version()).isEqualTo(2);
            return second;
        }

        @Test
        void newerFieldsWinAndMissingOnesKeepTheOldValue() {
            ContactProfile old = new ContactProfile("max@firma.de", "+49301234567", "Max", "Mustermann", "Alt GmbH",
                    "CTO", "IT", "11-50", true, "DE", "10115", "Berlin", null);
            ContactProfile newer = new ContactProfile("max@firma.de", null, "Maximilian", null, null, "CEO", null,
                    "51-250", false, null, null, "München", null);

            Lead merged = merge.merge(existing(old, ConsentStatus.NONE), submission(newer, "i3", T3), NOW);

            assertThat(merged.profile()).isEqualTo(new ContactProfile("max@firma.de", "+49301234567", "Maximilian",
                    "Mustermann", "Alt GmbH", "CEO", "IT", "51-250", false, "DE", "10115", "München", Segment.B2B));
        }

        @Test
        void countersAndTimestamps() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", null), "i3", T3), NOW);

            assertThat(merged.leadId()).isEqualTo("L1");
            assertThat(merged.interactionCount()).isEqualTo(3);
            assertThat(merged.version()).isEqualTo(3);
            assertThat(merged.createdAt()).isEqualTo(T1);
            assertThat(merged.updatedAt()).isEqualTo(NOW);
        }

        @Test
        void identityEmailNeverChanges() {
            Lead before = existing(contact("max@firma.de", "+49301234567", "Max", "Firma GmbH"), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(contact("m.mustermann@firma.de", null, "Maximilian", null), "i3", T3), NOW);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().firstName()).isEqualTo("Maximilian");
            assertThat(merged.profile().phone()).isEqualTo("+49301234567");
        }

        @Test
        void phoneOnlyLeadGainsTheEmailAndIsSegmentedAgain() {
            Lead before = existing(contact(null, "+49301234567"), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2C);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", "+49301234567"), "i3", T3), NOW);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }

        @Test
        void namingACompanyMakesAFreeMailLeadB2B() {
            Lead before = existing(contact("max@gmail.com", null), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2C);

            Lead merged = merge.merge(before, submission(contact("max@gmail.com", null, null, "Max GmbH"), "i3", T3), NOW);

            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }

        @Test
        void newerInteractionBecomesLastTouch() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", null), "i3", T3), NOW);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i1");
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i3");
            assertThat(merged.lastTouch().occurredAt()).isEqualTo(T3);
        }

        @Test
        void olderInteractionArrivingLateBecomesFirstTouchNotLastTouch() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", null), "i0", T0), NOW);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i0");
            assertThat(merged.firstTouch().occurredAt()).isEqualTo(T0);
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i2");
            assertThat(merged.interactionCount()).isEqualTo(3);
        }

        @Test
        void interactionBetweenFirstAndLastChangesNeither() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.NONE);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", null), "iMid",
                    Instant.parse("2026-01-15T00:00:00Z")), NOW);

            assertThat(merged.firstTouch().interactionId()).isEqualTo("i1");
            assertThat(merged.lastTouch().interactionId()).isEqualTo("i2");
        }

        @Test
        void consentWithoutCheckboxKeepsTheGrant() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.GRANTED);
            assertThat(before.consent().status()).isEqualTo(ConsentStatus.GRANTED);

            Lead merged = merge.merge(before, submission(contact("max@firma.de", null), "i3", T3), NOW);

            assertThat(merged.consent().status()).isEqualTo(ConsentStatus.GRANTED);
            assertThat(merged.consent().ipHash()).isEqualTo("hash-i1");
        }

        @Test
        void pendingDoesNotOverrideConfirmedButGrantOverridesPending() {
            Lead confirmed = existing(contact("max@firma.de", null), ConsentStatus.CONFIRMED);
            Lead afterPending = merge.merge(confirmed,
                    submission(contact("max@firma.de", null), interaction("i3", T3, ConsentStatus.PENDING)), NOW);
            assertThat(afterPending.consent().status()).isEqualTo(ConsentStatus.CONFIRMED);

            Lead pending = existing(contact("max@firma.de", null), ConsentStatus.PENDING);
            Lead afterGrant = merge.merge(pending,
                    submission(contact("max@firma.de", null), interaction("i3", T3, ConsentStatus.GRANTED)), NOW);
            assertThat(afterGrant.consent().status()).isEqualTo(ConsentStatus.GRANTED);
            assertThat(afterGrant.consent().ipHash()).isEqualTo("hash-i3");
        }

        @Test
        void leadStaysTestOnlyWhileEveryInteractionIsATest() {
            Lead testLead = merge.create("L1", new Submission(contact("max@firma.de", null),
                    interaction("i1", T1, ConsentStatus.NONE), true), T1);

            Lead stillTest = merge.merge(testLead, new Submission(contact("max@firma.de", null),
                    interaction("i2", T2, ConsentStatus.NONE), true), NOW);
            Lead real = merge.merge(stillTest, submission(contact("max@firma.de", null), "i3", T3), NOW);
            Lead notBackToTest = merge.merge(real, new Submission(contact("max@firma.de", null),
                    interaction("i4", T3, ConsentStatus.NONE), true), NOW);

            assertThat(stillTest.test()).isTrue();
            assertThat(real.test()).isFalse();
            assertThat(notBackToTest.test()).isFalse();
        }

        @Test
        void segmentFollowsTheKeptIdentityEmail() {
            Lead before = existing(contact("max@firma.de", null), ConsentStatus.NONE);
            assertThat(before.profile().segment()).isEqualTo(Segment.B2B);

            Lead merged = merge.merge(before, submission(contact("max@gmail.com", null), "i3", T3), NOW);

            assertThat(merged.profile().email()).isEqualTo("max@firma.de");
            assertThat(merged.profile().segment()).isEqualTo(Segment.B2B);
        }
    }
}

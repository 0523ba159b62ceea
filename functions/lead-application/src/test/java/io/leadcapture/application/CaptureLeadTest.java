package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.leadcapture.application.port.CommitCapturePort;
import io.leadcapture.application.port.FindCapturedRequestPort;
import io.leadcapture.application.port.FindIdentityOwnersPort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.LookUpCapturePort;
import io.leadcapture.core.CaptureContext;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.ProposedChange;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.core.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The capture use case against an in-memory store that keeps the ports' contracts: what is decided
 * (new lead or which lead, which identities are claimed), and what happens when a concurrent writer
 * wins in between. The same decisions against DynamoDB (moto) are covered by the handler tests.
 */
class CaptureLeadTest {
    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");
    static final FormDefinition CONTACT = FormCatalog.bundled().find("contact").orElseThrow();
    static final FormDefinition CALLBACK = FormCatalog.bundled().find("callback").orElseThrow();

    final InMemoryStore store = new InMemoryStore();
    final AtomicInteger ids = new AtomicInteger();
    final CaptureLead capture = new CaptureLead(store, store, store, store,
            new SubmissionBuilder(FreeMailDomains.bundled()), new LeadMerge(FreeMailDomains.bundled()),
            Clock.fixed(NOW, ZoneOffset.UTC), () -> "id-" + ids.incrementAndGet());

    static CaptureCommand form(FormDefinition form, String... nameValues) {
        FormFields fields = new FormFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            fields.add(nameValues[i], nameValues[i + 1]);
        }
        return CaptureCommand.formPost(form, fields, "hmac-sha256:test", null, null);
    }

    @Test
    void aNewPersonGetsANewLeadThatClaimsEmailAndPhone() {
        CaptureResult r = capture.capture(form(CONTACT, "email", "Ada@Example-Werke.de", "phone", "030 1234567"));

        assertThat(r.outcome()).isEqualTo(CaptureResult.Outcome.CREATED);
        CapturePlan plan = store.commits.get(0);
        assertThat(plan.createsLead()).isTrue();
        assertThat(plan.claimEmail()).isEqualTo("ada@example-werke.de");
        assertThat(plan.claimPhone()).isEqualTo("+49301234567");
        assertThat(plan.lead().leadId()).isEqualTo(r.leadId());
        assertThat(plan.interaction().interactionId()).isEqualTo(r.interactionId());
        assertThat(plan.interaction().occurredAt()).isEqualTo(NOW);
    }

    @Test
    void theSameEmailJoinsTheLeadUnderItsVersionAndClaimsOnlyWhatIsNew() {
        CaptureResult first = capture.capture(form(CONTACT, "email", "bo@example-werke.de"));
        CaptureResult second = capture.capture(form(CONTACT, "email", "BO@example-werke.de", "phone", "030 7654321"));

        assertThat(second.outcome()).isEqualTo(CaptureResult.Outcome.MERGED);
        assertThat(second.leadId()).isEqualTo(first.leadId());
        CapturePlan plan = store.commits.get(1);
        assertThat(plan.expectedVersion()).isEqualTo(1L);
        assertThat(plan.claimEmail()).isNull();
        assertThat(plan.claimPhone()).isEqualTo("+49307654321");
        assertThat(store.leads.get(first.leadId()).interactionCount()).isEqualTo(2);
    }

    @Test
    void aPhoneNeverJoinsAnEmailToAnotherLeadButLinksThemForSales() {
        CaptureResult callback = capture.capture(form(CALLBACK, "phone", "030 1112223", "first_name", "Cem"));
        CaptureResult withEmail = capture.capture(form(CONTACT, "email", "cem@example-werke.de", "phone", "030 1112223"));

        assertThat(withEmail.leadId()).isNotEqualTo(callback.leadId());
        assertThat(withEmail.outcome()).isEqualTo(CaptureResult.Outcome.CREATED);
        CapturePlan plan = store.commits.get(1);
        assertThat(plan.claimEmail()).isEqualTo("cem@example-werke.de");
        assertThat(plan.claimPhone()).as("the phone stays with its lead").isNull();
        assertThat(plan.duplicateOf()).isEqualTo(callback.leadId());
        assertThat(store.leads.get(callback.leadId()).profile().email()).isNull();
    }

    @Test
    void aKnownAddressKeepsItsProfileAndTheDifferingValuesAreProposed() {
        CaptureResult first = capture.capture(form(CONTACT, "email", "dana@example-werke.de", "first_name", "Dana",
                "phone", "030 1234567"));
        CaptureResult second = capture.capture(form(CONTACT, "email", "dana@example-werke.de", "first_name", "Mallory",
                "phone", "030 7654321", "city", "Berlin"));

        Lead lead = store.leads.get(first.leadId());
        assertThat(second.leadId()).isEqualTo(first.leadId());
        assertThat(lead.profile().firstName()).isEqualTo("Dana");
        assertThat(lead.profile().phone()).isEqualTo("+49301234567");
        assertThat(lead.profile().city()).isEqualTo("Berlin");
        assertThat(lead.proposedChanges()).extracting(ProposedChange::field, ProposedChange::value,
                        ProposedChange::interactionId)
                .containsExactly(tuple("phone", "+49307654321", second.interactionId()),
                        tuple("first_name", "Mallory", second.interactionId()));
        assertThat(store.commits.get(1).interaction().submitted().firstName()).isEqualTo("Mallory");
        assertThat(store.commits.get(1).claimPhone()).as("a proposed phone is not claimed").isNull();
    }

    @Test
    void aLostRaceIsDecidedAgainWithAFreshReadAndANewAttempt() {
        capture.capture(form(CONTACT, "email", "eva@example-werke.de"));
        store.loseNextCommits = 2;

        CaptureResult r = capture.capture(form(CONTACT, "email", "eva@example-werke.de", "first_name", "Eva"));

        assertThat(r.outcome()).isEqualTo(CaptureResult.Outcome.MERGED);
        assertThat(store.attempts).containsExactly(1, 1, 2, 3);
        assertThat(store.leads.get(r.leadId()).interactionCount()).isEqualTo(2);
    }

    @Test
    void contentionThatNeverEndsIsRetryableNotAnAnswer() {
        store.loseNextCommits = Integer.MAX_VALUE;

        assertThatThrownBy(() -> capture.capture(form(CONTACT, "email", "fritz@example-werke.de")))
                .isInstanceOf(StoreUnavailableException.class);
        assertThat(store.leads).isEmpty();
        assertThat(store.attempts).hasSize(12);
    }

    @Test
    void contentionPastTheDeadlineEndsBeforeTheLastAttemptAndBeforeTheDeadline() {
        // every lost commit costs 1.5 s of a 6 s budget (a slow DynamoDB)
        StepClock clock = new StepClock(NOW);
        InMemoryStore slow = new InMemoryStore() {
            @Override
            public boolean commit(CapturePlan plan) {
                clock.advance(Duration.ofMillis(1_500));
                return super.commit(plan);
            }
        };
        slow.loseNextCommits = Integer.MAX_VALUE;
        CaptureLead capture = new CaptureLead(slow, slow, slow, slow, new SubmissionBuilder(FreeMailDomains.bundled()),
                new LeadMerge(FreeMailDomains.bundled()), clock, () -> "id-" + ids.incrementAndGet(),
                CaptureRetryPolicy.DEFAULT);

        assertThatThrownBy(() -> capture.capture(form(CONTACT, "email", "hanna@example-werke.de"), NOW.plusSeconds(6)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("deadline");
        assertThat(slow.attempts).containsExactly(1, 2, 3, 4);
        assertThat(clock.instant()).isBeforeOrEqualTo(NOW.plusSeconds(6));
    }

    @Test
    void noStoreCallStartsAfterTheDeadline() {
        StepClock clock = new StepClock(NOW);
        CaptureLead capture = new CaptureLead(store, store, store, store, new SubmissionBuilder(FreeMailDomains.bundled()),
                new LeadMerge(FreeMailDomains.bundled()), clock, () -> "id-" + ids.incrementAndGet(),
                CaptureRetryPolicy.DEFAULT);

        assertThatThrownBy(() -> capture.capture(form(CONTACT, "email", "ines@example-werke.de"), NOW.plusMillis(50)))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("deadline");
        assertThat(store.attempts).isEmpty();
    }

    /** A clock that moves only when told. */
    static final class StepClock extends Clock {
        private Instant now;

        StepClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void anIdentityWhoseLeadIsNotVisibleYetIsReadAgain() {
        store.owners.put("gil@example-werke.de", "lead-in-flight");
        store.revealAfterReads = 2; // the creator's transaction commits while we wait

        CaptureResult r = capture.capture(form(CONTACT, "email", "gil@example-werke.de"));

        assertThat(r.leadId()).isEqualTo("lead-in-flight");
        assertThat(r.outcome()).isEqualTo(CaptureResult.Outcome.MERGED);
    }

    @Test
    void aKnownIdempotencyKeyAnswersAsBeforeAndWritesNothing() {
        IdempotencyKey key = new IdempotencyKey("form:contact", "k-1", "hash-1");
        CaptureCommand post = new CaptureCommand(CONTACT, new FormFields().add("email", "hana@example-werke.de"), null,
                null, null, Map.of(), false, key, false, false);
        CaptureResult first = capture.capture(post);
        CaptureResult again = capture.capture(post);

        assertThat(again.replayed()).isTrue();
        assertThat(again.leadId()).isEqualTo(first.leadId());
        assertThat(again.interactionId()).isEqualTo(first.interactionId());
        assertThat(store.commits).hasSize(1);
        assertThatThrownBy(() -> capture.capture(new CaptureCommand(CONTACT, new FormFields().add("email", "x@y.de"),
                null, null, null, Map.of(), false, new IdempotencyKey("form:contact", "k-1", "hash-2"), false,
                false)))
                .isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void anEarlierRequestIsFoundByItsKeyWithoutCapturingAnything() {
        IdempotencyKey key = new IdempotencyKey("form:contact", "k-2", "hash-1");
        CaptureCommand post = new CaptureCommand(CONTACT, new FormFields().add("email", "ida@example-werke.de"), null,
                null, null, Map.of(), false, key, false, false);

        assertThat(capture.earlier(post)).isEmpty();
        assertThat(capture.earlier(form(CONTACT, "email", "ida@example-werke.de"))).as("no key").isEmpty();
        assertThat(store.commits).isEmpty();
        CaptureResult first = capture.capture(post);

        assertThat(capture.earlier(post)).hasValueSatisfying(r -> {
            assertThat(r.replayed()).isTrue();
            assertThat(r.interactionId()).isEqualTo(first.interactionId());
        });
        assertThat(store.commits).hasSize(1);
        assertThatThrownBy(() -> capture.earlier(new CaptureCommand(CONTACT, new FormFields().add("email", "x@y.de"),
                null, null, null, Map.of(), false, new IdempotencyKey("form:contact", "k-2", "hash-2"), false,
                false))).isInstanceOf(IdempotencyConflictException.class);
    }

    @Test
    void aPlatformLeadKeepsARefusedFieldAsEnteredInsteadOfLosingTheLead() {
        FormDefinition zoom = CaptureCommand.platformChannel("zoom", InteractionType.WEBINAR_REGISTRATION, "DE");
        CaptureCommand lead = CaptureCommand.platformLead(zoom,
                new FormFields().add("email", "ines@example-werke.de").add("phone", "12"),
                Map.of("webinarId", "812"), Instant.parse("2026-05-30T08:00:00Z"), false, "812:reg-1");

        CaptureResult r = capture.capture(lead);

        CapturePlan plan = store.commits.get(0);
        assertThat(r.outcome()).isEqualTo(CaptureResult.Outcome.CREATED);
        assertThat(plan.lead().profile().phone()).isNull();
        assertThat(plan.interaction().customAnswers()).containsEntry("phone_as_entered", List.of("12"));
        assertThat(plan.interaction().sourceIds()).containsEntry("webinarId", "812");
        assertThat(plan.interaction().occurredAt()).isEqualTo(Instant.parse("2026-05-30T08:00:00Z"));
        assertThat(plan.idempotency().ttl()).isEqualTo(CaptureCommand.PLATFORM_RETRY_WINDOW);
    }

    @Test
    void aFormPostWithARefusedFieldIsRefusedAndStoresNothing() {
        assertThatThrownBy(() -> capture.capture(form(CONTACT, "email", "jo@example-werke.de", "phone", "12")))
                .isInstanceOf(ValidationException.class);
        assertThat(store.commits).isEmpty();
    }

    @Test
    void aTestDeliveryIsMarkedOnItsPlan() {
        FormDefinition google = CaptureCommand.platformChannel("google_ads", InteractionType.AD_LEAD, "DE");
        capture.capture(CaptureCommand.platformLead(google, new FormFields().add("email", "kai@example-werke.de"),
                Map.of(), null, true, "lead-t"));
        assertThat(store.commits.get(0).test()).isTrue();
        assertThat(store.commits.get(0).lead().test()).isTrue();
    }

    @Test
    void theHoneypotIsAFormRuleOnly() {
        assertThat(capture.isSpam(form(CONTACT, "email", "bot@example.com", "_gotcha", "x"))).isTrue();
        assertThat(capture.isSpam(form(CONTACT, "email", "lena@example-werke.de"))).isFalse();
    }

    @Test
    void aStoreThatReadsRecordAndOwnersAtOnceIsAskedOncePerAttempt() {
        List<String> reads = new ArrayList<>();
        class OneRequestStore extends InMemoryStore implements LookUpCapturePort {
            @Override
            public Optional<CaptureResult> earlier(IdempotencyKey key) {
                reads.add("earlier");
                return super.earlier(key);
            }

            @Override
            public IdentityOwners owners(String email, String phone) {
                reads.add("owners");
                return super.owners(email, phone);
            }

            @Override
            public CaptureLookUp lookUp(IdempotencyKey key, Instant now, String email, String phone, Duration within) {
                reads.add("lookUp");
                return new CaptureLookUp(key == null ? Optional.empty() : super.earlier(key), super.owners(email, phone));
            }
        }
        OneRequestStore one = new OneRequestStore();
        CaptureLead oneRequest = new CaptureLead(one, one, one, one, new SubmissionBuilder(FreeMailDomains.bundled()),
                new LeadMerge(FreeMailDomains.bundled()), Clock.fixed(NOW, ZoneOffset.UTC), () -> "id-" + ids.incrementAndGet());
        CaptureCommand post = CaptureCommand.formPost(CONTACT, new FormFields().add("email", "jo@example-werke.de"),
                "hmac-sha256:test", null, new IdempotencyKey("form:contact", "k-1", "hash-1"));

        CaptureResult first = oneRequest.capture(post);
        one.loseNextCommits = 1;
        CaptureResult again = oneRequest.capture(post);
        CaptureResult other = oneRequest.capture(form(CONTACT, "email", "jo@example-werke.de", "message", "noch eine Frage"));

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.interactionId()).isEqualTo(first.interactionId());
        assertThat(other.outcome()).isEqualTo(CaptureResult.Outcome.MERGED);
        assertThat(reads).as("one read an attempt: the replay, and the lost attempt and its retry")
                .containsExactly("lookUp", "lookUp", "lookUp", "lookUp");
        assertThat(one.attempts).containsExactly(1, 1, 2);
        assertThat(one.commits).hasSize(2);
    }

    /** The four capture ports over maps, with the conditions DynamoDB checks in the transaction. */
    static class InMemoryStore
            implements FindCapturedRequestPort, FindIdentityOwnersPort, LoadLeadProfilePort, CommitCapturePort {
        final Map<String, Lead> leads = new HashMap<>();
        final Map<String, String> owners = new HashMap<>();
        final Map<String, CaptureResult> requests = new HashMap<>();
        final Map<String, String> requestHashes = new HashMap<>();
        final List<CapturePlan> commits = new ArrayList<>();
        final List<Integer> attempts = new ArrayList<>();
        int loseNextCommits;
        int revealAfterReads = -1;

        @Override
        public Optional<CaptureResult> earlier(IdempotencyKey key) {
            CaptureResult r = requests.get(key.digest());
            if (r != null && key.requestHash() != null && !key.requestHash().equals(requestHashes.get(key.digest()))) {
                throw new IdempotencyConflictException();
            }
            return Optional.ofNullable(r).map(e -> new CaptureResult(e.leadId(), e.interactionId(), e.outcome(), true));
        }

        @Override
        public IdentityOwners owners(String email, String phone) {
            return new IdentityOwners(email == null ? null : owners.get(email), phone == null ? null : owners.get(phone));
        }

        @Override
        public Optional<Lead> profile(String leadId) {
            if (revealAfterReads > 0 && --revealAfterReads == 0) {
                leads.put(leadId, new LeadMerge(FreeMailDomains.bundled()).create(leadId,
                        new SubmissionBuilder(FreeMailDomains.bundled()).build(CONTACT,
                                new FormFields().add("email", "gil@example-werke.de"),
                                new CaptureContext("i-0", NOW, null, null)), NOW));
            }
            return Optional.ofNullable(leads.get(leadId));
        }

        @Override
        public boolean commit(CapturePlan plan) {
            attempts.add(plan.attempt());
            if (loseNextCommits > 0) {
                loseNextCommits--;
                return false;
            }
            Lead current = leads.get(plan.lead().leadId());
            boolean versionOk = plan.createsLead() ? current == null
                    : current != null && current.version() == plan.expectedVersion();
            if (!versionOk || (plan.claimEmail() != null && owners.containsKey(plan.claimEmail()))
                    || (plan.claimPhone() != null && owners.containsKey(plan.claimPhone()))) {
                return false;
            }
            commits.add(plan);
            leads.put(plan.lead().leadId(), plan.lead());
            if (plan.claimEmail() != null) {
                owners.put(plan.claimEmail(), plan.lead().leadId());
            }
            if (plan.claimPhone() != null) {
                owners.put(plan.claimPhone(), plan.lead().leadId());
            }
            if (plan.idempotency() != null) {
                requests.put(plan.idempotency().digest(), plan.result());
                requestHashes.put(plan.idempotency().digest(), plan.idempotency().requestHash());
            }
            return true;
        }
    }
}

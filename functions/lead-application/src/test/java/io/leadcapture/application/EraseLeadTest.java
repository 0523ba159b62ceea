package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.application.port.CompleteErasurePort;
import io.leadcapture.application.port.EraseLeadItemsPort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.FindMergeStatePort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.MarkErasurePort;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The erasure use case against an in-memory store that keeps the ports' contracts: the steps and
 * their order, resuming where a request stopped, a capture landing in between, the same receipt
 * for every repeat. The same against DynamoDB (moto) is covered by the erase handler's tests.
 */
class EraseLeadTest {
    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");

    final InMemoryStore store = new InMemoryStore();
    final EraseLead erasures = new EraseLead(store, store, store, Clock.fixed(NOW, ZoneOffset.UTC));

    static Lead lead(String id, long version) {
        return new Lead(id, new ContactProfile(id + "@firma.de", null, null, null, null, null, null, null, null, null,
                null, null, null), null, null, null, 1, false, NOW, NOW, version, Stage.LEAD, null, List.of(), List.of(),
                null, null);
    }

    static EraseCommand command(String id) {
        return new EraseCommand(id, "dpo", "Art. 17", null);
    }

    static ErasureReceipt receipt(ErasureOutcome outcome) {
        assertThat(outcome).isInstanceOf(ErasureOutcome.Completed.class);
        return ((ErasureOutcome.Completed) outcome).receipt();
    }

    @Test
    void marksErasesIdentitiesThenItemsThenCompletes() {
        store.add(lead("a", 1), 120);

        ErasureReceipt r = receipt(erasures.erase(command("a")));

        assertThat(store.steps).containsExactly("mark a", "identities a", "batch a 50", "batch a 50", "batch a 20",
                "complete a");
        assertThat(r).isEqualTo(new ErasureReceipt("a", NOW, 121, "dpo", "Art. 17"));
        assertThat(store.profiles).doesNotContainKey("a");
    }

    @Test
    void aRepeatAnswersTheSameReceiptAndSweepsWhatCameLate() {
        store.add(lead("a", 1), 3);
        ErasureReceipt first = receipt(erasures.erase(command("a")));
        store.items.put("a", 1); // a mail marker claimed just before the profile went

        ErasureReceipt again = receipt(erasures.erase(new EraseCommand("a", "someone else", "other", null)));

        assertThat(again).isEqualTo(first);
        assertThat(store.items.get("a")).isZero();
    }

    @Test
    void aStoppedErasureCarriesOnFromItsMark() {
        store.add(lead("a", 1), 120);
        Instant past = NOW.minusSeconds(1);

        ErasureOutcome stopped = erasures.erase(new EraseCommand("a", "dpo", "Art. 17", past));
        assertThat(stopped).isEqualTo(new ErasureOutcome.Unfinished("a", 50));

        ErasureReceipt r = receipt(erasures.erase(new EraseCommand("a", "later caller", null, null)));
        // the mark keeps the first request's who and why
        assertThat(r).isEqualTo(new ErasureReceipt("a", NOW, 121, "dpo", "Art. 17"));
        assertThat(store.steps).containsSubsequence("mark a", "batch a 50", "identities a", "batch a 50", "complete a");
        assertThat(store.steps).filteredOn(s -> s.startsWith("mark")).hasSize(1);
    }

    @Test
    void aCaptureThatLandsMeanwhileIsErasedWithTheRest() {
        store.add(lead("a", 1), 10);
        store.onBatch = () -> {
            store.onBatch = null;
            store.profiles.put("a", lead("a", 2)); // a submission landed: a new version and one more item
            store.items.merge("a", 1, Integer::sum);
        };

        ErasureReceipt r = receipt(erasures.erase(command("a")));

        assertThat(store.steps).filteredOn(s -> s.startsWith("identities")).hasSize(2);
        assertThat(r.itemsDeleted()).isEqualTo(12);
        assertThat(store.items.get("a")).isZero();
    }

    @Test
    void anUnknownLeadIsSaidSoAndNothingIsWritten() {
        assertThat(erasures.erase(command("nobody"))).isEqualTo(new ErasureOutcome.UnknownLead("nobody"));
        assertThat(store.steps).isEmpty();
    }

    @Test
    void aLeadBeingMergedIntoAnotherIsNotErasedAndNothingIsWritten() {
        store.add(lead("a", 1), 10);
        store.mergingInto.put("a", "b");

        assertThat(erasures.erase(command("a"))).isEqualTo(new ErasureOutcome.MergeInProgress("a", "b", false));
        assertThat(store.steps).isEmpty();
        assertThat(store.profiles).containsKey("a");
    }

    @Test
    void aLeadReceivingAMergeIsNotErasedAndNothingIsWritten() {
        store.add(lead("b", 1), 10);
        store.mergesInto.put("b", List.of("a"));

        assertThat(erasures.erase(command("b"))).isEqualTo(new ErasureOutcome.MergeInProgress("b", "a", true));
        assertThat(store.steps).isEmpty();
    }

    @Test
    void aMergeMarkedJustBeforeTheErasureGoesFirstAndTheMarkIsTakenBack() {
        store.add(lead("b", 1), 10);
        store.onMark = () -> store.mergesInto.put("b", List.of("a")); // the merge's first step won the race

        assertThat(erasures.erase(command("b"))).isEqualTo(new ErasureOutcome.MergeInProgress("b", "a", true));
        assertThat(store.steps).containsExactly("mark b", "unmark b");
        assertThat(store.marks).isEmpty();
        assertThat(store.items).containsEntry("b", 10);

        // once the merge has completed, the same request erases
        store.mergesInto.remove("b");
        receipt(erasures.erase(command("b")));
        assertThat(store.profiles).doesNotContainKey("b");
    }

    /** Profiles, an item count per lead, the erasure marks and receipts. */
    static final class InMemoryStore implements FindErasureStatePort, FindMergeStatePort, LoadLeadProfilePort,
            MarkErasurePort, EraseLeadItemsPort, CompleteErasurePort {
        final Map<String, Lead> profiles = new HashMap<>();
        final Map<String, Integer> items = new HashMap<>();
        final Map<String, ErasureRequest> marks = new HashMap<>();
        final Map<String, Long> deleted = new HashMap<>();
        final Map<String, ErasureReceipt> receipts = new HashMap<>();
        final List<String> steps = new ArrayList<>();
        /** Merges that have started and not completed: source to target, and target to sources. */
        final Map<String, String> mergingInto = new HashMap<>();
        final Map<String, List<String>> mergesInto = new HashMap<>();
        Runnable onBatch;
        Runnable onMark;

        void add(Lead lead, int itemCount) {
            profiles.put(lead.leadId(), lead);
            items.put(lead.leadId(), itemCount);
        }

        @Override
        public ErasureState erasureState(String leadId) {
            if (receipts.containsKey(leadId)) {
                return new ErasureState.Erased(receipts.get(leadId));
            }
            return marks.containsKey(leadId) ? new ErasureState.Erasing(marks.get(leadId), deleted.get(leadId))
                    : new ErasureState.NotErased();
        }

        @Override
        public MergeState mergeState(String leadId) {
            return mergingInto.containsKey(leadId)
                    ? new MergeState.Merging(mergingInto.get(leadId), new MergeRequest("sales", null, NOW), 0)
                    : new MergeState.NotMerged();
        }

        @Override
        public List<String> mergesInto(String leadId) {
            return mergesInto.getOrDefault(leadId, List.of());
        }

        @Override
        public Optional<Lead> profile(String leadId) {
            return Optional.ofNullable(profiles.get(leadId));
        }

        @Override
        public boolean markErasing(Lead read, ErasureRequest request) {
            if (marks.containsKey(read.leadId()) || profiles.get(read.leadId()).version() != read.version()) {
                return false;
            }
            if (onMark != null) {
                onMark.run();
                onMark = null;
            }
            steps.add("mark " + read.leadId());
            marks.put(read.leadId(), request);
            deleted.put(read.leadId(), 0L);
            return true;
        }

        @Override
        public void unmarkErasing(String leadId) {
            if (deleted.getOrDefault(leadId, -1L) == 0L) {
                steps.add("unmark " + leadId);
                marks.remove(leadId);
                deleted.remove(leadId);
            }
        }

        @Override
        public void eraseIdentities(String leadId, Lead profile) {
            steps.add("identities " + leadId);
        }

        @Override
        public int eraseBatch(String leadId) {
            int left = items.getOrDefault(leadId, 0);
            if (left == 0) {
                return 0;
            }
            int n = Math.min(50, left);
            items.put(leadId, left - n);
            if (marks.containsKey(leadId)) {
                deleted.merge(leadId, (long) n, Long::sum);
                steps.add("batch " + leadId + " " + n);
            }
            if (onBatch != null) {
                onBatch.run();
            }
            return n;
        }

        @Override
        public Optional<ErasureReceipt> completeErasure(Lead read, Instant at) {
            String id = read.leadId();
            if (!marks.containsKey(id) || profiles.get(id) == null || profiles.get(id).version() != read.version()) {
                return Optional.empty();
            }
            ErasureRequest request = marks.remove(id);
            profiles.remove(id);
            ErasureReceipt receipt = new ErasureReceipt(id, at, deleted.remove(id) + 1, request.requestedBy(),
                    request.reason());
            receipts.put(id, receipt);
            steps.add("complete " + id);
            return Optional.of(receipt);
        }
    }
}

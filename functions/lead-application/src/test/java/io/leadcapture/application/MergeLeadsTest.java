package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.application.MergeRefusedException.Reason;
import io.leadcapture.application.port.CompleteMergePort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.FindMergeStatePort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.MarkMergePort;
import io.leadcapture.application.port.MoveLeadItemsPort;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.DuplicateMerge;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The merge use case against an in-memory store that keeps the ports' contracts: the steps and
 * their order, resuming where a request stopped, lost races, merges that were redirected, refusals.
 * The same against DynamoDB (moto) is covered by the merge handler's tests.
 */
class MergeLeadsTest {
    static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");
    static final String WHO = "arn:aws:iam::123456789012:user/sales";

    final InMemoryStore store = new InMemoryStore();
    final MergeLeads merges = new MergeLeads(store, store, store, new DuplicateMerge(FreeMailDomains.bundled()),
            Clock.fixed(NOW, ZoneOffset.UTC));

    static Lead lead(String id, String email, long interactions, Stage stage) {
        return new Lead(id, new ContactProfile(email, null, null, null, null, null, null, null, null, null, null, null,
                null), null, null, null, interactions, false, NOW, NOW, 1, stage, null, List.of(), List.of(), null, null);
    }

    /** Leads with one interaction each, stage lead, an email made of the id. */
    void plainLeads(String... ids) {
        for (String id : ids) {
            store.add(lead(id, id + "@firma.de", 1, Stage.LEAD), 1);
        }
    }

    static MergeCommand command(String source, String target) {
        return new MergeCommand(source, target, WHO, "same person", null);
    }

    static MergeReceipt receipt(MergeOutcome outcome) {
        assertThat(outcome).isInstanceOf(MergeOutcome.Completed.class);
        return ((MergeOutcome.Completed) outcome).receipt();
    }

    @Test
    void marksMovesIdentitiesThenItemsThenCompletes() {
        store.add(lead("s", "s@firma.de", 5, Stage.MQL), 5);
        store.add(lead("t", "t@firma.de", 1, Stage.LEAD), 1);

        MergeReceipt r = receipt(merges.merge(command("s", "t")));

        assertThat(r).isEqualTo(new MergeReceipt("t", "s", 5, NOW));
        assertThat(store.steps).containsExactly("mark s->t carrying MQL", "identities s->t", "batch 2", "batch 2",
                "batch 1", "batch 0", "complete s->t");
        assertThat(store.profiles).doesNotContainKey("s");
        assertThat(store.profiles.get("t").interactionCount()).isEqualTo(6);
        assertThat(store.profiles.get("t").stage()).isEqualTo(Stage.MQL);
        assertThat(store.items.get("t")).isEqualTo(6);
        assertThat(store.completed.get(0).request().who()).isEqualTo(WHO);
    }

    @Test
    void aRepeatAnswersTheSameReceiptAndAnotherTargetIsRefused() {
        store.add(lead("s", "s@firma.de", 2, Stage.LEAD), 2);
        plainLeads("t", "x");
        MergeReceipt first = receipt(merges.merge(command("s", "t")));
        store.steps.clear();

        assertThat(receipt(merges.merge(command("s", "t")))).isEqualTo(first);
        assertThat(store.steps).containsExactly("batch 0");
        assertThatThrownBy(() -> merges.merge(command("s", "x"))).isInstanceOfSatisfying(MergeRefusedException.class,
                e -> {
                    assertThat(e.reason()).isEqualTo(Reason.MERGED_ELSEWHERE);
                    assertThat(e.leadId()).isEqualTo("t");
                });
    }

    @Test
    void refusalsWriteNothing() {
        plainLeads("s", "t");

        assertRefused(command("s", "s"), Reason.SAME_LEAD);
        assertRefused(command("nobody", "t"), Reason.UNKNOWN_SOURCE);
        assertRefused(command("s", "nobody"), Reason.UNKNOWN_TARGET);
        assertThat(store.steps).isEmpty();
    }

    @Test
    void aLeadBeingMergedIsNeitherMergedElsewhereNorMergedInto() {
        plainLeads("a", "b", "c");
        store.marks.put("a", new MergeState.Merging("b", new MergeRequest(WHO, null, NOW), 0));

        assertRefused(command("a", "c"), Reason.MERGING_ELSEWHERE);
        assertRefused(command("c", "a"), Reason.TARGET_MERGING);
        assertThat(store.steps).isEmpty();
    }

    @Test
    void aLeadBeingErasedIsNeitherMergedNorMergedInto() {
        plainLeads("a", "b");
        store.erasing.add("a");

        assertRefused(command("a", "b"), Reason.SOURCE_ERASING);
        assertRefused(command("b", "a"), Reason.TARGET_ERASING);
        assertThat(store.steps).isEmpty();
    }

    @Test
    void anUnfinishedMergeDoesNotFollowItsTargetIntoALeadBeingErased() {
        store.add(lead("s", "s@firma.de", 3, Stage.LEAD), 3);
        plainLeads("b", "c");
        assertThat(merges.merge(new MergeCommand("s", "b", WHO, null, NOW))).isInstanceOf(MergeOutcome.Unfinished.class);
        receipt(merges.merge(command("b", "c")));
        store.erasing.add("c");

        assertRefused(command("s", "b"), Reason.TARGET_ERASING);
        assertThat(store.marks.get("s").into()).as("still marked for the lead it started with").isEqualTo("b");
    }

    @Test
    void aRequestOutOfTimeStopsBetweenBatchesAndTheNextCarriesOnWithTheFirstRequestsWhoAndWhy() {
        store.add(lead("s", "s@firma.de", 5, Stage.LEAD), 5);
        store.add(lead("t", "t@firma.de", 1, Stage.LEAD), 1);

        MergeOutcome first = merges.merge(new MergeCommand("s", "t", WHO, "same person", NOW));

        assertThat(first).isEqualTo(new MergeOutcome.Unfinished("t", "s", 2));
        assertThat(store.profiles).containsKey("s");
        MergeReceipt r = receipt(merges.merge(new MergeCommand("s", "t", "someone else", "retry", null)));
        assertThat(r.itemsMoved()).isEqualTo(5);
        assertThat(store.completed.get(0).request().who()).isEqualTo(WHO);
        assertThat(store.completed.get(0).request().why()).isEqualTo("same person");
    }

    @Test
    void lostRacesAreReadAgainAndRetried() {
        store.add(lead("s", "s@firma.de", 3, Stage.LEAD), 3);
        store.add(lead("t", "t@firma.de", 1, Stage.LEAD), 1);
        store.loseMark = 1;
        store.loseBatch = 1;
        store.loseComplete = 1;

        MergeReceipt r = receipt(merges.merge(command("s", "t")));

        assertThat(r.itemsMoved()).isEqualTo(3);
        assertThat(store.profiles.get("t").interactionCount()).isEqualTo(4);
    }

    @Test
    void anUnfinishedMergeWhoseTargetWasMergedOnFollowsIt() {
        store.add(lead("s", "s@firma.de", 3, Stage.LEAD), 3);
        plainLeads("b", "c");
        assertThat(merges.merge(new MergeCommand("s", "b", WHO, null, NOW))).isInstanceOf(MergeOutcome.Unfinished.class);
        receipt(merges.merge(command("b", "c")));

        MergeReceipt r = receipt(merges.merge(command("s", "b")));

        assertThat(r.leadId()).isEqualTo("c");
        assertThat(store.items.get("c")).as("c's own, b's (with the batch s had moved there) and the rest of s's")
                .isEqualTo(5);
        assertThat(receipt(merges.merge(command("s", "b")))).as("a repeat").isEqualTo(r);
    }

    @Test
    void aMergeIntoAMergedLeadGoesWhereThatOneWent() {
        plainLeads("a", "b", "c");
        receipt(merges.merge(command("a", "b")));

        assertThat(receipt(merges.merge(command("c", "a"))).leadId()).isEqualTo("b");
        assertRefused(command("b", "a"), Reason.SAME_LEAD);
    }

    void assertRefused(MergeCommand command, Reason reason) {
        assertThatThrownBy(() -> merges.merge(command)).isInstanceOfSatisfying(MergeRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** Leads as a profile and a number of movable items; two items per batch. */
    static final class InMemoryStore implements FindMergeStatePort, FindErasureStatePort, LoadLeadProfilePort,
            MarkMergePort, MoveLeadItemsPort, CompleteMergePort {
        final Map<String, Lead> profiles = new HashMap<>();
        final Map<String, Integer> items = new HashMap<>();
        final Map<String, MergeState.Merging> marks = new HashMap<>();
        final Map<String, MergeReceipt> tombstones = new HashMap<>();
        final List<String> steps = new ArrayList<>();
        final List<MergePlan> completed = new ArrayList<>();
        /** Leads with an erasure mark. */
        final Set<String> erasing = new HashSet<>();
        int loseMark;
        int loseBatch;
        int loseComplete;

        void add(Lead lead, int itemCount) {
            profiles.put(lead.leadId(), lead);
            items.put(lead.leadId(), itemCount);
        }

        @Override
        public MergeState mergeState(String leadId) {
            if (tombstones.containsKey(leadId)) {
                return new MergeState.Merged(tombstones.get(leadId));
            }
            return marks.containsKey(leadId) ? marks.get(leadId) : new MergeState.NotMerged();
        }

        @Override
        public List<String> mergesInto(String leadId) {
            return marks.entrySet().stream().filter(e -> e.getValue().into().equals(leadId)).map(Map.Entry::getKey).toList();
        }

        @Override
        public ErasureState erasureState(String leadId) {
            return erasing.contains(leadId) ? new ErasureState.Erasing(new ErasureRequest("dpo", null, NOW), 0)
                    : new ErasureState.NotErased();
        }

        @Override
        public Optional<Lead> profile(String leadId) {
            return Optional.ofNullable(profiles.get(leadId));
        }

        @Override
        public boolean mark(Lead source, Lead target, Lead carried, MergeRequest request) {
            if (loseMark-- > 0 || marks.containsKey(source.leadId()) || marks.containsKey(target.leadId())
                    || erasing.contains(source.leadId()) || erasing.contains(target.leadId())
                    || profiles.get(source.leadId()).version() != source.version()
                    || profiles.get(target.leadId()).version() != target.version()) {
                return false;
            }
            marks.put(source.leadId(), new MergeState.Merging(target.leadId(), request, 0));
            if (carried != null) {
                profiles.put(carried.leadId(), carried);
            }
            steps.add("mark " + source.leadId() + "->" + target.leadId()
                    + (carried == null ? "" : " carrying " + carried.stage().wireName()));
            return true;
        }

        @Override
        public boolean retarget(String source, String from, String to) {
            MergeState.Merging m = marks.get(source);
            if (m == null || !m.into().equals(from) || erasing.contains(to)) {
                return false;
            }
            marks.put(source, new MergeState.Merging(to, m.request(), m.itemsMoved()));
            return true;
        }

        @Override
        public void moveIdentities(String source, String target, Lead sourceProfile) {
            steps.add("identities " + source + "->" + target);
        }

        @Override
        public int moveBatch(String source, String target) {
            if (loseBatch-- > 0) {
                return -1;
            }
            int left = items.getOrDefault(source, 0);
            int n = Math.min(2, left);
            steps.add("batch " + n);
            if (n == 0) {
                return 0;
            }
            if (!profiles.containsKey(target) || marks.containsKey(target)) {
                return -1;
            }
            items.put(source, left - n);
            items.merge(target, n, Integer::sum);
            MergeState.Merging m = marks.get(source);
            if (m != null) {
                marks.put(source, new MergeState.Merging(m.into(), m.request(), m.itemsMoved() + n));
            }
            return n;
        }

        @Override
        public Optional<MergeReceipt> complete(MergePlan plan) {
            String source = plan.source().leadId();
            String target = plan.target().leadId();
            MergeState.Merging m = marks.get(source);
            if (loseComplete-- > 0 || m == null || !m.into().equals(target)
                    || profiles.get(source).version() != plan.source().version()
                    || profiles.get(target).version() != plan.target().version()) {
                return Optional.empty();
            }
            MergeReceipt receipt = new MergeReceipt(target, source, m.itemsMoved(), plan.at());
            profiles.remove(source);
            marks.remove(source);
            tombstones.put(source, receipt);
            profiles.put(target, plan.merged());
            completed.add(plan);
            steps.add("complete " + source + "->" + target);
            return Optional.of(receipt);
        }
    }
}

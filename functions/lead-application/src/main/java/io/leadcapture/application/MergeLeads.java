package io.leadcapture.application;

import io.leadcapture.application.ErasureState.Erasing;
import io.leadcapture.application.MergeRefusedException.Reason;
import io.leadcapture.application.MergeState.Merged;
import io.leadcapture.application.MergeState.Merging;
import io.leadcapture.application.MergeState.NotMerged;
import io.leadcapture.application.port.CompleteMergePort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.FindMergeStatePort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.MarkMergePort;
import io.leadcapture.application.port.MoveLeadItemsPort;
import io.leadcapture.core.DuplicateMerge;
import io.leadcapture.core.Lead;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Sales merges a lead into another one it found to be the same person: everything the merged lead
 * holds moves, its identities come along, and only a tombstone stays behind.
 *
 * <p>A lead can hold far more items than one transaction takes, and the function may stop at any
 * point, so the merge is a sequence of steps each of which is complete or not done, and every
 * request for the merge carries on from wherever the last one stopped:
 * <ol>
 *   <li>mark the source as merging into the target (both versions checked; the target takes over the
 *       source's stage and score if these are further along);</li>
 *   <li>point the source's identity claims at the target, so new submissions land there;</li>
 *   <li>move the source's items in bounded batches;</li>
 *   <li>combine the profiles onto the target, record the merge on it and leave a tombstone at the
 *       source — under the source's version, so anything that landed on it meanwhile is moved first.</li>
 * </ol>
 * A request for a merge that completed answers with the same receipt.
 *
 * <p>A lead being erased is neither merged nor merged into ({@link Reason#SOURCE_ERASING},
 * {@link Reason#TARGET_ERASING}); the first step checks that in the same write, and an erasure does not
 * start while a merge into or from the lead is under way (see {@link EraseLead}).
 */
public final class MergeLeads {
    private static final int MAX_ATTEMPTS = 12;
    /** How many completed merges a target id is followed through (a merged into b merged into c…). */
    private static final int MAX_HOPS = 10;

    private final FindMergeStatePort states;
    private final FindErasureStatePort erasures;
    private final LoadLeadProfilePort profiles;
    private final MarkMergePort marks;
    private final MoveLeadItemsPort moves;
    private final CompleteMergePort completions;
    private final DuplicateMerge merge;
    private final Clock clock;

    /** The merge ports, usually one store implementing all of them. */
    public <S extends FindMergeStatePort & MarkMergePort & MoveLeadItemsPort & CompleteMergePort>
    MergeLeads(S store, FindErasureStatePort erasures, LoadLeadProfilePort profiles, DuplicateMerge merge, Clock clock) {
        this(store, erasures, profiles, store, store, store, merge, clock);
    }

    public MergeLeads(FindMergeStatePort states, FindErasureStatePort erasures, LoadLeadProfilePort profiles,
                      MarkMergePort marks, MoveLeadItemsPort moves, CompleteMergePort completions, DuplicateMerge merge,
                      Clock clock) {
        this.states = states;
        this.erasures = erasures;
        this.profiles = profiles;
        this.marks = marks;
        this.moves = moves;
        this.completions = completions;
        this.merge = merge;
        this.clock = clock;
    }

    /**
     * Merges, or carries on with, or answers for the merge of {@code command.sourceId()} into
     * {@code command.targetId()}.
     *
     * @throws MergeRefusedException     the merge cannot be done as asked; nothing was written
     * @throws StoreUnavailableException the store failed or the leads kept changing; the request may be repeated
     */
    public MergeOutcome merge(MergeCommand command) {
        if (command.sourceId().equals(command.targetId())) {
            throw new MergeRefusedException(Reason.SAME_LEAD, null, "A lead cannot be merged into itself.");
        }
        for (int attempt = 1; ; attempt++) {
            Optional<MergeOutcome> outcome = attempt(command);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new StoreUnavailableException("the leads kept changing while they were merged; retry", null);
            }
            Backoff.pause(attempt);
        }
    }

    /** One pass from the stored state; empty when a concurrent writer won a condition (read again). */
    private Optional<MergeOutcome> attempt(MergeCommand command) {
        String source = command.sourceId();
        return switch (states.mergeState(source)) {
            case Merged merged -> Optional.of(answer(command, merged.receipt()));
            case Merging merging -> carryOn(command, merging);
            case NotMerged notMerged -> start(command);
        };
    }

    /** A completed merge: the receipt, when the request names the lead it went into. */
    private MergeOutcome answer(MergeCommand command, MergeReceipt receipt) {
        String into = receipt.leadId();
        if (!into.equals(command.targetId()) && !into.equals(survivor(command.targetId()).orElse(null))) {
            throw new MergeRefusedException(Reason.MERGED_ELSEWHERE, into,
                    "Lead " + command.sourceId() + " was merged into lead " + into + ".");
        }
        // Whatever reached the merged lead after its last step (a mail marker written late) follows it.
        while (!deadlinePassed(command) && moves.moveBatch(command.sourceId(), into) > 0) {
            // moved one more batch
        }
        return new MergeOutcome.Completed(receipt);
    }

    private Optional<MergeOutcome> start(MergeCommand command) {
        Lead source = profiles.profile(command.sourceId()).orElseThrow(() -> new MergeRefusedException(
                Reason.UNKNOWN_SOURCE, null, "There is no lead '" + command.sourceId() + "'."));
        String targetId = survivor(command.targetId()).orElseThrow(() -> new MergeRefusedException(
                Reason.UNKNOWN_TARGET, null, "There is no lead '" + command.targetId() + "' to merge into."));
        if (targetId.equals(source.leadId())) {
            throw new MergeRefusedException(Reason.SAME_LEAD, null,
                    "Lead " + command.targetId() + " was merged into lead " + targetId + " already: they are one lead.");
        }
        if (states.mergeState(targetId) instanceof Merging targetMerging) {
            throw targetMerging(targetId, targetMerging);
        }
        if (erasures.erasureState(source.leadId()) instanceof Erasing) {
            throw new MergeRefusedException(Reason.SOURCE_ERASING, null,
                    "Lead " + source.leadId() + " is being erased; it cannot be merged.");
        }
        if (erasures.erasureState(targetId) instanceof Erasing) {
            throw targetErasing(targetId);
        }
        Optional<Lead> target = profiles.profile(targetId);
        if (target.isEmpty()) {
            return Optional.empty(); // merged meanwhile
        }
        Instant now = clock.instant();
        MergeRequest request = new MergeRequest(command.who(), command.why(), now);
        Lead carried = merge.carryStanding(target.get(), source, now).orElse(null);
        if (!marks.mark(source, target.get(), carried, request)) {
            return Optional.empty();
        }
        return run(command, targetId, request);
    }

    private Optional<MergeOutcome> carryOn(MergeCommand command, Merging merging) {
        String into = merging.into();
        MergeState targetState = states.mergeState(into);
        if (targetState instanceof Merged targetMerged) {
            // the target went on into another lead before this merge completed: follow it there
            String next = targetMerged.receipt().leadId();
            if (erasures.erasureState(next) instanceof Erasing) {
                throw targetErasing(next);
            }
            marks.retarget(command.sourceId(), into, next); // refused when an erasure of it started meanwhile: read again
            return Optional.empty();
        }
        if (!into.equals(command.targetId()) && !into.equals(survivor(command.targetId()).orElse(null))) {
            throw new MergeRefusedException(Reason.MERGING_ELSEWHERE, into,
                    "Lead " + command.sourceId() + " is being merged into lead " + into + "; repeat that request.");
        }
        if (targetState instanceof Merging targetMerging) {
            throw targetMerging(into, targetMerging);
        }
        return run(command, into, merging.request());
    }

    /** Steps 2 to 4 of a marked merge; each is safe to repeat. */
    private Optional<MergeOutcome> run(MergeCommand command, String target, MergeRequest request) {
        String source = command.sourceId();
        Optional<Lead> sourceLead = profiles.profile(source);
        if (sourceLead.isEmpty()) {
            return Optional.empty(); // completed by a concurrent request
        }
        moves.moveIdentities(source, target, sourceLead.get());
        for (boolean first = true; ; first = false) {
            if (!first && deadlinePassed(command)) {
                long moved = states.mergeState(source) instanceof Merging m ? m.itemsMoved() : 0;
                return Optional.of(new MergeOutcome.Unfinished(target, source, moved));
            }
            int moved = moves.moveBatch(source, target);
            if (moved == 0) {
                break;
            }
            if (moved < 0) {
                return Optional.empty();
            }
        }
        Optional<Lead> targetLead = profiles.profile(target);
        if (targetLead.isEmpty()) {
            return Optional.empty(); // merged on meanwhile: follow it on the next pass
        }
        Instant now = clock.instant();
        Lead combined = merge.combine(targetLead.get(), sourceLead.get(), now);
        return completions.complete(new MergePlan(sourceLead.get(), targetLead.get(), combined, request, now))
                .map(MergeOutcome.Completed::new);
    }

    /** The lead an id stands for now: itself, or the lead it was merged into (followed on); empty when unknown. */
    private Optional<String> survivor(String leadId) {
        String id = leadId;
        for (int hop = 0; hop < MAX_HOPS; hop++) {
            if (states.mergeState(id) instanceof Merged merged) {
                id = merged.receipt().leadId();
            } else {
                return profiles.profile(id).map(Lead::leadId);
            }
        }
        return Optional.empty();
    }

    private static MergeRefusedException targetErasing(String target) {
        return new MergeRefusedException(Reason.TARGET_ERASING, target,
                "Lead " + target + " is being erased; nothing can be merged into it.");
    }

    private static MergeRefusedException targetMerging(String target, Merging merging) {
        return new MergeRefusedException(Reason.TARGET_MERGING, merging.into(), "Lead " + target
                + " is itself being merged into lead " + merging.into() + "; retry once that merge has completed.");
    }

    private boolean deadlinePassed(MergeCommand command) {
        return command.deadline() != null && !clock.instant().isBefore(command.deadline());
    }
}

package io.leadcapture.application;

import io.leadcapture.application.ErasureState.Erased;
import io.leadcapture.application.ErasureState.Erasing;
import io.leadcapture.application.ErasureState.NotErased;
import io.leadcapture.application.MergeState.Merging;
import io.leadcapture.application.port.CompleteErasurePort;
import io.leadcapture.application.port.EraseLeadItemsPort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.FindMergeStatePort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.MarkErasurePort;
import io.leadcapture.core.Lead;
import java.time.Clock;
import java.util.Optional;

/**
 * Erases a person (GDPR Art. 17): the lead and everything that holds or derives from their data —
 * interactions, history, consent, mail and opt-in records, identity claims, address suppressions,
 * the links other leads hold to it — and strips the personal data from the idempotency records its
 * requests wrote, which stay so that a retried request or a redelivered webhook is answered as a
 * duplicate instead of bringing the person back. A receipt without personal data remains.
 *
 * <p>A lead can hold more items than one transaction takes and the function may stop anywhere, so
 * the erasure is a sequence of steps each of which is complete or not done, and every request for
 * it carries on from wherever the last one stopped:
 * <ol>
 *   <li>mark the lead as being erased (under its version as read);</li>
 *   <li>delete the claims of its email and phone, so new submissions no longer find it;</li>
 *   <li>delete its items in bounded batches (each after the claims its interactions name);</li>
 *   <li>delete the profile under the version read after the last batch — anything that landed on
 *       the lead meanwhile bumped it, so the batches run again first — and put the receipt.</li>
 * </ol>
 * A request for an erasure that completed answers with the same receipt.
 *
 * <p>An erasure and a merge of the same lead exclude each other: a merge moves the person's items
 * between two leads while an erasure deletes them, so either could leave items behind. A lead being
 * merged into another one, or receiving a merge, is not erased ({@link ErasureOutcome.MergeInProgress});
 * once it is marked as being erased, no merge into or from it starts (the merge checks the mark in its
 * own first step).
 */
public final class EraseLead {
    private static final int MAX_ATTEMPTS = 12;

    private final FindErasureStatePort states;
    private final FindMergeStatePort merges;
    private final LoadLeadProfilePort profiles;
    private final MarkErasurePort marks;
    private final EraseLeadItemsPort items;
    private final CompleteErasurePort completions;
    private final Clock clock;

    /** The erasure ports, usually one store implementing all of them. */
    public <S extends FindErasureStatePort & MarkErasurePort & EraseLeadItemsPort & CompleteErasurePort>
    EraseLead(S store, FindMergeStatePort merges, LoadLeadProfilePort profiles, Clock clock) {
        this(store, merges, profiles, store, store, store, clock);
    }

    public EraseLead(FindErasureStatePort states, FindMergeStatePort merges, LoadLeadProfilePort profiles,
                     MarkErasurePort marks, EraseLeadItemsPort items, CompleteErasurePort completions, Clock clock) {
        this.states = states;
        this.merges = merges;
        this.profiles = profiles;
        this.marks = marks;
        this.items = items;
        this.completions = completions;
        this.clock = clock;
    }

    /**
     * Erases, or carries on with, or answers for the erasure of {@code command.leadId()}.
     *
     * @throws StoreUnavailableException the store failed or the lead kept changing; the request may be repeated
     */
    public ErasureOutcome erase(EraseCommand command) {
        for (int attempt = 1; ; attempt++) {
            Optional<ErasureOutcome> outcome = attempt(command);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            if (attempt == MAX_ATTEMPTS) {
                throw new StoreUnavailableException("the lead kept changing while it was erased; retry", null);
            }
            Backoff.pause(attempt);
        }
    }

    /** One pass from the stored state; empty when a concurrent writer won a condition (read again). */
    private Optional<ErasureOutcome> attempt(EraseCommand command) {
        String leadId = command.leadId();
        return switch (states.erasureState(leadId)) {
            case Erased erased -> {
                // whatever reached the lead after its last step (a mail marker written late) goes too
                while (!deadlinePassed(command) && items.eraseBatch(leadId) > 0) {
                    // erased one more batch
                }
                yield Optional.of(new ErasureOutcome.Completed(erased.receipt()));
            }
            case Erasing erasing -> run(command);
            case NotErased notErased -> start(command);
        };
    }

    private Optional<ErasureOutcome> start(EraseCommand command) {
        Optional<Lead> lead = profiles.profile(command.leadId());
        if (lead.isEmpty()) {
            return Optional.of(new ErasureOutcome.UnknownLead(command.leadId()));
        }
        Optional<ErasureOutcome.MergeInProgress> merging = mergeInProgress(command.leadId());
        if (merging.isPresent()) {
            return Optional.of(merging.get());
        }
        ErasureRequest request = new ErasureRequest(command.requestedBy(), command.reason(), clock.instant());
        if (!marks.markErasing(lead.get(), request)) {
            return Optional.empty();
        }
        return run(command);
    }

    /** Steps 2 to 4 of a marked erasure; each is safe to repeat. */
    private Optional<ErasureOutcome> run(EraseCommand command) {
        String leadId = command.leadId();
        Optional<Lead> lead = profiles.profile(leadId);
        if (lead.isEmpty()) {
            return Optional.empty(); // completed by a concurrent request
        }
        // A merge into the lead marked just before this erasure did: it goes first. None can start
        // after the mark, so this one look, after marking, settles it.
        Optional<ErasureOutcome.MergeInProgress> merging = mergeInProgress(leadId);
        if (merging.isPresent()) {
            marks.unmarkErasing(leadId);
            return Optional.of(merging.get());
        }
        items.eraseIdentities(leadId, lead.get());
        for (boolean first = true; ; first = false) {
            if (!first && deadlinePassed(command)) {
                long deleted = states.erasureState(leadId) instanceof Erasing e ? e.itemsDeleted() : 0;
                return Optional.of(new ErasureOutcome.Unfinished(leadId, deleted));
            }
            int deleted = items.eraseBatch(leadId);
            if (deleted == 0) {
                break;
            }
            if (deleted < 0) {
                return Optional.empty();
            }
        }
        Optional<Lead> last = profiles.profile(leadId);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        if (last.get().version() != lead.get().version()) {
            return Optional.empty(); // a capture landed meanwhile: its claims and items go first
        }
        Optional<ErasureReceipt> receipt = completions.completeErasure(last.get(), clock.instant());
        if (receipt.isEmpty()) {
            return Optional.empty();
        }
        while (!deadlinePassed(command) && items.eraseBatch(leadId) > 0) {
            // a marker claimed just before the profile went
        }
        return Optional.of(new ErasureOutcome.Completed(receipt.get()));
    }

    /** The merge into or from the lead that has started and not completed, if any. */
    private Optional<ErasureOutcome.MergeInProgress> mergeInProgress(String leadId) {
        if (merges.mergeState(leadId) instanceof Merging merging) {
            return Optional.of(new ErasureOutcome.MergeInProgress(leadId, merging.into(), false));
        }
        return merges.mergesInto(leadId).stream().findFirst()
                .map(source -> new ErasureOutcome.MergeInProgress(leadId, source, true));
    }

    private boolean deadlinePassed(EraseCommand command) {
        return command.deadline() != null && !clock.instant().isBefore(command.deadline());
    }
}

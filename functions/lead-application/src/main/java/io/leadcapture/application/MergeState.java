package io.leadcapture.application;

/** Where a lead stands with respect to merges: its own, not those into it. */
public sealed interface MergeState permits MergeState.NotMerged, MergeState.Merging, MergeState.Merged {

    /** No merge of this lead has started (the lead may or may not exist). */
    record NotMerged() implements MergeState {
    }

    /**
     * Marked for a merge into {@code into} that has not completed: its items may be partly moved.
     *
     * @param itemsMoved items moved so far
     */
    record Merging(String into, MergeRequest request, long itemsMoved) implements MergeState {
    }

    /** Merged: only a tombstone is left, which answers with the receipt. */
    record Merged(MergeReceipt receipt) implements MergeState {
    }
}

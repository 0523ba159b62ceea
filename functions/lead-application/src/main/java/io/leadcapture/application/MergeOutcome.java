package io.leadcapture.application;

/** What a merge request achieved within its time budget. */
public sealed interface MergeOutcome permits MergeOutcome.Completed, MergeOutcome.Unfinished {

    /** The merge is complete (now or by an earlier request). */
    record Completed(MergeReceipt receipt) implements MergeOutcome {
    }

    /** Marked and partly moved when the time budget ran out: the same request again carries on. */
    record Unfinished(String leadId, String mergedFrom, long itemsMoved) implements MergeOutcome {
    }
}

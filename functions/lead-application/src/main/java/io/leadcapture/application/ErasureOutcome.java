package io.leadcapture.application;

/** What an erasure request achieved. */
public sealed interface ErasureOutcome
        permits ErasureOutcome.Completed, ErasureOutcome.Unfinished, ErasureOutcome.UnknownLead,
        ErasureOutcome.MergeInProgress {

    /** The lead is erased; the same receipt for every repeat. */
    record Completed(ErasureReceipt receipt) implements ErasureOutcome {
    }

    /** The time budget ran out; the same request again carries on. */
    record Unfinished(String leadId, long itemsDeleted) implements ErasureOutcome {
    }

    /** There is no such lead, and none was erased under that id. */
    record UnknownLead(String leadId) implements ErasureOutcome {
    }

    /**
     * A merge of the lead into {@code otherLeadId} ({@code incoming} false), or of {@code otherLeadId}
     * into the lead ({@code incoming} true), has started and not completed: nothing was erased. The
     * merge moves the person's items between the two leads, so the erasure waits until it is done.
     */
    record MergeInProgress(String leadId, String otherLeadId, boolean incoming) implements ErasureOutcome {
    }
}

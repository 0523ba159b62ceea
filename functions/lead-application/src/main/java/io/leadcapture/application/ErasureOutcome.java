package io.leadcapture.application;

/** What an erasure request achieved. */
public sealed interface ErasureOutcome
        permits ErasureOutcome.Completed, ErasureOutcome.Unfinished, ErasureOutcome.UnknownLead {

    /** The lead is erased; the same receipt for every repeat. */
    record Completed(ErasureReceipt receipt) implements ErasureOutcome {
    }

    /** The time budget ran out; the same request again carries on. */
    record Unfinished(String leadId, long itemsDeleted) implements ErasureOutcome {
    }

    /** There is no such lead, and none was erased under that id. */
    record UnknownLead(String leadId) implements ErasureOutcome {
    }
}

package io.leadcapture.application;

/** A merge that cannot be done as asked; nothing was stored. */
public class MergeRefusedException extends RuntimeException {

    /** Why the merge was refused. */
    public enum Reason {
        /** The lead to merge does not exist. */
        UNKNOWN_SOURCE,
        /** The lead to merge into does not exist. */
        UNKNOWN_TARGET,
        /** Both ids name the same lead (directly, or through an earlier merge). */
        SAME_LEAD,
        /** The lead was merged into another lead than the one asked for ({@link #leadId()}). */
        MERGED_ELSEWHERE,
        /** A merge of the lead into another lead ({@link #leadId()}) has started and not completed. */
        MERGING_ELSEWHERE,
        /** The lead to merge into is itself being merged into {@link #leadId()}; retry once that completes. */
        TARGET_MERGING,
        /** The lead to merge is being erased. */
        SOURCE_ERASING,
        /** The lead to merge into ({@link #leadId()}) is being erased. */
        TARGET_ERASING
    }

    private final Reason reason;
    private final String leadId;

    /** @param leadId the other lead the reason names, or null */
    public MergeRefusedException(Reason reason, String leadId, String message) {
        super(message);
        this.reason = reason;
        this.leadId = leadId;
    }

    public Reason reason() {
        return reason;
    }

    public String leadId() {
        return leadId;
    }
}

package io.leadcapture.application.port;

import io.leadcapture.application.MergeRequest;
import io.leadcapture.core.Lead;

/** The first step of a merge, and the one correction it may need while it runs. */
public interface MarkMergePort {

    /**
     * Marks {@code source} as merging into {@code target}, under both leads' versions as read, and
     * only while neither is being merged already nor being erased. From then on the target counts
     * {@code source} among the merges into it ({@link FindMergeStatePort#mergesInto}) until the merge completes.
     *
     * @param carried the target with the source's stage and score carried over, written in the same
     *                transaction; null when the target keeps its own
     * @return false when either lead changed, or a merge or an erasure of either started meanwhile:
     *         nothing was written
     */
    boolean mark(Lead source, Lead target, Lead carried, MergeRequest request);

    /**
     * The target of an unfinished merge was merged on into {@code to}: the merge continues there,
     * and counts among the merges into {@code to} instead of {@code from}.
     *
     * @return false when the mark no longer names {@code from}, or {@code to} is being erased
     */
    boolean retarget(String source, String from, String to);
}

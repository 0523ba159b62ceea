package io.leadcapture.application.port;

import io.leadcapture.application.MergeRequest;
import io.leadcapture.core.Lead;

/** The first step of a merge, and the one correction it may need while it runs. */
public interface MarkMergePort {

    /**
     * Marks {@code source} as merging into {@code target}, under both leads' versions as read, and
     * only while neither is being merged already.
     *
     * @param carried the target with the source's stage and score carried over, written in the same
     *                transaction; null when the target keeps its own
     * @return false when either lead changed or a merge of either started meanwhile: nothing was written
     */
    boolean mark(Lead source, Lead target, Lead carried, MergeRequest request);

    /**
     * The target of an unfinished merge was merged on into {@code to}: the merge continues there.
     *
     * @return false when the mark no longer names {@code from}
     */
    boolean retarget(String source, String from, String to);
}

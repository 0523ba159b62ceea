package io.leadcapture.application.port;

import io.leadcapture.application.ErasureRequest;
import io.leadcapture.core.Lead;

/** The first step of an erasure. */
public interface MarkErasurePort {

    /**
     * Marks the lead as being erased, under its version as read, only while no erasure is marked
     * and the lead is not being merged into another lead. From then on no merge into or from the
     * lead can start.
     *
     * @return false when the lead changed, an erasure was marked or a merge of the lead started
     *         meanwhile: nothing was written
     */
    boolean markErasing(Lead read, ErasureRequest request);

    /** Takes back a mark under which nothing was erased yet (a merge into the lead had started first). */
    void unmarkErasing(String leadId);
}

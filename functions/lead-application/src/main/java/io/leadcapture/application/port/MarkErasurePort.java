package io.leadcapture.application.port;

import io.leadcapture.application.ErasureRequest;
import io.leadcapture.core.Lead;

/** The first step of an erasure. */
public interface MarkErasurePort {

    /**
     * Marks the lead as being erased, under its version as read, only while no erasure is marked.
     *
     * @return false when the lead changed or an erasure was marked meanwhile: nothing was written
     */
    boolean markErasing(Lead read, ErasureRequest request);
}

package io.leadcapture.application.port;

import io.leadcapture.application.ErasureReceipt;
import io.leadcapture.core.Lead;
import java.time.Instant;
import java.util.Optional;

/** The last step of an erasure, in one transaction. */
public interface CompleteErasurePort {

    /**
     * Deletes the profile (at the version read) and the erasure mark, and puts the receipt.
     *
     * @return the receipt; empty when the lead or the mark changed since they were read (nothing was written)
     */
    Optional<ErasureReceipt> completeErasure(Lead read, Instant at);
}

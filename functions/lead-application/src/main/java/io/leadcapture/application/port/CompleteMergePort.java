package io.leadcapture.application.port;

import io.leadcapture.application.MergePlan;
import io.leadcapture.application.MergeReceipt;
import java.util.Optional;

/** The last step of a merge, in one transaction. */
public interface CompleteMergePort {

    /**
     * Replaces the merged lead's profile and merge mark by a tombstone, writes the combined profile
     * of the lead that stays and the record of the merge (who, when, why, item counts), and drops the
     * duplicate link between the two.
     *
     * @return the receipt; empty when either lead changed since it was read (nothing was written)
     */
    Optional<MergeReceipt> complete(MergePlan plan);
}

package io.leadcapture.application.port;

import io.leadcapture.application.MergeState;

/** Whether a lead was merged, is being merged, or neither; read strongly consistent. */
public interface FindMergeStatePort {

    MergeState mergeState(String leadId);
}

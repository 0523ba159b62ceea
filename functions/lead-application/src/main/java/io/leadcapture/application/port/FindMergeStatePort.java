package io.leadcapture.application.port;

import io.leadcapture.application.MergeState;
import java.util.List;

/** Whether a lead was merged, is being merged, or neither; read strongly consistent. */
public interface FindMergeStatePort {

    MergeState mergeState(String leadId);

    /** The leads whose merge into this one has started and not completed. */
    List<String> mergesInto(String leadId);
}

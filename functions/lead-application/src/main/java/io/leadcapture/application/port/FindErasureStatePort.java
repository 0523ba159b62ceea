package io.leadcapture.application.port;

import io.leadcapture.application.ErasureState;

/** Whether a lead was erased, is being erased, or neither; read strongly consistent. */
public interface FindErasureStatePort {

    ErasureState erasureState(String leadId);
}

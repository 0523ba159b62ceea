package io.leadcapture.runtime.store;

import io.leadcapture.core.Stage;
import java.time.Instant;

/** One recorded stage change: from, to, who, why, whether it skipped the normal path, when. */
public record StageChangeRecord(Stage from, Stage to, String who, String why, boolean forced, Instant at) {
}

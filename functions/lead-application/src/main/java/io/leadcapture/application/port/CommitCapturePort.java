package io.leadcapture.application.port;

import io.leadcapture.application.CapturePlan;
import java.time.Duration;

/**
 * Commits a capture plan in one transaction: all of it or nothing.
 *
 * @see CapturePlan
 */
public interface CommitCapturePort {

    /**
     * @return false when a concurrent writer won a condition (the lead changed, an identity was claimed
     *         meanwhile, the idempotency key was recorded): nothing was written, the caller decides again
     * @throws io.leadcapture.application.StoreUnavailableException the store failed; nothing may be assumed written
     */
    boolean commit(CapturePlan plan);

    /**
     * As {@link #commit(CapturePlan)}, given up after {@code within}: then the outcome is unknown
     * ({@link io.leadcapture.application.StoreUnavailableException}) and only the plan's idempotency
     * record can tell later whether it was written.
     */
    default boolean commit(CapturePlan plan, Duration within) {
        return commit(plan);
    }
}

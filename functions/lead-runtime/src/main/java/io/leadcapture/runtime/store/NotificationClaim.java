package io.leadcapture.runtime.store;

/**
 * The outcome of claiming a notification: send it, it was sent, another invocation is sending it
 * now, or the lead no longer exists (erased or merged away: nothing to send).
 */
public enum NotificationClaim {
    CLAIMED,
    ALREADY_SENT,
    IN_FLIGHT,
    LEAD_GONE
}

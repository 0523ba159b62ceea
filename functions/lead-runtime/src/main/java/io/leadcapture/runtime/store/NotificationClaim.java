package io.leadcapture.runtime.store;

/** The outcome of claiming a notification: send it, it was sent, or another invocation is sending it now. */
public enum NotificationClaim {
    CLAIMED,
    ALREADY_SENT,
    IN_FLIGHT
}

package io.leadcapture.runtime.store;

/** What a consent confirmation did. */
public enum ConsentChange {
    CHANGED,
    ALREADY,
    UNKNOWN_LEAD
}

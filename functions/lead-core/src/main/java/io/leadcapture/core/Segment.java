package io.leadcapture.core;

/** Business or consumer lead. */
public enum Segment {
    B2B,
    B2C
}

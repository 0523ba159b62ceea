package io.leadcapture.core.scoring;

import io.leadcapture.core.Stage;

/** A manual stage change that scoring.yaml does not allow; the message names from, to and why. */
public class IllegalStageChangeException extends RuntimeException {
    private final Stage from;
    private final Stage to;

    public IllegalStageChangeException(Stage from, Stage to, String why) {
        super("stage change " + from.wireName() + " → " + to.wireName() + " not allowed: " + why);
        this.from = from;
        this.to = to;
    }

    public Stage from() {
        return from;
    }

    public Stage to() {
        return to;
    }
}

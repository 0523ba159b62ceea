package io.leadcapture.local.streams;

import java.util.function.Consumer;

/** A poller's log lines, {@code [streams] FunctionLogicalId/EventName: …}: info and failures apart. */
final class PollerLog {
    private final String sourceId;
    private final Consumer<String> info;
    private final Consumer<String> warn;

    PollerLog(String sourceId, Consumer<String> info, Consumer<String> warn) {
        this.sourceId = sourceId;
        this.info = info;
        this.warn = warn;
    }

    /** The start-up line: the poller's {@link StreamPoller#describe() description}. */
    void started(String description) {
        info.accept("[streams] " + description);
    }

    void info(String message) {
        info.accept("[streams] " + sourceId + ": " + message);
    }

    void warn(String message) {
        warn.accept("[streams] " + sourceId + ": " + message);
    }
}

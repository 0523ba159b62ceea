package io.leadcapture.runtime.logging;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.event.Level;

/**
 * Levels and the constant fields of every line. {@code POWERTOOLS_LOG_LEVEL} sets the level of every
 * logger, libraries' included (at DEBUG the SDK's request lines show, with the invocation's ids);
 * without it our own loggers ({@code io.leadcapture}) log from INFO and libraries from WARN. The
 * level is filtered here, not by Lambda's {@code ApplicationLogLevel}: Lambda takes a line without a
 * {@code level} for INFO, so at WARN it would drop the metrics (EMF) lines as well.
 */
record LogConfig(Level ownLevel, Level otherLevel, String service, PrintStream out) {
    static final String OWN_PREFIX = "io.leadcapture";

    static LogConfig fromEnvironment() {
        String level = System.getenv("POWERTOOLS_LOG_LEVEL");
        String service = System.getenv("POWERTOOLS_SERVICE_NAME");
        return new LogConfig(parse(level, Level.INFO), parse(level, Level.WARN),
                service == null || service.isBlank() ? null : service, System.out);
    }

    /** The level a logger of this name logs from. */
    Level threshold(String loggerName) {
        return loggerName != null && loggerName.startsWith(OWN_PREFIX) ? ownLevel : otherLevel;
    }

    static Level parse(String value, Level fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> fallback;
        };
    }
}

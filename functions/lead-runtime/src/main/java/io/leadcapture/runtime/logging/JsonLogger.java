package io.leadcapture.runtime.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One log event, one line: {@code timestamp}, {@code level}, {@code logger}, {@code message},
 * {@code service}, the MDC entries of the thread ({@code function_request_id}, {@code correlation_id}
 * and whatever a handler adds) and, with an exception, {@code error} with its name, message and stack.
 */
final class JsonLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient LogConfig config;
    private final int threshold;

    JsonLogger(String name, LogConfig config) {
        this.name = name;
        this.config = config;
        this.threshold = config.threshold(name).toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args, Throwable thrown) {
        FormattingTuple formatted = MessageFormatter.arrayFormat(pattern, args);
        Throwable error = thrown != null ? thrown : formatted.getThrowable();
        config.out().print(line(Instant.now(), level, name, formatted.getMessage(), config.service(),
                MDC.getCopyOfContextMap(), error));
    }

    /** The JSON line of one event, with its newline. */
    static String line(Instant at, Level level, String logger, String message, String service,
                       Map<String, String> context, Throwable error) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"timestamp\":\"").append(at).append("\",\"level\":\"").append(level.name()).append('"');
        field(b, "logger", logger);
        field(b, "message", message);
        if (service != null) {
            field(b, "service", service);
        }
        if (context != null) {
            context.forEach((k, v) -> {
                if (v != null) {
                    field(b, k, v);
                }
            });
        }
        if (error != null) {
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            b.append(",\"error\":{\"name\":");
            string(b, error.getClass().getName());
            b.append(",\"message\":");
            string(b, error.getMessage());
            b.append(",\"stack\":");
            string(b, stack.toString());
            b.append('}');
        }
        return b.append("}\n").toString();
    }

    private static void field(StringBuilder b, String key, String value) {
        b.append(',');
        string(b, key);
        b.append(':');
        string(b, value);
    }

    private static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

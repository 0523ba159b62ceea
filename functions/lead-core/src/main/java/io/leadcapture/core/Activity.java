package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something sales did with a lead — a call, an email, a meeting, a note — logged by the rep.
 *
 * @param at when it happened (the rep's statement; may lie before it was logged)
 * @param by who logged it (the IAM caller)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Activity(String activityId, Type type, String outcome, String note, Instant at, String by) {

    public Activity {
        Objects.requireNonNull(activityId, "activityId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    public enum Type {
        CALL,
        EMAIL,
        MEETING,
        NOTE;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type fromWireName(String value) {
            return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown activity type: " + value));
        }

        public static Optional<Type> parse(String value) {
            return value == null ? Optional.empty()
                    : Arrays.stream(values()).filter(t -> t.wireName().equals(value)).findFirst();
        }
    }
}

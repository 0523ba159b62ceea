package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether mail reaches the lead's address, as SES's feedback told: {@code suppressed} after a
 * permanent bounce or a spam complaint (with the reason and since when), else {@code ok}; transient
 * bounces (a full mailbox, an out-of-office reply) are only counted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailStatus(Status status, Reason reason, Instant at,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) int transientBounces, Instant lastTransientAt) {
    /** An address no feedback has been received for. */
    public static final EmailStatus OK = new EmailStatus(Status.OK, null, null, 0, null);

    public EmailStatus {
        Objects.requireNonNull(status, "status");
    }

    /** {@code status} of a lead that has none stored: ok. */
    public static EmailStatus orOk(EmailStatus status) {
        return status == null ? OK : status;
    }

    public boolean suppressed() {
        return status == Status.SUPPRESSED;
    }

    /** Suppressed for {@code why} since {@code when}; an address suppressed before keeps its first reason and time. */
    public EmailStatus suppressedFor(Reason why, Instant when) {
        return suppressed() ? this : new EmailStatus(Status.SUPPRESSED, why, when, transientBounces, lastTransientAt);
    }

    /** One more transient bounce; the status stays as it is. */
    public EmailStatus withTransientBounce(Instant when) {
        return new EmailStatus(status, reason, at, transientBounces + 1, when);
    }

    public enum Status {
        OK,
        SUPPRESSED;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Status fromWireName(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** Why an address is suppressed. */
    public enum Reason {
        PERMANENT_BOUNCE,
        COMPLAINT;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Reason fromWireName(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }
}

package io.leadcapture.core.retention;

import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a lead is kept or erased today, and why (retention.yaml):
 * <ol>
 *   <li><b>pending opt-in</b> — the lead's only basis is a double opt-in that was never confirmed:
 *       its marketing consent is {@code pending}, or {@code none} again because the link expired
 *       (never {@code granted}, {@code confirmed} or {@code withdrawn}); it has interactions, every one
 *       of an opt-in-only type and captured with consent {@code pending}; sales never moved it (stage
 *       {@code lead}); and its newest interaction is more than {@code pendingOptInDays} old;</li>
 *   <li><b>inactive</b> — its newest interaction (its creation when it has none) is more than
 *       {@code inactiveMonths} old, whatever it holds.</li>
 * </ol>
 * The lead must be read with its interactions.
 */
public final class RetentionPolicy {
    private final RetentionConfig config;
    private final Set<InteractionType> optInOnly;

    public RetentionPolicy(RetentionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.optInOnly = config.optInOnlyTypes();
    }

    /** What retention decides for one lead. */
    public enum Rule {
        PENDING_OPT_IN("pending_opt_in"),
        INACTIVE("inactive");

        private final String wireName;

        Rule(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * @param rule   the rule that erases the lead, or null when it is kept
     * @param reason why, in words (the erasure's recorded reason, or why the lead stays)
     */
    public record Decision(Rule rule, String reason) {

        public boolean erase() {
            return rule != null;
        }

        static Decision keep(String reason) {
            return new Decision(null, reason);
        }
    }

    /**
     * @param lead the lead with its interactions
     * @throws IllegalArgumentException the lead was read without its interactions
     */
    public Decision decide(Lead lead, Instant now) {
        if (lead.interactions() == null) {
            throw new IllegalArgumentException("lead " + lead.leadId() + " read without its interactions");
        }
        Instant newest = newestInteraction(lead);
        Instant inactiveSince = now.atZone(ZoneOffset.UTC).minusMonths(config.inactiveMonths()).toInstant();
        if (newest.isBefore(inactiveSince)) {
            return new Decision(Rule.INACTIVE, "retention: no interaction for " + config.inactiveMonths()
                    + " months (inactive)");
        }
        String onlyOptIn = onlyAnUnconfirmedOptIn(lead);
        if (onlyOptIn != null) {
            return Decision.keep(onlyOptIn);
        }
        if (!newest.isBefore(now.minus(Duration.ofDays(config.pendingOptInDays())))) {
            return Decision.keep("double opt-in unconfirmed, requested within " + config.pendingOptInDays() + " days");
        }
        return new Decision(Rule.PENDING_OPT_IN, "retention: double opt-in not confirmed within "
                + config.pendingOptInDays() + " days (pending_opt_in)");
    }

    /**
     * Null when the lead's only basis is an unconfirmed double opt-in; otherwise what else it has
     * (the reason it is kept).
     */
    private String onlyAnUnconfirmedOptIn(Lead lead) {
        Consent consent = lead.consent();
        ConsentStatus status = consent == null ? ConsentStatus.NONE : consent.status();
        if (status != ConsentStatus.PENDING && status != ConsentStatus.NONE) {
            return "marketing consent " + status.wireName();
        }
        if (lead.stage() != Stage.LEAD) {
            return "stage " + lead.stage().wireName();
        }
        if (lead.interactions().isEmpty()) {
            return "no opt-in request on record";
        }
        for (Interaction i : lead.interactions()) {
            if (!optInOnly.contains(i.type())) {
                return "a " + i.type().wireName() + " interaction";
            }
            if (i.consent() == null || i.consent().status() != ConsentStatus.PENDING) {
                return "an interaction without a double opt-in request";
            }
        }
        return null;
    }

    /** When the person last did anything: the newest interaction, else the last touch, else the lead's creation. */
    private static Instant newestInteraction(Lead lead) {
        Instant newest = lead.lastTouch() == null ? null : lead.lastTouch().occurredAt();
        for (Interaction i : lead.interactions()) {
            if (newest == null || i.occurredAt().isAfter(newest)) {
                newest = i.occurredAt();
            }
        }
        return newest != null ? newest : lead.createdAt();
    }
}

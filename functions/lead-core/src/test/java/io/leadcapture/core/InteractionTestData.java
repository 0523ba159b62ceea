package io.leadcapture.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Interactions for tests. {@link #anInteraction()} is a contact-form post without form, attribution,
 * message or answers; its direction is the type's default and its consent "none" at the same time,
 * unless a test sets them.
 */
public final class InteractionTestData {
    public static final Instant DEFAULT_OCCURRED_AT = Instant.parse("2026-01-01T09:00:00Z");

    private InteractionTestData() {
    }

    public static Builder anInteraction() {
        return new Builder();
    }

    public static final class Builder {
        private String interactionId = "i-1";
        private InteractionType type = InteractionType.CONTACT_FORM;
        private String channel = "web_form";
        private Direction direction;
        private Instant occurredAt = DEFAULT_OCCURRED_AT;
        private String formId;
        private Map<String, String> sourceIds;
        private Attribution attribution;
        private Consent consent;
        private String message;
        private Map<String, List<String>> customAnswers;

        private Builder() {
        }

        public Builder withId(String interactionId) {
            this.interactionId = interactionId;
            return this;
        }

        public Builder withType(InteractionType type) {
            this.type = type;
            return this;
        }

        public Builder withChannel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder withDirection(Direction direction) {
            this.direction = direction;
            return this;
        }

        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder withFormId(String formId) {
            this.formId = formId;
            return this;
        }

        public Builder withSourceIds(Map<String, String> sourceIds) {
            this.sourceIds = sourceIds;
            return this;
        }

        public Builder withAttribution(Attribution attribution) {
            this.attribution = attribution;
            return this;
        }

        public Builder withAttribution(AttributionTestData.Builder attribution) {
            return withAttribution(attribution.build());
        }

        public Builder withConsent(Consent consent) {
            this.consent = consent;
            return this;
        }

        public Builder withConsent(ConsentTestData.Builder consent) {
            return withConsent(consent.build());
        }

        public Builder withMessage(String message) {
            this.message = message;
            return this;
        }

        public Builder withCustomAnswers(Map<String, List<String>> customAnswers) {
            this.customAnswers = customAnswers;
            return this;
        }

        public Interaction build() {
            return new Interaction(interactionId, type, channel,
                    direction != null ? direction : type.defaultDirection(), occurredAt, formId, sourceIds, attribution,
                    consent != null ? consent : Consent.none(occurredAt, "test"), message, customAnswers, null);
        }
    }
}

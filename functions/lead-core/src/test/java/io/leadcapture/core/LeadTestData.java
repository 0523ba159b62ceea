package io.leadcapture.core;

import java.time.Instant;
import java.util.List;

/**
 * Leads for tests. {@link #aLead()} is a stored, unscored lead at stage lead with one interaction,
 * an email-only profile and no recorded consent; a test sets what it is about.
 */
public final class LeadTestData {
    public static final String DEFAULT_LEAD_ID = "7f1c2b9e-0000-4000-8000-000000000001";
    public static final Instant DEFAULT_CREATED_AT = Instant.parse("2026-01-01T09:00:00Z");

    private LeadTestData() {
    }

    public static Builder aLead() {
        return new Builder();
    }

    public static final class Builder {
        private String leadId = DEFAULT_LEAD_ID;
        private ContactProfile profile = ContactProfileTestData.aContact().withEmail("max@firma.de").build();
        private Consent consent;
        private Touch firstTouch;
        private Touch lastTouch;
        private long interactionCount = 1;
        private boolean test;
        private Instant createdAt = DEFAULT_CREATED_AT;
        private Instant updatedAt = DEFAULT_CREATED_AT;
        private long version = 1;
        private Stage stage = Stage.LEAD;
        private LeadScore scoring;
        private List<Interaction> interactions;

        private Builder() {
        }

        public Builder withLeadId(String leadId) {
            this.leadId = leadId;
            return this;
        }

        public Builder withProfile(ContactProfile profile) {
            this.profile = profile;
            return this;
        }

        public Builder withProfile(ContactProfileTestData.Builder profile) {
            return withProfile(profile.build());
        }

        public Builder withConsent(Consent consent) {
            this.consent = consent;
            return this;
        }

        public Builder withConsent(ConsentTestData.Builder consent) {
            return withConsent(consent.build());
        }

        /** No consent on record. */
        public Builder withoutConsent() {
            this.consent = null;
            return this;
        }

        public Builder withFirstTouch(Touch firstTouch) {
            this.firstTouch = firstTouch;
            return this;
        }

        public Builder withLastTouch(Touch lastTouch) {
            this.lastTouch = lastTouch;
            return this;
        }

        public Builder withInteractionCount(long interactionCount) {
            this.interactionCount = interactionCount;
            return this;
        }

        /** A lead made only of platform test deliveries. */
        public Builder withTest(boolean test) {
            this.test = test;
            return this;
        }

        public Builder withCreatedAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder withUpdatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        public Builder withVersion(long version) {
            this.version = version;
            return this;
        }

        public Builder withStage(Stage stage) {
            this.stage = stage;
            return this;
        }

        public Builder withScoring(LeadScore scoring) {
            this.scoring = scoring;
            return this;
        }

        public Builder withInteractions(List<Interaction> interactions) {
            this.interactions = interactions;
            return this;
        }

        public Lead build() {
            return new Lead(leadId, profile, consent, firstTouch, lastTouch, interactionCount, test, createdAt,
                    updatedAt, version, stage, scoring, List.of(), List.of(), interactions, null);
        }
    }
}

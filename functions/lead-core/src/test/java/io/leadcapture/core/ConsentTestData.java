package io.leadcapture.core;

import java.time.Instant;

/** Marketing consents for tests: by default granted on the demo form, without an IP hash. */
public final class ConsentTestData {
    public static final Instant DEFAULT_CAPTURED_AT = Instant.parse("2026-01-01T09:00:00Z");

    private ConsentTestData() {
    }

    public static Builder aConsent() {
        return new Builder();
    }

    public static final class Builder {
        private ConsentStatus status = ConsentStatus.GRANTED;
        private String textVersion = "demo-2026-01";
        private Instant capturedAt = DEFAULT_CAPTURED_AT;
        private String source = "form:demo";
        private String ipHash;

        private Builder() {
        }

        public Builder withStatus(ConsentStatus status) {
            this.status = status;
            return this;
        }

        public Builder withTextVersion(String textVersion) {
            this.textVersion = textVersion;
            return this;
        }

        public Builder withCapturedAt(Instant capturedAt) {
            this.capturedAt = capturedAt;
            return this;
        }

        public Builder withSource(String source) {
            this.source = source;
            return this;
        }

        public Builder withIpHash(String ipHash) {
            this.ipHash = ipHash;
            return this;
        }

        public Consent build() {
            return new Consent(Consent.MARKETING, status, textVersion, capturedAt, source, ipHash);
        }
    }
}

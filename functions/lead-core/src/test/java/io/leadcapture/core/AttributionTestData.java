package io.leadcapture.core;

/** Attributions for tests; {@link #anAttribution()} starts empty (a direct visit). */
public final class AttributionTestData {

    private AttributionTestData() {
    }

    public static Builder anAttribution() {
        return new Builder();
    }

    public static final class Builder {
        private String utmSource;
        private String utmMedium;
        private String utmCampaign;
        private String utmTerm;
        private String utmContent;
        private String gclid;
        private String fbclid;
        private String msclkid;
        private String referrer;
        private String landingPage;

        private Builder() {
        }

        public Builder withUtmSource(String utmSource) {
            this.utmSource = utmSource;
            return this;
        }

        public Builder withUtmMedium(String utmMedium) {
            this.utmMedium = utmMedium;
            return this;
        }

        public Builder withUtmCampaign(String utmCampaign) {
            this.utmCampaign = utmCampaign;
            return this;
        }

        public Builder withUtmTerm(String utmTerm) {
            this.utmTerm = utmTerm;
            return this;
        }

        public Builder withUtmContent(String utmContent) {
            this.utmContent = utmContent;
            return this;
        }

        public Builder withGclid(String gclid) {
            this.gclid = gclid;
            return this;
        }

        public Builder withFbclid(String fbclid) {
            this.fbclid = fbclid;
            return this;
        }

        public Builder withMsclkid(String msclkid) {
            this.msclkid = msclkid;
            return this;
        }

        public Builder withReferrer(String referrer) {
            this.referrer = referrer;
            return this;
        }

        public Builder withLandingPage(String landingPage) {
            this.landingPage = landingPage;
            return this;
        }

        public Attribution build() {
            return new Attribution(utmSource, utmMedium, utmCampaign, utmTerm, utmContent, gclid, fbclid, msclkid,
                    referrer, landingPage);
        }
    }
}

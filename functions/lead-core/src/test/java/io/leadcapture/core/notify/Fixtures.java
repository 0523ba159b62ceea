package io.leadcapture.core.notify;

import io.leadcapture.core.Attribution;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.Direction;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Segment;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Leads and interactions for the notification tests; the only place that calls their constructors. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2026-11-20T08:00:00Z");
    static final Instant SCORED = Instant.parse("2026-11-27T09:20:00Z");

    private Fixtures() {
    }

    static ContactProfile profile(String email, String phone, String firstName, String lastName, String company,
                                  String country) {
        return new ContactProfile(email, phone, firstName, lastName, company, "Geschäftsführer", "Maschinenbau",
                "51-250", true, country, "50667", "Köln", Segment.B2B);
    }

    static ContactProfile joerg() {
        return profile("joerg.weiss@mueller-soehne.de", "+492211234567", "Jörg", "Weiß", "Müller & Söhne GmbH", "DE");
    }

    static LeadScore hot87() {
        return new LeadScore(87, 52, 35, Temperature.HOT, List.of(
                new ScoreReason("fit.jobTitle.decisionMaker", "Geschäftsführer", 25),
                new ScoreReason("fit.companySize", "51-250", 15),
                new ScoreReason("engagement.demo_request", "demo", 30),
                new ScoreReason("engagement.decay", null, -5),
                new ScoreReason("engagement.newsletter", "newsletter", 2.5)), SCORED);
    }

    static Lead lead(ContactProfile profile, Stage stage, LeadScore scoring) {
        return new Lead("7f1c2b9e-0000-4000-8000-000000000001", profile,
                new Consent(Consent.MARKETING, ConsentStatus.GRANTED, "demo-2026-01", CREATED, "form:demo", "h"),
                null, null, 3, false, CREATED, SCORED, 4, stage, scoring, null);
    }

    static Lead lead(ContactProfile profile) {
        return lead(profile, Stage.MQL, hot87());
    }

    static Interaction interaction(String id, InteractionType type, Instant at, String formId, Attribution attribution,
                                   String message, Map<String, List<String>> customAnswers) {
        return new Interaction(id, type, "web_form", Direction.INBOUND, at, formId, null, attribution,
                new Consent(Consent.MARKETING, ConsentStatus.GRANTED, formId + "-2026-01", at, "form:" + formId, "h"),
                message, customAnswers);
    }

    static Interaction interaction(String id, Instant at) {
        return interaction(id, InteractionType.CONTACT_FORM, at, "contact", null, null, null);
    }

    static Attribution attribution(String source, String medium, String campaign, String gclid, String fbclid,
                                   String referrer, String landingPage) {
        return new Attribution(source, medium, campaign, null, null, gclid, fbclid, null, referrer, landingPage);
    }
}

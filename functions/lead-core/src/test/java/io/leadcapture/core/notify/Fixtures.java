package io.leadcapture.core.notify;

import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.InteractionTestData.anInteraction;
import static io.leadcapture.core.LeadTestData.aLead;

import io.leadcapture.core.ContactProfileTestData;
import io.leadcapture.core.Direction;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionTestData;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Segment;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.time.Instant;
import java.util.List;

/** Leads and interactions for the notification tests. */
final class Fixtures {
    static final Instant CREATED = Instant.parse("2026-11-20T08:00:00Z");
    static final Instant SCORED = Instant.parse("2026-11-27T09:20:00Z");

    private Fixtures() {
    }

    /** A B2B managing director in Köln; tests add who the person is (name, email, phone, company, country). */
    static ContactProfileTestData.Builder profile() {
        return aContact().withJobTitle("Geschäftsführer").withIndustry("Maschinenbau").withCompanySize("51-250")
                .withBudgetResponsibility(true).withPostalCode("50667").withCity("Köln").withSegment(Segment.B2B);
    }

    static ContactProfileTestData.Builder joerg() {
        return profile().withEmail("joerg.weiss@mueller-soehne.de").withPhone("+492211234567").withFirstName("Jörg")
                .withLastName("Weiß").withCompany("Müller & Söhne GmbH").withCountry("DE");
    }

    static LeadScore hot87() {
        return new LeadScore(87, 52, 35, Temperature.HOT, List.of(
                new ScoreReason("fit.jobTitle.decisionMaker", "Geschäftsführer", 25),
                new ScoreReason("fit.companySize", "51-250", 15),
                new ScoreReason("engagement.demo_request", "demo", 30),
                new ScoreReason("engagement.decay", null, -5),
                new ScoreReason("engagement.newsletter", "newsletter", 2.5)), SCORED);
    }

    /** A lead with three interactions and a granted consent, scored at SCORED. */
    static Lead lead(ContactProfileTestData.Builder profile, Stage stage, LeadScore scoring) {
        return aLead().withLeadId("7f1c2b9e-0000-4000-8000-000000000001").withProfile(profile)
                .withConsent(aConsent().withCapturedAt(CREATED).withIpHash("h"))
                .withInteractionCount(3).withCreatedAt(CREATED).withUpdatedAt(SCORED).withVersion(4)
                .withStage(stage).withScoring(scoring).build();
    }

    /** A hot MQL. */
    static Lead lead(ContactProfileTestData.Builder profile) {
        return lead(profile, Stage.MQL, hot87());
    }

    /** A post of form {@code formId} with a granted consent; tests add attribution, message and answers. */
    static InteractionTestData.Builder formPost(String id, InteractionType type, Instant at, String formId) {
        return anInteraction().withId(id).withType(type).withDirection(Direction.INBOUND).at(at).withFormId(formId)
                .withConsent(aConsent().withTextVersion(formId + "-2026-01").withCapturedAt(at)
                        .withSource("form:" + formId).withIpHash("h"));
    }

    static Interaction interaction(String id, Instant at) {
        return formPost(id, InteractionType.CONTACT_FORM, at, "contact").build();
    }
}

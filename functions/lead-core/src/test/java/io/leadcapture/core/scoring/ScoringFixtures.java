package io.leadcapture.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Leads, interactions and configs for the scoring tests; the only place that calls their constructors. */
final class ScoringFixtures {
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final FreeMailDomains FREE_MAIL = FreeMailDomains.bundled();
    static final ScoringConfig BUNDLED = ScoringConfig.bundled();

    /**
     * A small, complete config with round numbers, so rule tests do not change when the shipped
     * defaults are tuned. {@link #testYaml(String...)} edits it for the validation tests.
     */
    static final String TEST_YAML = """
            version: 7
            fit:
              industry:
                points: 5
                targets: [ Maschinenbau, IT ]
              companySize:
                "1-10": 1
                "51-250": 8
              budgetResponsibility: 4
              jobTitle:
                decisionMaker:
                  points: 10
                  keywords: [ CEO, Geschäftsführer ]
                manager:
                  points: 3
                  keywords: [ Manager ]
              country:
                points: 2
                targets: [ de, AT ]
              businessContact: 3
              freeMailWithoutCompany: -4
            engagement:
              halfLifeDays: 10
              demo_request: 40
              callback_request: 30
              contact_form: 20
              webinar_attended: 12
              event_contact: 10
              direct_contact: 10
              webinar_registration: 6
              whitepaper_download: 6
              ad_lead: 4
              quiz: 4
              newsletter_signup: 2
              sweepstake: 1
              outbound_import: 0
              repeat:
                pointsPerAdditional: 2
                max: 5
              recency:
                withinDays: 7
                points: 5
            temperature:
              warmFrom: 20
              hotFrom: 50
            mql:
              minScore: 30
              minFitScore: 10
            transitions:
              lead: [ MQL ]
              MQL: [ SQL, lead ]
              SQL: [ ]
            """;

    private ScoringFixtures() {
    }

    /** TEST_YAML with each {@code from} replaced by the following {@code to}; a miss fails the test. */
    static String testYaml(String... fromTo) {
        String yaml = TEST_YAML;
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(yaml).as("test YAML edit").contains(fromTo[i]);
            yaml = yaml.replace(fromTo[i], fromTo[i + 1]);
        }
        return yaml;
    }

    static ScoringConfig load(String yaml) throws IOException {
        return ScoringConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static ScoringConfig testConfig(String... fromTo) {
        try {
            return load(testYaml(fromTo));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ContactProfile profile(String email, String company, String jobTitle, String industry, String companySize,
                                  Boolean budgetResponsibility, String country) {
        return new ContactProfile(email, null, null, null, company, jobTitle, industry, companySize,
                budgetResponsibility, country, null, null, null);
    }

    /** Only an email: the neutral starting point for one-rule tests. */
    static ContactProfile email(String email) {
        return profile(email, null, null, null, null, null, null);
    }

    static Lead lead(ContactProfile profile) {
        return lead(profile, ConsentStatus.GRANTED, false, Stage.LEAD);
    }

    static Lead lead(ContactProfile profile, ConsentStatus consent, boolean test, Stage stage) {
        Consent c = consent == null ? null : new Consent(Consent.MARKETING, consent, "demo-2026-01", T0, "form:demo", null);
        return new Lead("7f1c2b9e-0000-4000-8000-00000000000a", profile, c, null, null, 1, test, T0, T0, 1, stage,
                null, null);
    }

    static Interaction interaction(String id, InteractionType type, Instant at) {
        return new Interaction(id, type, "web_form", type.defaultDirection(), at, null, null, null,
                Consent.none(at, "test"), null, null);
    }

    static Interaction interaction(InteractionType type, Instant at) {
        return interaction(type.wireName() + "@" + at, type, at);
    }
}

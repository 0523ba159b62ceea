package io.leadcapture.core.scoring;

import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.InteractionTestData.anInteraction;
import static io.leadcapture.core.LeadTestData.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.LeadTestData;
import io.leadcapture.core.TestResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Leads, interactions and configs for the scoring tests. */
final class ScoringFixtures {
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final FreeMailDomains FREE_MAIL = FreeMailDomains.bundled();
    static final ScoringConfig BUNDLED = ScoringConfig.bundled();

    /**
     * A small, complete config with round numbers (test-scoring.yaml), so rule tests do not change
     * when the shipped defaults are tuned. {@link #testYaml(String...)} edits it for the validation tests.
     */
    static final String TEST_YAML = TestResources.text(ScoringFixtures.class, "test-scoring.yaml");

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

    /** A lead stored at T0 with a granted marketing consent, at stage lead; tests set its profile. */
    static LeadTestData.Builder lead() {
        return aLead().withLeadId("7f1c2b9e-0000-4000-8000-00000000000a").withConsent(consent(ConsentStatus.GRANTED))
                .withCreatedAt(T0).withUpdatedAt(T0);
    }

    /** Marketing consent given on the demo form at T0. */
    static Consent consent(ConsentStatus status) {
        return aConsent().withStatus(status).withCapturedAt(T0).build();
    }

    static Interaction interaction(String id, InteractionType type, Instant at) {
        return anInteraction().withId(id).withType(type).at(at).build();
    }

    static Interaction interaction(InteractionType type, Instant at) {
        return interaction(type.wireName() + "@" + at, type, at);
    }
}

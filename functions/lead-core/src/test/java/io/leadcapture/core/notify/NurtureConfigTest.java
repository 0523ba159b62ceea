package io.leadcapture.core.notify;

import static io.leadcapture.core.ConsentTestData.aConsent;
import static io.leadcapture.core.InteractionTestData.anInteraction;
import static io.leadcapture.core.LeadTestData.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NurtureConfigTest {
    static final String HEAD = """
            version: 1
            businessDays: [ MON, TUE, WED, THU, FRI ]
            sendFrom: "09:00"
            sendTo: "17:00"
            timeZone: Europe/Berlin
            fallbackUrl: https://www.example.com/
            """;

    static NurtureConfig load(String yaml) throws IOException {
        return NurtureConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), FormCatalog.bundled());
    }

    static String sequence(String entry, String steps) {
        return HEAD + "sequences:\n  - name: s\n    entry:\n" + entry.indent(6) + "    steps:\n" + steps.indent(6);
    }

    static final String ENTRY = "consent: confirmed\ntemperatures: [ cold ]\n";
    static final String STEP = "- afterDays: 1\n  subject: Hi\n  text: Hallo {firstName} {unsubscribeUrl}\n  html: <p>Hallo</p>\n";

    @Test
    void bundledConfigHasTheTwoSequencesWithTrackedLinks() {
        NurtureConfig c = NurtureConfig.bundled();

        assertThat(c.sequences()).extracting(NurtureConfig.Sequence::name).containsExactly("newsletter-welcome", "warm-content");
        NurtureConfig.Sequence welcome = c.sequence("newsletter-welcome").orElseThrow();
        assertThat(welcome.steps()).extracting(NurtureConfig.Step::afterDays).containsExactly(1, 8);
        assertThat(welcome.entry().forms()).containsExactly("newsletter");
        assertThat(welcome.entry().temperatures()).containsExactlyInAnyOrder(Temperature.COLD, Temperature.WARM);
        assertThat(c.linkOf("newsletter-welcome", 1)).contains("https://www.example.com/leitfaden/lead-erfassung"
                + "?utm_source=nurture&utm_medium=email&utm_campaign=newsletter-welcome&utm_content=step-1");
        assertThat(c.linkOf("warm-content", 1)).hasValueSatisfying(u -> assertThat(u).contains("utm_campaign=warm-content"));
        assertThat(c.linkOf("newsletter-welcome", 3)).isEmpty();
        assertThat(c.linkOf("newsletter-welcome", 0)).isEmpty();
        assertThat(c.linkOf("nope", 1)).isEmpty();
        assertThat(c.fallbackUrl()).isEqualTo("https://www.example.com/");
        assertThat(c.entryForms()).containsExactly("newsletter");
    }

    @Test
    void utmParametersAreEncodedAndGoBeforeAFragmentAfterAnExistingQuery() throws IOException {
        NurtureConfig c = load(sequence(ENTRY, STEP + """
                - afterDays: 2
                  subject: Link
                  text: "{linkUrl}"
                  html: "<a href='{linkUrl}'>x</a>"
                  link:
                    url: https://www.example.com/a?x=1#part
                    utm: { utm_campaign: "Frühjahr & mehr", utm_source: nurture }
                """));

        assertThat(c.linkOf("s", 2)).contains(
                "https://www.example.com/a?x=1&utm_campaign=Fr%C3%BChjahr%20%26%20mehr&utm_source=nurture#part");
        assertThat(c.linkOf("s", 1)).as("a step without a link").isEmpty();
    }

    @Test
    void brokenFilesStopTheStart() {
        assertThatThrownBy(() -> load(HEAD + "sequences: []\nextra: 1\n")).isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> load(sequence(ENTRY, STEP.replace("subject: Hi", "subjekt: Hi"))))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence("consent: confirmed\ntemperatures: [ lukewarm ]\n", STEP)))
                .withMessageContaining("lukewarm");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence("consent: confirmed\ntemperatures: [ hot ]\n", STEP)))
                .withMessageContaining("hot");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence("consent: confirmed\nforms: [ nosuchform ]\n", STEP)))
                .withMessageContaining("nosuchform");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence("consent: granted\n", STEP)))
                .withMessageContaining("confirmed");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence("temperatures: [ cold ]\n", STEP)))
                .withMessageContaining("consent");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP + STEP)))
                .withMessageContaining("later than");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP.replace("afterDays: 1", "afterDays: -1"))))
                .withMessageContaining("afterDays");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY,
                        STEP + "  link: { url: http://www.example.com/x }\n")))
                .withMessageContaining("https");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP.replace("subject: Hi", "subject: \"  \""))))
                .withMessageContaining("subject");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY,
                        STEP.replace("html: <p>Hallo</p>", "html: \"\""))))
                .withMessageContaining("html");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP.replace("{firstName}", "{vorname}"))))
                .withMessageContaining("{vorname}");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP.replace("{firstName}", "{linkUrl}"))))
                .withMessageContaining("no link");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, "[]")))
                .withMessageContaining("no steps");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP).replace("https://www.example.com/",
                        "ftp://www.example.com/")))
                .withMessageContaining("fallbackUrl");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP).replace("[ MON, TUE, WED, THU, FRI ]", "[ MO ]")))
                .withMessageContaining("MO");
        assertThatIllegalArgumentException().isThrownBy(() -> load(sequence(ENTRY, STEP) + sequence(ENTRY, STEP)
                        .substring(HEAD.length()).replace("sequences:\n", "")))
                .withMessageContaining("twice");
    }

    @Test
    void stepsAreDueOnTheirDayAtTheNextSendingTime() {
        NurtureConfig c = NurtureConfig.bundled();
        NurtureConfig.Sequence welcome = c.sequence("newsletter-welcome").orElseThrow();
        Instant friday = Instant.parse("2026-11-27T15:30:00Z"); // 16:30 in Berlin

        // step 1, one day later: Saturday, so Monday 09:00 Berlin
        assertThat(c.dueAt(welcome, 1, friday)).isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        // step 2, eight days later: Saturday again
        assertThat(c.dueAt(welcome, 2, friday)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        // a Tuesday evening enrolment: Wednesday 19:00 is after hours, so Thursday 09:00
        assertThat(c.dueAt(welcome, 1, Instant.parse("2026-12-01T18:00:00Z"))).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(c.dueAt(welcome, 1, Instant.parse("2026-12-02T08:33:56.362552947Z")))
                .as("within the sending hours: the enrolment's time of day, in whole seconds")
                .isEqualTo(Instant.parse("2026-12-03T08:33:56Z"));
        assertThat(c.sending(Instant.parse("2026-12-01T10:00:00Z"))).isTrue();
        assertThat(c.sending(Instant.parse("2026-11-28T10:00:00Z"))).as("a Saturday").isFalse();
    }

    static Lead lead(ConsentStatus consent, Temperature temperature, String form, Direction direction, Stage stage) {
        return aLead().withConsent(aConsent().withStatus(consent)).withStage(stage)
                .withScoring(temperature == null ? null
                        : new LeadScore(10, 5, 5, temperature, List.of(), Instant.parse("2026-11-27T10:00:00Z")))
                .withInteractions(List.of(anInteraction().withFormId(form).withDirection(direction)
                        .withType(direction == Direction.INBOUND ? InteractionType.NEWSLETTER_SIGNUP : InteractionType.OUTBOUND_IMPORT)
                        .build()))
                .build();
    }

    @Test
    void aLeadEntersTheFirstSequenceWhoseEntryItMeetsOnlyWithConfirmedConsent() {
        NurtureConfig c = NurtureConfig.bundled();

        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.COLD, "newsletter", Direction.INBOUND, Stage.LEAD), Set.of()))
                .map(NurtureConfig.Sequence::name).contains("newsletter-welcome");
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "newsletter", Direction.INBOUND, Stage.LEAD),
                Set.of("newsletter-welcome"))).as("never the same sequence twice")
                .map(NurtureConfig.Sequence::name).contains("warm-content");
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "contact", Direction.INBOUND, Stage.LEAD), Set.of()))
                .map(NurtureConfig.Sequence::name).contains("warm-content");
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.COLD, "contact", Direction.INBOUND, Stage.LEAD), Set.of()))
                .as("cold, not from the newsletter").isEmpty();
        assertThat(c.entryFor(lead(ConsentStatus.PENDING, Temperature.COLD, "newsletter", Direction.INBOUND, Stage.LEAD), Set.of()))
                .isEmpty();
        assertThat(c.entryFor(lead(ConsentStatus.GRANTED, Temperature.WARM, "newsletter", Direction.INBOUND, Stage.LEAD), Set.of()))
                .as("granted (an import's basis) is not confirmed").isEmpty();
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, null, "newsletter", Direction.INBOUND, Stage.LEAD), Set.of()))
                .as("not scored yet").isEmpty();
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.COLD, "newsletter", Direction.OUTBOUND, Stage.LEAD), Set.of()))
                .as("a form only an import named").isEmpty();
        assertThat(c.entryFor(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "contact", Direction.INBOUND, Stage.MQL), Set.of()))
                .isEmpty();
    }

    @Test
    void stopRules() {
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "newsletter", Direction.INBOUND,
                Stage.LEAD), false)).isEmpty();
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "newsletter", Direction.INBOUND,
                Stage.MQL), false)).contains(NurtureConfig.STOP_MQL);
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "newsletter", Direction.INBOUND,
                Stage.SQL), false)).contains(NurtureConfig.STOP_SALES_STAGE);
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.CONFIRMED, Temperature.HOT, "newsletter", Direction.INBOUND,
                Stage.LEAD), false)).contains(NurtureConfig.STOP_HOT);
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.WITHDRAWN, Temperature.WARM, "newsletter", Direction.INBOUND,
                Stage.LEAD), false)).contains(NurtureConfig.STOP_CONSENT);
        assertThat(NurtureConfig.stopReason(lead(ConsentStatus.CONFIRMED, Temperature.WARM, "newsletter", Direction.INBOUND,
                Stage.LEAD), true)).contains(NurtureConfig.STOP_SUPPRESSED);
    }

    @Test
    void rendersAStepWithLinkUnsubscribeAndAPlainFirstNameOnly() {
        NurtureConfig.Step step = NurtureConfig.bundled().sequence("newsletter-welcome").orElseThrow().step(1).orElseThrow();
        Mail mail = new NurtureMailRenderer().render("anna@beispiel.de", step, "Anna",
                "https://api.example.de/consent/withdraw?token=u", "https://api.example.de/r/t");

        assertThat(mail.to()).containsExactly("anna@beispiel.de");
        assertThat(mail.unsubscribeUrl()).isEqualTo("https://api.example.de/consent/withdraw?token=u");
        assertThat(mail.text()).contains("Hallo Anna,").contains("https://api.example.de/r/t")
                .contains("https://api.example.de/consent/withdraw?token=u");
        assertThat(mail.html()).contains("href=\"https://api.example.de/r/t\"");

        Mail unnamed = new NurtureMailRenderer().render("anna@beispiel.de", step, "http://evil.example/x",
                "https://api.example.de/consent/withdraw?token=u", "https://api.example.de/r/t");
        assertThat(unnamed.text()).startsWith("Hallo,").doesNotContain("evil");
        assertThat(unnamed.html()).doesNotContain("evil");
    }
}

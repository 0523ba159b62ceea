package io.leadcapture.core.notify;

import static io.leadcapture.core.AttributionTestData.anAttribution;
import static io.leadcapture.core.ContactProfileTestData.aContact;
import static io.leadcapture.core.notify.Fixtures.formPost;
import static io.leadcapture.core.notify.Fixtures.interaction;
import static io.leadcapture.core.notify.Fixtures.joerg;
import static io.leadcapture.core.notify.Fixtures.lead;
import static io.leadcapture.core.notify.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.leadcapture.core.ContactProfileTestData;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SalesMailRendererTest {
    private static final List<String> REPS = List.of("dach-sales-1@example.com");
    private static final Instant T1 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-07-01T08:00:00Z");
    private static final Instant T3 = Instant.parse("2026-11-27T09:15:02Z");

    private final SalesMailRenderer renderer = new SalesMailRenderer();

    private static List<Interaction> timeline() {
        return List.of(
                formPost("i-newsletter", InteractionType.NEWSLETTER_SIGNUP, T2, "newsletter")
                        .withAttribution(anAttribution().withUtmSource("newsletter").withUtmMedium("email")
                                .withUtmCampaign("herbst").withFbclid("fb-123").withLandingPage("https://example.de/nl"))
                        .build(),
                formPost("i-demo", InteractionType.DEMO_REQUEST, T3, "demo")
                        .withAttribution(anAttribution().withUtmSource("google").withUtmMedium("cpc")
                                .withUtmCampaign("dach-brand").withGclid("gcl-456").withReferrer("https://www.google.de/")
                                .withLandingPage("https://example.de/demo?utm_source=google"))
                        .withMessage("Bitte rufen Sie mich an.\nAm besten vormittags.")
                        .withCustomAnswers(Map.of("anzahl_maschinen", List.of("12")))
                        .build(),
                formPost("i-contact", InteractionType.CONTACT_FORM, T1, "contact").build());
    }

    @Test
    void subjectSaysTemperatureNameCompanyStageAndScore() {
        Mail m = renderer.render(lead(joerg()), timeline(), REPS, "became MQL");

        assertThat(m.subject()).isEqualTo("Hot lead: Jörg Weiß (Müller & Söhne GmbH) — MQL, score 87");
        assertThat(m.to()).containsExactly("dach-sales-1@example.com");
        assertThat(m.replyTo()).isEqualTo("joerg.weiss@mueller-soehne.de");
    }

    @Test
    void headerInjectionAndScriptInLeadDataAreNeutralised() {
        ContactProfileTestData.Builder evil = profile().withEmail("eve@example.org")
                .withFirstName("Eve\r\nBcc: x@evil.example").withCompany("<script>alert(1)</script>").withCountry("DE");
        Mail m = renderer.render(lead(evil), timeline(), REPS, "turned hot");

        assertThat(m.subject()).doesNotContain("\r").doesNotContain("\n")
                .isEqualTo("Hot lead: Eve Bcc: x@evil.example (<script>alert(1)</script>) — MQL, score 87");
        assertThat(m.html()).doesNotContainIgnoringCase("<script").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(m.text()).doesNotContain("\r").doesNotContain("\nBcc:").contains("Eve Bcc: x@evil.example");
        assertThat(m.replyTo()).isEqualTo("eve@example.org");
    }

    @Test
    void everyLeadSuppliedFieldIsEscapedInHtml() {
        String payload = "x\"'><img src=x onerror=alert(1)>&";
        ContactProfileTestData.Builder p = aContact().withEmail("eve@example.org").withPhone("+4930123456")
                .withFirstName(payload).withLastName(payload).withCompany(payload).withJobTitle(payload)
                .withIndustry(payload).withCompanySize(payload).withBudgetResponsibility(false).withCountry(payload)
                .withPostalCode(payload).withCity(payload);
        Interaction i = formPost("i-1", InteractionType.CONTACT_FORM, T3, payload)
                .withAttribution(anAttribution().withUtmSource(payload).withUtmMedium(payload).withUtmCampaign(payload)
                        .withGclid(payload).withFbclid(payload).withReferrer(payload).withLandingPage(payload))
                .withMessage(payload + "\n" + payload).withCustomAnswers(Map.of(payload, List.of(payload, payload)))
                .build();
        Lead lead = lead(p);
        Mail m = renderer.render(lead, List.of(i), REPS, payload);

        assertThat(m.html()).doesNotContain("<img").doesNotContain("\"'>")
                .contains("x&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;");
        // Outside tags, the HTML holds no raw quote, apostrophe or ampersand that is not an entity.
        String textOnly = m.html().replaceAll("<[^<>]*>", "");
        assertThat(textOnly).doesNotContain("\"").doesNotContain("'").doesNotContain("<").doesNotContain(">");
        assertThat(Pattern.compile("&(?!(amp|lt|gt|quot|#39);)").matcher(textOnly).find()).isFalse();
        // The text body is plain: the same data, unescaped.
        assertThat(m.text()).contains(payload).doesNotContain("&quot;");
    }

    @Test
    void htmlHasNoScriptsLinksImagesOrPlaceholders() {
        Mail m = renderer.render(lead(joerg()), timeline(), REPS, "became MQL");

        assertThat(m.html()).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img")
                .doesNotContainIgnoringCase("<a ").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("src=").doesNotContainIgnoringCase("url(")
                .doesNotContain("{{").doesNotContain("${").startsWith("<!DOCTYPE html>").endsWith("</html>\n");
    }

    @Test
    void umlautsSurvive() {
        Mail m = renderer.render(lead(joerg()), timeline(), REPS, "became MQL");

        assertThat(m.html()).contains("Jörg Weiß").contains("Müller &amp; Söhne GmbH").contains("Geschäftsführer")
                .contains("Köln").contains("<meta charset=\"utf-8\">");
        assertThat(m.text()).contains("Jörg Weiß").contains("Müller & Söhne GmbH").contains("Geschäftsführer");
    }

    @Test
    void contactDataScoreAndReasons() {
        Mail m = renderer.render(lead(joerg()), timeline(), REPS, "became MQL");

        assertThat(m.text())
                .contains("Why you get this mail: became MQL.")
                .contains("Name: Jörg Weiß")
                .contains("Email: joerg.weiss@mueller-soehne.de")
                .contains("Phone: +492211234567")
                .contains("Company: Müller & Söhne GmbH")
                .contains("Job title: Geschäftsführer")
                .contains("Industry: Maschinenbau")
                .contains("Company size: 51-250")
                .contains("Country: DE (Germany)")
                .contains("Budget responsibility: yes")
                .contains("Marketing consent: granted")
                .contains("Stage: MQL")
                .contains("Score: 87")
                .contains("Fit: 52")
                .contains("Engagement: 35")
                .contains("Temperature: hot")
                .contains("+25: fit.jobTitle.decisionMaker — Geschäftsführer")
                .contains("+15: fit.companySize — 51-250")
                .contains("+30: engagement.demo_request — demo")
                .contains("-5: engagement.decay")
                .contains("+2.5: engagement.newsletter — newsletter");
        assertThat(m.html()).contains(">Budget responsibility</th>").contains(">yes</td>")
                .contains(">+25</th>").contains("fit.jobTitle.decisionMaker — Geschäftsführer");
    }

    @Test
    void timelineNewestFirstWithTimesAndAttribution() {
        Mail m = renderer.render(lead(joerg()), timeline(), REPS, "became MQL");
        String text = m.text();

        int demo = text.indexOf("1. demo_request via web_form");
        int contact = text.indexOf("2. contact_form via web_form");
        int newsletter = text.indexOf("3. newsletter_signup via web_form");
        assertThat(demo).isPositive();
        assertThat(contact).isGreaterThan(demo);
        assertThat(newsletter).isGreaterThan(contact);
        assertThat(text).contains("Touchpoints (3, newest first)")
                .contains("Time (UTC): 2026-11-27 09:15:02 UTC")
                .contains("Time (Berlin): 2026-11-27 10:15:02 Europe/Berlin (UTC+01:00)")
                .contains("Time (Berlin): 2026-07-01 10:00:00 Europe/Berlin (UTC+02:00)")
                .contains("Form: demo")
                .contains("utm_source: google")
                .contains("utm_medium: cpc")
                .contains("utm_campaign: dach-brand")
                .contains("gclid: gcl-456")
                .contains("fbclid: fb-123")
                .contains("Referrer: https://www.google.de/")
                .contains("Landing page: https://example.de/demo?utm_source=google")
                .contains("Attribution: none (direct)")
                .contains("Answer: anzahl_maschinen:\n      12")
                .contains("Message:\n      Bitte rufen Sie mich an.\n      Am besten vormittags.");
        assertThat(m.html()).contains("Bitte rufen Sie mich an.<br>\nAm besten vormittags.")
                .contains("https://example.de/demo?utm_source=google");
        assertThat(m.html().indexOf("1. demo_request")).isLessThan(m.html().indexOf("2. contact_form"));
    }

    @Test
    void replyToAbsentWithOnlyAPhone() {
        ContactProfileTestData.Builder phoneOnly = profile().withPhone("+492211234567").withFirstName("Jörg")
                .withLastName("Weiß").withCompany("Müller & Söhne GmbH").withCountry("DE");
        Mail m = renderer.render(lead(phoneOnly), timeline(), REPS, "became MQL");

        assertThat(m.replyTo()).isNull();
        assertThat(m.text()).contains("Email: —").contains("Phone: +492211234567");
    }

    @Test
    void replyToAbsentWhenTheStoredEmailIsNotAValidAddress() {
        ContactProfileTestData.Builder bad = profile().withEmail("eve@example.org\r\nBcc: x@evil.example")
                .withFirstName("Eve");
        Mail m = renderer.render(lead(bad), List.of(), REPS, "became MQL");

        assertThat(m.replyTo()).isNull();
        assertThat(m.text()).contains("Email: eve@example.org Bcc: x@evil.example");
    }

    @Test
    void replyToIsTheNormalisedEmail() {
        ContactProfileTestData.Builder p = profile().withEmail("  Joerg.Weiss@Mueller-Soehne.DE ").withFirstName("Jörg");
        assertThat(renderer.render(lead(p), List.of(), REPS, "x").replyTo()).isEqualTo("joerg.weiss@mueller-soehne.de");
    }

    @Test
    void subjectFallsBackToEmailOrPhoneAndOmitsMissingParts() {
        ContactProfileTestData.Builder noName = profile().withEmail("anna@example.org");
        ContactProfileTestData.Builder nothing = profile().withPhone("+4930123456");

        assertThat(renderer.render(lead(noName, Stage.LEAD, null), List.of(), REPS, "x").subject())
                .isEqualTo("New lead: anna@example.org — lead");
        assertThat(renderer.render(lead(nothing), List.of(), REPS, "x").subject())
                .isEqualTo("Hot lead: +4930123456 — MQL, score 87");
        Mail unscored = renderer.render(lead(noName, Stage.LEAD, null), List.of(), REPS, null);
        assertThat(unscored.text()).contains("Score: not scored yet").contains("No touchpoints recorded.");
    }

    @Test
    void longOrOddLeadDataStillGivesAValidSubject() {
        String longName = "Ä".repeat(500);
        String company = "😀".repeat(300) + "\u202e\u0000\ud800";
        ContactProfileTestData.Builder odd = profile().withPhone("+4930123456").withFirstName(longName)
                .withLastName(longName).withCompany(company).withCountry("DE");
        Mail m = renderer.render(lead(odd), timeline(), REPS, "x\r\ny");

        assertThat(m.subject().length()).isLessThanOrEqualTo(Mail.MAX_SUBJECT_LENGTH);
        assertThat(m.subject()).startsWith("Hot lead: ÄÄÄ").contains("…").endsWith(" — MQL, score 87");
        assertThat(Mail.isHeaderSafe(m.subject())).isTrue();
        assertThat(m.text()).contains("Why you get this mail: x y.");
    }

    @Test
    void longTimelinesAreCut() {
        List<Interaction> many = new ArrayList<>();
        for (int n = 0; n < SalesMailRenderer.MAX_TIMELINE_ENTRIES + 10; n++) {
            many.add(interaction("i-" + n, T1.plus(Duration.ofHours(n))));
        }
        Mail m = renderer.render(lead(joerg()), many, REPS, "became MQL");

        assertThat(m.text()).contains("Touchpoints (60, newest first)").contains("10 older touchpoints not shown.")
                .contains("50. contact_form").doesNotContain("51. contact_form");
    }

    @Test
    void recipientsMustBeValid() {
        assertThatIllegalArgumentException().isThrownBy(() ->
                renderer.render(lead(joerg()), List.of(), List.of("rep@example.com\r\nBcc: x@evil.example"), "x"));
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render(lead(joerg()), List.of(), List.of(), "x"));
    }

    @Test
    void pointsFormatting() {
        assertThat(SalesMailRenderer.points(25)).isEqualTo("+25");
        assertThat(SalesMailRenderer.points(-5)).isEqualTo("-5");
        assertThat(SalesMailRenderer.points(0)).isEqualTo("+0");
        assertThat(SalesMailRenderer.points(2.5)).isEqualTo("+2.5");
        assertThat(SalesMailRenderer.points(-0.25)).isEqualTo("-0.3");
        assertThat(SalesMailRenderer.points(Double.NaN)).isEqualTo("?");
    }
}

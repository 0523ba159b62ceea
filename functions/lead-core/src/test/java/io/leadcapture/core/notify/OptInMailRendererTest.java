package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class OptInMailRendererTest {
    private static final FormCatalog FORMS = FormCatalog.bundled();
    private static final FormDefinition NEWSLETTER = FORMS.find("newsletter").orElseThrow();
    private static final FormDefinition WHITEPAPER = FORMS.find("whitepaper").orElseThrow();
    private static final String URL = "https://api.example.de/consent/confirm?token=abc.DEF_-1&lang=de";
    private static final Instant EXPIRES = Instant.parse("2026-11-27T09:15:00Z");
    private static final String JOERG = "joerg.weiss@mueller-soehne.de";

    private final OptInMailRenderer renderer = new OptInMailRenderer();

    @Test
    void asksInGermanAndEnglishToConfirm() {
        Mail m = renderer.render(JOERG, NEWSLETTER, URL, EXPIRES);

        assertThat(m.to()).containsExactly("joerg.weiss@mueller-soehne.de");
        assertThat(m.replyTo()).isNull();
        assertThat(m.subject()).isEqualTo("Bitte bestätigen Sie Ihre Anmeldung / Please confirm your subscription");
        assertThat(m.text())
                .startsWith("Guten Tag,\n")
                .contains("Bitte bestätigen Sie, dass Sie unseren Newsletter erhalten möchten")
                .contains("\nHello,\n")
                .contains("Please confirm that you would like to receive our newsletter")
                .contains("\n" + URL + "\n")
                .contains("Der Link ist gültig bis 27.11.2026 um 10:15 Uhr (Europe/Berlin, UTC+01:00).")
                .contains("The link is valid until 27 November 2026 at 10:15 (Europe/Berlin, UTC+01:00).");
        assertThat(m.html()).contains("<html lang=\"de\">").contains("<div lang=\"en\">")
                .contains("Anmeldung bestätigen").contains("Confirm subscription")
                .contains("gültig bis 27.11.2026 um 10:15 Uhr")
                .doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("<script");
    }

    @Test
    void linkIsEscapedInHrefAndText() {
        String url = "https://api.example.de/c?t=a.b&x='y'";
        Mail m = renderer.render(JOERG, NEWSLETTER, url, EXPIRES);
        String escaped = "https://api.example.de/c?t=a.b&amp;x=&#39;y&#39;";

        assertThat(m.html()).contains("<a href=\"" + escaped + "\"").contains(">" + escaped + "</a>")
                .doesNotContain("t=a.b&x");
        assertThat(m.text()).contains(url);
    }

    @Test
    void greetsNeutrallyAndHoldsNothingButTheAddress() {
        Mail m = renderer.render("eve@example.org", WHITEPAPER, URL, EXPIRES);

        assertThat(m.text()).startsWith("Guten Tag,\n").contains("\nHello,\n")
                .contains("E-Mails mit Informationen zu unseren Inhalten und Angeboten");
        assertThat(m.html()).contains("<p>Guten Tag,</p>").contains("<p>Hello,</p>")
                .doesNotContain("eve@example.org");
        assertThat(m.to()).containsExactly("eve@example.org");
        assertThat(m.subject()).isEqualTo(OptInMailRenderer.SUBJECT);
    }

    @Test
    void summerTimeExpiry() {
        Mail m = renderer.render(JOERG, NEWSLETTER, URL, Instant.parse("2026-07-01T22:30:00Z"));

        assertThat(m.text()).contains("gültig bis 02.07.2026 um 00:30 Uhr (Europe/Berlin, UTC+02:00)")
                .contains("valid until 2 July 2026 at 00:30 (Europe/Berlin, UTC+02:00)");
    }

    @Test
    void needsAValidEmail() {
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render(null, NEWSLETTER, URL, EXPIRES));
        assertThatIllegalArgumentException().isThrownBy(() ->
                renderer.render("x@example.org\r\nBcc: y@evil.example", NEWSLETTER, URL, EXPIRES));
        assertThatIllegalArgumentException().as("SES takes only ASCII before the @").isThrownBy(() ->
                renderer.render("jörg@firma.de", NEWSLETTER, URL, EXPIRES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "/relative/confirm?t=x", "ftp://example.de/x",
            "https://example.de/x\r\nBcc: y", "https://example.de/x\"onmouseover=\"alert(1)", "https://example.de/ x",
            "https://exämple.de/x", "data:text/html,<script>alert(1)</script>", "https:///nohost", ""})
    void refusesUrlsThatAreNotPlainHttp(String url) {
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render(JOERG, NEWSLETTER, url, EXPIRES));
    }

    @Test
    void acceptsLocalHttpForMakeRun() {
        Mail m = renderer.render(JOERG, NEWSLETTER, "http://127.0.0.1:3000/consent?t=a.b", EXPIRES);
        assertThat(m.text()).contains("http://127.0.0.1:3000/consent?t=a.b");
    }
}

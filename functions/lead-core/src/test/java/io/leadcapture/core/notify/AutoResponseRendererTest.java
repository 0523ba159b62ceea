package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.leadcapture.core.FormCatalog;
import org.junit.jupiter.api.Test;

class AutoResponseRendererTest {
    private static final FormCatalog.AutoResponse RESPONSE =
            new FormCatalog.AutoResponse("Ihr Whitepaper", "Hier ist der Link:\nhttps://example.de/whitepaper.pdf");

    private final AutoResponseRenderer renderer = new AutoResponseRenderer();

    @Test
    void greetsNeutrallyWithTheConfiguredText() {
        Mail m = renderer.render("Reader@Example.org", RESPONSE);

        assertThat(m.to()).containsExactly("reader@example.org");
        assertThat(m.replyTo()).isNull();
        assertThat(m.subject()).isEqualTo("Ihr Whitepaper");
        assertThat(m.text()).isEqualTo("Guten Tag,\n\nHier ist der Link:\nhttps://example.de/whitepaper.pdf\n");
        assertThat(m.html()).contains("<p>Guten Tag,</p>").contains("https://example.de/whitepaper.pdf")
                .doesNotContain("reader@example.org");
    }

    @Test
    void needsADeliverableAddress() {
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render(null, RESPONSE));
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render("jörg@firma.de", RESPONSE));
        assertThatIllegalArgumentException().isThrownBy(() -> renderer.render("a@b.de\r\nBcc: c@d.de", RESPONSE));
    }

    @Test
    void theUnsubscribeLinkGoesInTheHeaderFieldAndAtTheFootOfBothBodies() {
        String url = "https://api.example.de/consent/withdraw?token=AgIF.abc_-";
        Mail m = renderer.render("reader@example.org", RESPONSE, url);

        assertThat(m.unsubscribeUrl()).isEqualTo(url);
        assertThat(m.text()).startsWith("Guten Tag,\n\nHier ist der Link:\nhttps://example.de/whitepaper.pdf\n")
                .endsWith("Unsubscribe:\n" + url + "\n");
        assertThat(m.html()).contains("<a href=\"" + url + "\">");
        assertThat(renderer.render("reader@example.org", RESPONSE).unsubscribeUrl()).isNull();
    }

    @Test
    void anUnsubscribeLinkThatCouldBreakTheHeaderIsRefused() {
        for (String bad : new String[] {"javascript:alert(1)", "https://a.de/x>, <mailto:b@c.de", "https://a.de/\r\nBcc: x",
                "https://a.de/ x", "ftp://a.de/x"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> renderer.render("reader@example.org", RESPONSE, bad));
        }
    }
}

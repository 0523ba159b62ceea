package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailTextTest {

    @Test
    void escapesTheFiveHtmlCharacters() {
        assertThat(MailText.html("<a href=\"x\" title='y'>Müller & Söhne</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Müller &amp; Söhne&lt;/a&gt;");
        assertThat(MailText.html("plain Jörg")).isEqualTo("plain Jörg");
        assertThat(MailText.html(null)).isEmpty();
        assertThat(MailText.html("&amp;")).isEqualTo("&amp;amp;");
    }

    @Test
    void oneLineFoldsBreaksAndTruncates() {
        assertThat(MailText.oneLine("Eve\r\nBcc: x@evil.example", 100)).isEqualTo("Eve Bcc: x@evil.example");
        assertThat(MailText.oneLine("  \r\n ", 100)).isNull();
        assertThat(MailText.oneLine("abcdefghij", 5)).isEqualTo("abcd…");
        assertThat(MailText.oneLine("abc de", 5)).isEqualTo("abc…");
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String s = "a" + "😀".repeat(10); // 😀 is two chars
        String cut = MailText.truncate(s, 5);

        assertThat(cut).isEqualTo("a😀…");
        assertThat(cut.length()).isLessThanOrEqualTo(5);
        assertThat(Mail.isHeaderSafe(cut)).isTrue();
    }

    @Test
    void loneSurrogatesAreReplaced() {
        assertThat(MailText.wellFormed("a\ud800b\udc00c😀")).isEqualTo("a\ufffdb\ufffdc😀");
        assertThat(MailText.wellFormed("ok😀")).isEqualTo("ok😀");
        assertThat(MailText.wellFormed("\ud83d")).isEqualTo("\ufffd");
    }

    @Test
    void multiLineTextInHtmlAndPlainText() {
        assertThat(MailText.htmlLines("Hallo <b>\r\nzweite & Zeile")).isEqualTo("Hallo &lt;b&gt;<br>\nzweite &amp; Zeile");
        assertThat(MailText.indented("eins\nScore: 100", "  ")).isEqualTo("  eins\n  Score: 100");
    }

    @Test
    void timesInUtcAndBerlin() {
        Instant winter = Instant.parse("2026-11-27T09:15:02Z");
        Instant summer = Instant.parse("2026-07-01T08:00:00Z");

        assertThat(MailText.utc(winter)).isEqualTo("2026-11-27 09:15:02 UTC");
        assertThat(MailText.berlin(winter)).isEqualTo("2026-11-27 10:15:02 Europe/Berlin (UTC+01:00)");
        assertThat(MailText.berlin(summer)).isEqualTo("2026-07-01 10:00:00 Europe/Berlin (UTC+02:00)");
    }
}

package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MailTest {
    private static final List<String> TO = List.of("sales@example.com");

    private static Mail mail(String subject, List<String> to, String replyTo) {
        return new Mail(subject, "<p>x</p>", "x", to, replyTo);
    }

    @Test
    void acceptsAPlainMail() {
        Mail m = mail("Hot lead: Jörg Weiß (Müller & Söhne GmbH) — MQL, score 87", TO, "joerg@müller.de");

        assertThat(m.subject()).isEqualTo("Hot lead: Jörg Weiß (Müller & Söhne GmbH) — MQL, score 87");
        assertThat(m.to()).containsExactly("sales@example.com");
        assertThat(m.replyTo()).isEqualTo("joerg@müller.de");
        assertThat(mail("s", TO, null).replyTo()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nBcc: x@evil.example", "a\nb", "a\rb", "a\u0000b", "a\tb", "a\u007fb", "a\u0085b",
            "a\u2028b", "a\u2029b", "a\u202eb", "a\u200bb", "a\ud800b", "\udc00"})
    void subjectWithControlCharactersIsRefused(String subject) {
        assertThatIllegalArgumentException().isThrownBy(() -> mail(subject, TO, null));
    }

    @Test
    void subjectLength() {
        assertThat(mail("x".repeat(200), TO, null).subject()).hasSize(200);
        assertThatIllegalArgumentException().isThrownBy(() -> mail("x".repeat(201), TO, null));
        assertThatIllegalArgumentException().isThrownBy(() -> mail(" ", TO, null));
        assertThat(mail("😀".repeat(100), TO, null).subject()).hasSize(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.com\r\nBcc: x@evil.example", "a@example.com\nBcc: x@evil.example",
            "a@example.com, x@evil.example", "Sales <a@example.com>", " a@example.com", "a@example.com ",
            "a b@example.com", "not-an-address", "", "a@example.com\u0000",
            "jörg@müller.de"}) // SES takes only ASCII before the @
    void recipientAndReplyToMustBeOnePlainAddress(String address) {
        assertThatIllegalArgumentException().isThrownBy(() -> mail("s", List.of(address), null));
        assertThatIllegalArgumentException().isThrownBy(() -> mail("s", List.of("ok@example.com", address), null));
        assertThatIllegalArgumentException().isThrownBy(() -> mail("s", TO, address));
        assertThat(Mail.isSafeAddress(address)).isFalse();
    }

    @Test
    void needsARecipientAndBodies() {
        assertThatIllegalArgumentException().isThrownBy(() -> mail("s", List.of(), null));
        assertThatNullPointerException().isThrownBy(() -> mail("s", null, null));
        assertThatNullPointerException().isThrownBy(() -> mail("s", Arrays.asList("a@example.com", null), null));
        assertThatNullPointerException().isThrownBy(() -> new Mail("s", null, "x", TO, null));
        assertThatNullPointerException().isThrownBy(() -> new Mail("s", "x", null, TO, null));
        assertThatNullPointerException().isThrownBy(() -> mail(null, TO, null));
    }

    @Test
    void recipientsAreCopied() {
        List<String> to = new ArrayList<>(List.of("a@example.com"));
        Mail m = mail("s", to, null);
        to.add("b@example.com\r\nBcc: x@evil.example");

        assertThat(m.to()).containsExactly("a@example.com");
    }
}

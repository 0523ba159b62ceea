package io.leadcapture.core.notify;

import static io.leadcapture.core.notify.MailText.html;

import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormDefinition;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The double opt-in mail: German first (the shipped forms are German-language), then English. It
 * asks the person to confirm with one link and says until when that link works. It greets neutrally
 * and holds nothing about the person but the address it goes to: the post that asked for it is
 * anonymous, so neither a name it gave nor anything the lead's profile holds may be shown to
 * whoever reads that mailbox. The link is HTML-escaped.
 */
public final class OptInMailRenderer {
    public static final String SUBJECT = "Bitte bestätigen Sie Ihre Anmeldung / Please confirm your subscription";

    private static final DateTimeFormatter GERMAN_EXPIRY =
            DateTimeFormatter.ofPattern("dd.MM.yyyy 'um' HH:mm 'Uhr'", Locale.GERMAN).withZone(MailText.BERLIN);
    private static final DateTimeFormatter ENGLISH_EXPIRY =
            DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm", Locale.ENGLISH).withZone(MailText.BERLIN);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("'(Europe/Berlin, UTC'xxx')'", Locale.ROOT)
            .withZone(MailText.BERLIN);

    /**
     * @param recipient  the address the submission gave (the one to be confirmed)
     * @param confirmUrl absolute http(s) URL that confirms the consent (carries a {@link ConsentTokens} token)
     * @param expiresAt  when that token expires
     * @throws IllegalArgumentException when the recipient is not a deliverable address or the URL is not an
     *                                  absolute http(s) URL
     */
    public Mail render(String recipient, FormDefinition form, String confirmUrl, Instant expiresAt) {
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(expiresAt, "expiresAt");
        String to = EmailAddresses.normalise(recipient).filter(Mail::isSafeAddress)
                .orElseThrow(() -> new IllegalArgumentException("no deliverable address for a double opt-in mail"));
        String url = checkedUrl(confirmUrl);
        String zone = ZONE.format(expiresAt);
        String deExpiry = GERMAN_EXPIRY.format(expiresAt) + " " + zone;
        String enExpiry = ENGLISH_EXPIRY.format(expiresAt) + " " + zone;
        Purpose purpose = Purpose.of(form);

        String deGreeting = "Guten Tag,";
        String deAsk = "vielen Dank für Ihr Interesse. Bitte bestätigen Sie, dass Sie " + purpose.german
                + " erhalten möchten, indem Sie auf diesen Link klicken:";
        String deExpires = "Der Link ist gültig bis " + deExpiry + ".";
        String deIgnore = "Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: "
                + "Ohne Ihre Bestätigung schicken wir Ihnen nichts. Ihre Einwilligung können Sie jederzeit widerrufen.";
        String enGreeting = "Hello,";
        String enAsk = "thank you for your interest. Please confirm that you would like to receive " + purpose.english
                + " by clicking this link:";
        String enExpires = "The link is valid until " + enExpiry + ".";
        String enIgnore = "If you did not sign up, simply ignore this email: without your confirmation we will not "
                + "send you anything. You can withdraw your consent at any time.";

        String link = html(url);
        String htmlBody = "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + html(SUBJECT) + "</title>\n</head>\n"
                + "<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#222;margin:16px\">\n"
                + section("de", deGreeting, deAsk, link, "Anmeldung bestätigen", deExpires, deIgnore)
                + "<hr style=\"border:none;border-top:1px solid #ddd;margin:24px 0\">\n"
                + section("en", enGreeting, enAsk, link, "Confirm subscription", enExpires, enIgnore)
                + "</body>\n</html>\n";
        String textBody = String.join("\n", List.of(
                deGreeting, "", deAsk, "", url, "", deExpires, "", deIgnore, "",
                "----------------------------------------", "",
                enGreeting, "", enAsk, "", url, "", enExpires, "", enIgnore)) + "\n";
        return new Mail(SUBJECT, htmlBody, textBody, List.of(to), null);
    }

    private static String section(String lang, String greeting, String ask, String escapedUrl, String button,
                                  String expires, String ignore) {
        return "<div lang=\"" + lang + "\">\n"
                + "<p>" + html(greeting) + "</p>\n"
                + "<p>" + html(ask) + "</p>\n"
                + "<p><a href=\"" + escapedUrl + "\" style=\"display:inline-block;padding:10px 18px;background:#0b5cad;"
                + "color:#ffffff;text-decoration:none;border-radius:4px\">" + html(button) + "</a></p>\n"
                + "<p style=\"font-size:13px;color:#555\">" + html(lang.equals("de") ? "Oder kopieren Sie diese Adresse in Ihren Browser:"
                : "Or copy this address into your browser:") + "<br>\n<a href=\"" + escapedUrl + "\" style=\"word-break:break-all\">"
                + escapedUrl + "</a></p>\n"
                + "<p>" + html(expires) + "</p>\n"
                + "<p style=\"font-size:13px;color:#555\">" + html(ignore) + "</p>\n"
                + "</div>\n";
    }

    /** The confirmation URL as given, when it is an absolute http(s) URL with nothing that could break out of a line. */
    static String checkedUrl(String confirmUrl) {
        Objects.requireNonNull(confirmUrl, "confirmUrl");
        if (confirmUrl.length() > 4096 || confirmUrl.codePoints().anyMatch(c -> c <= ' ' || c == 0x7f || c >= 0x80)) {
            throw new IllegalArgumentException("confirmUrl must be a plain ASCII URL without spaces or control characters");
        }
        URI uri;
        try {
            uri = new URI(confirmUrl);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("confirmUrl is not a URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw new IllegalArgumentException("confirmUrl must be an absolute http(s) URL");
        }
        return confirmUrl;
    }

    /** What the person confirms, by the kind of form they used. */
    private enum Purpose {
        NEWSLETTER("unseren Newsletter", "our newsletter"),
        CONTENT("E-Mails mit Informationen zu unseren Inhalten und Angeboten",
                "emails with information about our content and offers"),
        GENERAL("E-Mails von uns", "emails from us");

        private final String german;
        private final String english;

        Purpose(String german, String english) {
            this.german = german;
            this.english = english;
        }

        static Purpose of(FormDefinition form) {
            return switch (form.interactionType()) {
                case NEWSLETTER_SIGNUP -> NEWSLETTER;
                case WHITEPAPER_DOWNLOAD, WEBINAR_REGISTRATION, QUIZ, SWEEPSTAKE -> CONTENT;
                default -> GENERAL;
            };
        }
    }
}

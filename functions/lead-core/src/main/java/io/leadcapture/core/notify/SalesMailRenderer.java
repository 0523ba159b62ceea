package io.leadcapture.core.notify;

import static io.leadcapture.core.notify.MailText.html;
import static io.leadcapture.core.notify.MailText.oneLine;

import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mail that tells sales about a lead worth calling: who it is, why it scored, and every
 * touchpoint with its attribution. Pure: the same lead and timeline give the same mail.
 *
 * <p>Everything that came from the lead (names, company, answers, messages, campaign parameters)
 * is treated as hostile: made single-line for the subject, HTML-escaped in the HTML body, cleaned
 * of control characters in the text body. The HTML has no scripts, no links and no external
 * resources (no images, no fonts, no style sheets), so opening it contacts nobody.
 */
public final class SalesMailRenderer {
    /** The newest touchpoints shown; older ones are counted, not listed, to keep the mail readable. */
    public static final int MAX_TIMELINE_ENTRIES = 50;

    private static final int MAX_NAME = 80;
    private static final int MAX_COMPANY = 80;
    private static final int MAX_FIELD = 300;
    private static final int MAX_URL = 2048;
    private static final String NONE = "—";
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Map<String, String> ATTRIBUTION_LABELS = Map.ofEntries(
            Map.entry("utmSource", "utm_source"), Map.entry("utmMedium", "utm_medium"),
            Map.entry("utmCampaign", "utm_campaign"), Map.entry("utmTerm", "utm_term"),
            Map.entry("utmContent", "utm_content"), Map.entry("gclid", "gclid"), Map.entry("fbclid", "fbclid"),
            Map.entry("msclkid", "msclkid"), Map.entry("referrer", "Referrer"),
            Map.entry("landingPage", "Landing page"));

    /**
     * @param lead       the lead as stored, with its scoring
     * @param timeline   its interactions, in any order (shown newest first)
     * @param recipients the sales reps to notify
     * @param reason     why this mail goes out, e.g. "became MQL" or "turned hot"
     */
    public Mail render(Lead lead, List<Interaction> timeline, List<String> recipients, String reason) {
        return render(lead, timeline, recipients, reason, List.of());
    }

    /** As {@link #render(Lead, List, List, String)}, with more paragraphs after the reason (not from the lead). */
    Mail render(Lead lead, List<Interaction> timeline, List<String> recipients, String reason, List<String> details) {
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(recipients, "recipients");
        List<Interaction> newestFirst = new ArrayList<>(timeline == null ? List.of() : timeline);
        newestFirst.sort(Comparator.comparing(Interaction::occurredAt).reversed()
                .thenComparing(Interaction::interactionId));

        String subject = subject(lead);
        String why = oneLine(reason, MAX_FIELD);
        Doc doc = new Doc(subject);
        doc.paragraph("Why you get this mail: " + (why == null ? "lead update" : why) + ".");
        details.forEach(doc::paragraph);
        contact(doc, lead);
        scoring(doc, lead);
        timeline(doc, newestFirst, Math.max(newestFirst.size(), lead.interactionCount()));
        return new Mail(subject, doc.htmlBody(), doc.textBody(), recipients, replyTo(lead.profile()));
    }

    /** E.g. {@code Hot lead: Jörg Weiß (Müller & Söhne GmbH) — MQL, score 87}; one line, at most 200 chars. */
    static String subject(Lead lead) {
        LeadScore s = lead.scoring();
        String temperature = s == null ? "New" : switch (s.temperature()) {
            case HOT -> "Hot";
            case WARM -> "Warm";
            case COLD -> "Cold";
        };
        String company = oneLine(lead.profile().company(), MAX_COMPANY);
        String subject = temperature + " lead: " + displayName(lead.profile())
                + (company == null ? "" : " (" + company + ")")
                + " — " + lead.stage().wireName()
                + (s == null ? "" : ", score " + s.score());
        return MailText.truncate(subject, Mail.MAX_SUBJECT_LENGTH);
    }

    /** The lead's email when it is a valid address, for sales to answer the lead directly. */
    static String replyTo(ContactProfile p) {
        return EmailAddresses.normalise(p.email()).filter(Mail::isSafeAddress).orElse(null);
    }

    private static String displayName(ContactProfile p) {
        String first = Text.singleLine(p.firstName());
        String last = Text.singleLine(p.lastName());
        String name = first == null ? last : last == null ? first : first + " " + last;
        if (name == null) {
            name = p.email() != null ? p.email() : p.phone();
        }
        String shown = oneLine(name, MAX_NAME);
        return shown == null ? "unknown contact" : shown;
    }

    private static void contact(Doc doc, Lead lead) {
        ContactProfile p = lead.profile();
        String first = Text.singleLine(p.firstName());
        String last = Text.singleLine(p.lastName());
        doc.heading("Contact");
        doc.tableStart();
        doc.row("Name", oneLine(first == null ? last : last == null ? first : first + " " + last, MAX_FIELD));
        doc.row("Email", oneLine(p.email(), MAX_FIELD));
        doc.row("Phone", oneLine(p.phone(), MAX_FIELD));
        doc.row("Company", oneLine(p.company(), MAX_FIELD));
        doc.row("Job title", oneLine(p.jobTitle(), MAX_FIELD));
        doc.row("Industry", oneLine(p.industry(), MAX_FIELD));
        doc.row("Company size", oneLine(p.companySize(), MAX_FIELD));
        doc.row("Country", country(p.country()));
        doc.row("Postal code / city", joined(oneLine(p.postalCode(), MAX_FIELD), oneLine(p.city(), MAX_FIELD)));
        doc.row("Budget responsibility", p.budgetResponsibility() == null ? null : p.budgetResponsibility() ? "yes" : "no");
        doc.row("Segment", p.segment() == null ? null : p.segment().name());
        doc.row("Marketing consent", lead.consent() == null ? null : lead.consent().status().wireName());
        doc.row("Lead id", oneLine(lead.leadId(), MAX_FIELD));
        doc.row("Interactions", Long.toString(lead.interactionCount()));
        doc.row("First seen", MailText.utc(lead.createdAt()));
        doc.tableEnd();
    }

    private static void scoring(Doc doc, Lead lead) {
        LeadScore s = lead.scoring();
        doc.heading("Score");
        doc.tableStart();
        doc.row("Stage", lead.stage().wireName());
        if (s == null) {
            doc.row("Score", "not scored yet");
            doc.tableEnd();
            return;
        }
        doc.row("Score", Integer.toString(s.score()));
        doc.row("Fit", Integer.toString(s.fitScore()));
        doc.row("Engagement", Integer.toString(s.engagementScore()));
        doc.row("Temperature", s.temperature().wireName());
        doc.row("Scored at", MailText.utc(s.scoredAt()));
        doc.tableEnd();
        doc.subheading("Why this score");
        if (s.scoreReasons().isEmpty()) {
            doc.paragraph("No scoring rule matched.");
            return;
        }
        doc.tableStart();
        for (ScoreReason r : s.scoreReasons()) {
            String rule = oneLine(r.rule(), MAX_FIELD);
            String detail = oneLine(r.detail(), MAX_FIELD);
            doc.row(points(r.points()), (rule == null ? "?" : rule) + (detail == null ? "" : " — " + detail));
        }
        doc.tableEnd();
    }

    /** {@code total}: every touchpoint of the lead, of which the newest are given (a lead is read with its newest). */
    private static void timeline(Doc doc, List<Interaction> newestFirst, long total) {
        int shown = Math.min(newestFirst.size(), MAX_TIMELINE_ENTRIES);
        doc.heading("Touchpoints (" + total + ", newest first)");
        if (newestFirst.isEmpty()) {
            doc.paragraph("No touchpoints recorded.");
        }
        for (int n = 0; n < shown; n++) {
            Interaction i = newestFirst.get(n);
            doc.subheading((n + 1) + ". " + i.type().wireName() + " via " + oneLine(i.channel(), MAX_FIELD));
            doc.tableStart();
            doc.row("Time (UTC)", MailText.utc(i.occurredAt()));
            doc.row("Time (Berlin)", MailText.berlin(i.occurredAt()));
            doc.row("Form", oneLine(i.formId(), MAX_FIELD));
            doc.row("Direction", i.direction().wireName());
            doc.row("Consent", i.consent().status().wireName());
            if (i.attribution().isEmpty()) {
                doc.row("Attribution", "none (direct)");
            }
            i.attribution().asMap().forEach((field, value) ->
                    doc.row(ATTRIBUTION_LABELS.getOrDefault(field, field), oneLine(value, MAX_URL)));
            if (Text.multiLine(i.message()) != null) {
                doc.multiLineRow("Message", List.of(i.message()));
            }
            new TreeMap<>(i.customAnswers()).forEach((question, answers) -> {
                String label = oneLine(question, 100);
                doc.multiLineRow("Answer: " + (label == null ? "?" : label), answers == null ? List.of() : answers);
            });
            doc.tableEnd();
        }
        if (total > shown) {
            doc.paragraph((total - shown) + " older touchpoints not shown.");
        }
    }

    private static String country(String raw) {
        String code = oneLine(raw, MAX_FIELD);
        if (code == null) {
            return null;
        }
        String upper = code.toUpperCase(Locale.ROOT);
        return ISO_COUNTRIES.contains(upper) ? upper + " (" + Locale.of("", upper).getDisplayCountry(Locale.ENGLISH) + ")" : code;
    }

    private static String joined(String a, String b) {
        return a == null ? b : b == null ? a : a + " " + b;
    }

    static String points(double p) {
        if (!Double.isFinite(p)) {
            return "?";
        }
        if (p == Math.rint(p) && Math.abs(p) < 1e12) {
            return String.format(Locale.ROOT, "%+d", (long) p);
        }
        return String.format(Locale.ROOT, "%+.1f", p);
    }

    /** Builds the HTML and the plain-text body side by side, so both always say the same. */
    private static final class Doc {
        private static final String TH = "text-align:left;vertical-align:top;padding:2px 12px 2px 0;color:#555;font-weight:normal;white-space:nowrap";
        private static final String TD = "vertical-align:top;padding:2px 0";
        private final StringBuilder out = new StringBuilder(8192);
        private final StringBuilder plain = new StringBuilder(4096);

        Doc(String title) {
            out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                    .append(html(title)).append("</title>\n</head>\n")
                    .append("<body style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#222;margin:16px\">\n")
                    .append("<h1 style=\"font-size:18px;margin:0 0 8px\">").append(html(title)).append("</h1>\n");
            plain.append(title).append('\n').append("=".repeat(Math.min(title.length(), 72))).append("\n\n");
        }

        void paragraph(String s) {
            out.append("<p>").append(html(s)).append("</p>\n");
            blankLine();
            plain.append(s).append('\n');
        }

        /** Exactly one empty line before what comes next in the text body. */
        private void blankLine() {
            while (plain.length() >= 2 && plain.charAt(plain.length() - 1) == '\n' && plain.charAt(plain.length() - 2) == '\n') {
                plain.setLength(plain.length() - 1);
            }
            plain.append(plain.charAt(plain.length() - 1) == '\n' ? "\n" : "\n\n");
        }

        void heading(String s) {
            out.append("<h2 style=\"font-size:16px;margin:20px 0 6px;border-bottom:1px solid #ddd\">")
                    .append(html(s)).append("</h2>\n");
            blankLine();
            plain.append(s).append('\n').append("-".repeat(s.length())).append('\n');
        }

        void subheading(String s) {
            out.append("<h3 style=\"font-size:14px;margin:14px 0 4px\">").append(html(s)).append("</h3>\n");
            blankLine();
            plain.append(s).append('\n');
        }

        void tableStart() {
            out.append("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
        }

        void tableEnd() {
            out.append("</table>\n");
        }

        /** One label and one single-line value; null shows as a dash. */
        void row(String label, String value) {
            String v = value == null ? NONE : value;
            out.append("<tr><th scope=\"row\" style=\"").append(TH).append("\">").append(html(label))
                    .append("</th><td style=\"").append(TD).append("\">").append(html(v)).append("</td></tr>\n");
            plain.append("  ").append(label).append(": ").append(v).append('\n');
        }

        /** A label with free text that may span lines (a message, the answers to one question). */
        void multiLineRow(String label, List<String> values) {
            out.append("<tr><th scope=\"row\" style=\"").append(TH).append("\">").append(html(label))
                    .append("</th><td style=\"").append(TD).append("\">");
            plain.append("  ").append(label).append(":\n");
            boolean any = false;
            for (String v : values) {
                if (Text.multiLine(v) == null) {
                    continue;
                }
                out.append(any ? "<br>\n" : "").append(MailText.htmlLines(v));
                plain.append(MailText.indented(v, "      ")).append('\n');
                any = true;
            }
            if (!any) {
                out.append(NONE);
                plain.append("      ").append(NONE).append('\n');
            }
            out.append("</td></tr>\n");
        }

        String htmlBody() {
            return out + "</body>\n</html>\n";
        }

        String textBody() {
            return plain.toString().stripTrailing() + "\n";
        }
    }
}

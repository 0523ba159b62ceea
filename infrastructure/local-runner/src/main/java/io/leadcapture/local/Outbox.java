package io.leadcapture.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The mails the emulator's SES accepted, newest first: moto keeps them in {@code /moto-api/data.json},
 * LocalStack under {@code /_aws/ses}. Rendered as a page so a person sees what sales and the lead get.
 */
final class Outbox {
    record SentMail(String id, String from, List<String> to, String subject, String html) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    private final URI emulator;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Outbox(URI emulator) {
        this.emulator = emulator;
    }

    List<SentMail> mails() throws IOException, InterruptedException {
        // data.json is moto's whole state, tables included, and moto answers one request at a time
        // (moto_serialized.py): with a full table and busy stream pollers it can take many seconds.
        HttpResponse<String> moto = http.send(HttpRequest.newBuilder(emulator.resolve("/moto-api/data.json"))
                .timeout(READ_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        List<SentMail> out = new ArrayList<>();
        if (moto.statusCode() == 200) {
            for (JsonNode m : JSON.readTree(moto.body()).path("ses").path("Message")) {
                List<String> to = new ArrayList<>();
                m.path("destinations").path("ToAddresses").forEach(a -> to.add(a.asText()));
                out.add(new SentMail(m.path("id").asText(), m.path("source").asText(), to, m.path("subject").asText(),
                        m.path("body").asText()));
            }
        } else {
            HttpResponse<String> localstack = http.send(HttpRequest.newBuilder(emulator.resolve("/_aws/ses"))
                    .timeout(READ_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode m : JSON.readTree(localstack.body()).path("messages")) {
                List<String> to = new ArrayList<>();
                m.path("Destination").path("ToAddresses").forEach(a -> to.add(a.asText()));
                out.add(new SentMail(m.path("Id").asText(), m.path("Source").asText(), to, m.path("Subject").asText(),
                        m.path("Body").path("html_part").asText(m.path("Body").path("text_part").asText())));
            }
        }
        java.util.Collections.reverse(out);
        return out;
    }

    String page() throws IOException, InterruptedException {
        List<SentMail> mails = mails();
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Local outbox</title>"
                + "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
                + "section{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}"
                + "iframe{width:100%;height:28rem;border:1px solid #eee}dt{font-weight:600}</style></head><body>"
                + "<h1>Local outbox</h1><p>" + mails.size() + " mail(s) accepted by the emulator's SES, newest first.</p>");
        for (SentMail m : mails) {
            sb.append("<section><dl><dt>Subject</dt><dd>").append(esc(m.subject()))
                    .append("</dd><dt>From</dt><dd>").append(esc(m.from()))
                    .append("</dd><dt>To</dt><dd>").append(esc(String.join(", ", m.to())))
                    .append("</dd><dt>Message id</dt><dd>").append(esc(m.id())).append("</dd></dl>")
                    // sandboxed: a mail's HTML runs no script and reaches nothing here
                    .append("<iframe sandbox srcdoc=\"").append(esc(m.html())).append("\"></iframe></section>");
        }
        return sb.append("</body></html>").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}

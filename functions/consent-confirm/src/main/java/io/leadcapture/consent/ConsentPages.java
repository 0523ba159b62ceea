package io.leadcapture.consent;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** The small bilingual HTML pages people see after clicking a link from a mail. */
final class ConsentPages {
    private ConsentPages() {
    }

    static APIGatewayV2HTTPResponse page(int status, String title, String german, String english) {
        return page(status, title, german, english, "");
    }

    /** @param extraHtml markup after the text (already escaped), such as a form */
    static APIGatewayV2HTTPResponse page(int status, String title, String german, String english, String extraHtml) {
        String html = "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title><meta name=\"viewport\" content=\"width=device-width\"></head>"
                + "<body style=\"font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem\">"
                + "<h1>" + title + "</h1><p>" + german + "</p><p lang=\"en\">" + english + "</p>" + extraHtml
                + "</body></html>";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("referrer-policy", "no-referrer"); // the token is in the URL
        // no scripts, no framing (a framed button could be clicked for the person), forms only to this API
        headers.put("content-security-policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(html).build();
    }

    static APIGatewayV2HTTPResponse text(int status, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/plain; charset=utf-8");
        headers.put("cache-control", "no-store");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    /** For an attribute value or text: the five characters HTML gives meaning to. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

package io.leadcapture.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A local stand-in for a bot-check provider's siteverify endpoint that answers as Cloudflare's
 * documented Turnstile test keys do (developers.cloudflare.com/turnstile/troubleshooting/testing/):
 * the secret {@value #PASSING_SECRET} passes the dummy token {@value #DUMMY_TOKEN} that the test
 * site keys hand out and refuses any other token; {@value #FAILING_SECRET} always fails;
 * {@value #SPENT_SECRET} answers that the token was already spent; any other secret is invalid.
 * Form-encoded and JSON posts are read, as Cloudflare reads both. The success answer names
 * {@code localhost} as the hostname, as Cloudflare's documented example does. For {@code make run}
 * (served by the local runner) and for tests ({@link #start()}); never deployed.
 */
public final class SiteverifyStandIn implements AutoCloseable {
    public static final String PATH = "/turnstile/v0/siteverify";
    /** Cloudflare's always-passing test site key, for pages. */
    public static final String TEST_SITE_KEY = "1x00000000000000000000AA";
    public static final String DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";
    public static final String PASSING_SECRET = "1x0000000000000000000000000000000AA";
    public static final String FAILING_SECRET = "2x0000000000000000000000000000000AA";
    public static final String SPENT_SECRET = "3x0000000000000000000000000000000AA";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Map<String, String>> received = Collections.synchronizedList(new ArrayList<>());

    private SiteverifyStandIn(HttpServer server) {
        this.server = server;
    }

    /** The stand-in on a free loopback port, answering POSTs to {@link #PATH}. */
    public static SiteverifyStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SiteverifyStandIn standIn = new SiteverifyStandIn(server);
            server.createContext(PATH, ex -> {
                try (ex) {
                    if (!ex.getRequestMethod().equals("POST")) {
                        ex.sendResponseHeaders(405, -1);
                        return;
                    }
                    Map<String, String> fields = fields(ex.getRequestHeaders().getFirst("content-type"),
                            ex.getRequestBody().readAllBytes());
                    standIn.received.add(fields);
                    byte[] body = answer(fields).getBytes(StandardCharsets.UTF_8);
                    ex.getResponseHeaders().set("content-type", "application/json");
                    ex.sendResponseHeaders(200, body.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(body);
                    }
                }
            });
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where to point {@code CAPTCHA_VERIFY_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    /** The fields of every verification asked for so far ({@code secret}, {@code response}, {@code remoteip}). */
    public List<Map<String, String>> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** The JSON answer to one siteverify post with this content type and body (always status 200). */
    public static String answer(String contentType, byte[] body) {
        return answer(fields(contentType, body));
    }

    private static String answer(Map<String, String> fields) {
        String secret = fields.get("secret");
        String response = fields.get("response");
        ObjectNode answer = JSON.createObjectNode();
        String error;
        if (secret == null || secret.isEmpty()) {
            error = "missing-input-secret";
        } else if (!List.of(PASSING_SECRET, FAILING_SECRET, SPENT_SECRET).contains(secret)) {
            error = "invalid-input-secret";
        } else if (response == null || response.isEmpty()) {
            error = "missing-input-response";
        } else if (secret.equals(SPENT_SECRET)) {
            error = "timeout-or-duplicate";
        } else if (secret.equals(FAILING_SECRET) || !response.equals(DUMMY_TOKEN)) {
            error = "invalid-input-response"; // test secrets accept only the dummy token
        } else {
            error = null;
        }
        answer.put("success", error == null);
        if (error == null) {
            answer.put("challenge_ts", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            answer.put("hostname", "localhost");
            answer.putArray("error-codes");
            answer.put("action", "");
            answer.put("cdata", "");
        } else {
            answer.putArray("error-codes").add(error);
        }
        return answer.toString();
    }

    private static Map<String, String> fields(String contentType, byte[] body) {
        Map<String, String> fields = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try {
                JsonNode node = JSON.readTree(text);
                if (node != null) {
                    node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue().asText()));
                }
            } catch (IOException notJson) {
                // answered like a post without fields
            }
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fields.putIfAbsent(name, value);
            } catch (IllegalArgumentException brokenEncoding) {
                // a field that cannot be read is a field not sent
            }
        }
        return fields;
    }
}

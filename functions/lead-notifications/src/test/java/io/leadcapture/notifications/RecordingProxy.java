package io.leadcapture.notifications;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sits between an SDK client and moto and keeps every request body it forwards. moto's SES drops
 * what it does not model (custom headers of a {@code Simple} message), so a test reads here what
 * the function actually asked SES to send.
 */
final class RecordingProxy implements AutoCloseable {
    /** One request as the SDK sent it. */
    record Recorded(String method, String path, String body) {
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();

    RecordingProxy(URI target) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                URI uri = exchange.getRequestURI();
                requests.add(new Recorded(exchange.getRequestMethod(), uri.getPath(), new String(body, StandardCharsets.UTF_8)));
                HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                        values.forEach(v -> forward.header(name, v));
                    }
                });
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** SES v2 SendEmail request bodies, oldest first. */
    List<String> sentEmails() {
        return requests.stream().filter(r -> r.method().equals("POST") && r.path().endsWith("/outbound-emails"))
                .map(Recorded::body).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

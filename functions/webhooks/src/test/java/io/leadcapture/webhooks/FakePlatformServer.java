package io.leadcapture.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A platform API (Graph API, LinkedIn REST) played by a real HTTP server on 127.0.0.1 and a random
 * port: routes answer by exact path, every request is recorded, replies can be slow or fail.
 */
public final class FakePlatformServer implements AutoCloseable {
    /** A request as the server saw it; header names lower-case. */
    public record Seen(String method, String path, String query, Map<String, String> headers) {
    }

    /** What to answer: status, JSON body, and how long to wait first. */
    public record Reply(int status, String body, long delayMillis) {
        public static Reply json(String body) {
            return new Reply(200, body, 0);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, 0);
        }

        public static Reply slow(long delayMillis, String body) {
            return new Reply(200, body, delayMillis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Function<Seen, Reply>> routes = new ConcurrentHashMap<>();
    private final List<Seen> requests = new CopyOnWriteArrayList<>();

    public FakePlatformServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers GET {@code path} (without query) with the reply the function gives. */
    public FakePlatformServer on(String path, Function<Seen, Reply> reply) {
        routes.put(path, reply);
        return this;
    }

    public FakePlatformServer on(String path, Reply reply) {
        return on(path, r -> reply);
    }

    public List<Seen> requests() {
        return List.copyOf(requests);
    }

    public long count(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).count();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            URI uri = exchange.getRequestURI();
            Seen seen = new Seen(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers);
            requests.add(seen);
            Function<Seen, Reply> route = routes.get(uri.getRawPath());
            Reply reply = route == null ? Reply.status(404, "{\"error\":{\"message\":\"no route\",\"code\":100}}")
                    : route.apply(seen);
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json; charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client gave up (timeout test): nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

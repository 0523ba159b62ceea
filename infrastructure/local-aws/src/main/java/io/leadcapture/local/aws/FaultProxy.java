package io.leadcapture.local.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy between an SDK client and the emulator that answers chosen requests the
 * way AWS does when it is slow, throttles, cancels a transaction or loses an answer — faults the
 * emulator never produces. A test points the client at {@link #endpoint()}, scripts faults for the
 * requests a {@link Match} selects (each matching request takes the next scripted fault; when none
 * is left it is forwarded unchanged) and reads back what passed ({@link #seen}). For tests only.
 */
public final class FaultProxy implements AutoCloseable {

    /** Which requests a fault applies to. */
    public interface Match extends Predicate<Request> {
        /** A DynamoDB (JSON protocol) operation, by its {@code X-Amz-Target}, e.g. {@code TransactWriteItems}. */
        static Match dynamoDb(String operation) {
            return r -> r.target() != null && r.target().equals("DynamoDB_20120810." + operation);
        }

        /** An SES v2 (REST) operation by method and path end, e.g. {@code POST /outbound-emails} for SendEmail. */
        static Match sesV2(String method, String pathEnd) {
            return r -> r.method().equals(method) && r.path().endsWith(pathEnd);
        }

        /** An SES v1 (query protocol) action, e.g. {@code SendRawEmail}. */
        static Match sesAction(String action) {
            return r -> r.body().contains("Action=" + action + "&") || r.body().endsWith("Action=" + action);
        }

        /** Every request. */
        static Match any() {
            return r -> true;
        }
    }

    /** A request as the proxy received it. */
    public record Request(String method, String path, String target, String body) {
    }

    /** What passed the proxy: the request, the fault applied to it (null when forwarded as it was), the status answered. */
    public record Seen(Request request, Fault fault, int status) {
    }

    /** How one request is answered instead of (or besides) being forwarded. */
    public sealed interface Fault {
        /** Waits, then forwards: a slow service. */
        record Latency(Duration delay) implements Fault {
        }

        /** Answers an AWS JSON error without forwarding: nothing happened at the service. */
        record Error(int status, String type, String message, String body) implements Fault {
        }

        /**
         * Forwards, so the service acts, then waits before answering: the caller's timeout fires
         * first and it cannot know whether the request took effect. With {@code drop} the connection
         * is closed without any answer instead.
         */
        record LostAnswer(Duration delay, boolean drop) implements Fault {
        }

        /**
         * Holds the request for {@code delay}, then closes the connection without forwarding it: the
         * caller times out, and the service never saw the request.
         */
        record Unanswered(Duration delay) implements Fault {
        }

        static Fault latency(Duration delay) {
            return new Latency(delay);
        }

        /** DynamoDB's throttling answer (400 {@code ProvisionedThroughputExceededException}), which the SDK retries. */
        static Fault dynamoDbThrottling() {
            return error(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
                    "The level of configured provisioned throughput for the table was exceeded.");
        }

        /** The generic throttling answer of AWS JSON services (400 {@code ThrottlingException}). */
        static Fault throttling() {
            return error(400, "ThrottlingException", "Rate exceeded");
        }

        /** SES v2's answer when the sending rate is exceeded (429 {@code TooManyRequestsException}). */
        static Fault sesV2TooManyRequests() {
            return error(429, "TooManyRequestsException", "Maximum sending rate exceeded.");
        }

        /**
         * DynamoDB's cancelled transaction, one reason per item of the transaction in order
         * ({@code None}, {@code ConditionalCheckFailed}, {@code TransactionConflict}, …); items
         * beyond the reasons given are {@code None}.
         */
        static Fault transactionCanceled(String... reasons) {
            String list = String.join(", ", reasons);
            StringBuilder json = new StringBuilder("[");
            for (int i = 0; i < reasons.length; i++) {
                String code = reasons[i];
                json.append(i == 0 ? "" : ",").append("{\"Code\":\"").append(code).append('"');
                if (!"None".equals(code)) {
                    json.append(",\"Message\":\"").append(code.equals("TransactionConflict")
                            ? "Transaction is ongoing for the item" : "The conditional request failed").append('"');
                }
                json.append('}');
            }
            json.append(']');
            String message = "Transaction cancelled, please refer cancellation reasons for specific reasons [" + list + "]";
            String type = "com.amazonaws.dynamodb.v20120810#TransactionCanceledException";
            return new Error(400, type, message, "{\"__type\":\"" + type + "\",\"Message\":\"" + message
                    + "\",\"CancellationReasons\":" + json + "}");
        }

        /** DynamoDB's answer to a client request token reused with other parameters. */
        static Fault idempotentParameterMismatch() {
            return error(400, "com.amazonaws.dynamodb.v20120810#IdempotentParameterMismatchException",
                    "Request token has already been used with different parameters");
        }

        /** An AWS JSON error answer: {@code __type} and {@code message} in the body, the type in {@code x-amzn-ErrorType}. */
        static Fault error(int status, String type, String message) {
            return new Error(status, type, message,
                    "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }

        /** The request takes effect, its answer arrives after {@code delay}: longer than the caller waits. */
        static Fault answerDelayed(Duration delay) {
            return new LostAnswer(delay, false);
        }

        /** The request never reaches the service; the caller waits {@code delay} for nothing. */
        static Fault unanswered(Duration delay) {
            return new Unanswered(delay);
        }

        /** The request takes effect, its answer never arrives (connection closed). */
        static Fault answerDropped() {
            return new LostAnswer(Duration.ZERO, true);
        }
    }

    private static final Set<String> NOT_FORWARDED = Set.of("host", "content-length", "connection", "expect",
            "transfer-encoding", "upgrade", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Scripted> scripts = new ArrayList<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    private record Scripted(Match match, Deque<Fault> faults) {
    }

    private FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** A proxy on a free loopback port in front of {@code target} (the emulator's endpoint). */
    public static FaultProxy start(URI target) {
        try {
            return new FaultProxy(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where clients send their requests. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next requests {@code match} selects get {@code faults}, one each, in order; later ones pass. */
    public synchronized FaultProxy on(Match match, Fault... faults) {
        scripts.add(new Scripted(match, new ArrayDeque<>(List.of(faults))));
        return this;
    }

    /** Drops every scripted fault not yet applied: from now on every request is forwarded. */
    public synchronized void clear() {
        scripts.clear();
    }

    /** Every request that passed, oldest first. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests that passed and {@code match} selects, oldest first. */
    public List<Seen> seen(Match match) {
        return seen.stream().filter(s -> match.test(s.request())).toList();
    }

    private synchronized Fault nextFault(Request request) {
        for (Scripted s : scripts) {
            if (s.match().test(request) && !s.faults().isEmpty()) {
                return s.faults().poll();
            }
        }
        return null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"), new String(body, StandardCharsets.UTF_8));
            Fault fault = nextFault(request);
            switch (fault) {
                case Fault.Error e -> {
                    seen.add(new Seen(request, fault, e.status()));
                    byte[] answer = e.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                    exchange.getResponseHeaders().add("x-amzn-ErrorType", e.type());
                    exchange.getResponseHeaders().add("x-amzn-RequestId", "fault-proxy");
                    exchange.sendResponseHeaders(e.status(), answer.length);
                    exchange.getResponseBody().write(answer);
                }
                case Fault.Latency l -> {
                    sleep(l.delay());
                    forward(exchange, request, body, fault, Duration.ZERO, false);
                }
                case Fault.LostAnswer lost -> forward(exchange, request, body, fault, lost.delay(), lost.drop());
                case Fault.Unanswered u -> {
                    seen.add(new Seen(request, fault, -1));
                    sleep(u.delay());
                }
                case null -> forward(exchange, request, body, null, Duration.ZERO, false);
            }
        }
    }

    private void forward(HttpExchange exchange, Request request, byte[] body, Fault fault, Duration answerDelay,
                         boolean drop) throws IOException {
        URI uri = exchange.getRequestURI();
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> forward.header(name, v));
            }
        });
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        seen.add(new Seen(request, fault, drop ? -1 : answer.statusCode()));
        if (drop) {
            return; // closing the exchange without an answer closes the connection
        }
        sleep(answerDelay);
        answer.headers().map().forEach((name, values) -> {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        try {
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            exchange.getResponseBody().write(answer.body());
        } catch (IOException e) {
            // the caller gave up waiting and closed the connection: the point of a delayed answer
        }
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

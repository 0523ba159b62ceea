package io.leadcapture.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.local.aws.SiteverifyStandIn;
import io.leadcapture.local.aws.SnsEvents;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.leadcapture.local.streams.LocalStreams;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.Iterator;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The product on one machine: creates the template's tables in the emulator, then serves the
 * template's HTTP API routes on loopback, turning each request into the HTTP API (payload 2.0)
 * event API Gateway would send and invoking the function's handler in process — built through its
 * no-arg constructor, exactly as Lambda builds it.
 */
public final class LocalRunner {
    /** HTTP APIs refuse larger payloads before any function runs. */
    static final int API_GATEWAY_MAX_BODY = 10 * 1024 * 1024;
    /** Where make run's CAPTCHA_VERIFY_URL points unless it is set. */
    static final String SITEVERIFY_PATH = "/_local" + SiteverifyStandIn.PATH;
    /** SNS refuses larger messages. */
    static final int SNS_MAX_MESSAGE = 256 * 1024;

    private final SamTemplate template;
    private final RouteTable routes;
    private final Map<String, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> handlers = new ConcurrentHashMap<>();
    private final Map<String, RequestHandler<SNSEvent, Object>> snsHandlers = new ConcurrentHashMap<>();
    private final FormCatalog forms = FormCatalog.bundled();
    private final List<String> apiOrigins;
    private HttpServer server;
    private LocalStreams streams;
    private Outbox outbox;
    private final List<TtlSweeper> sweepers = new ArrayList<>();

    LocalRunner(SamTemplate template) {
        this.template = template;
        this.routes = new RouteTable(template.functions());
        this.apiOrigins = corsOrigins(template);
    }

    public static void main(String[] args) throws Exception {
        String endpoint = System.getenv("AWS_ENDPOINT_URL");
        if (endpoint == null || endpoint.isBlank()) {
            System.err.println("AWS_ENDPOINT_URL is not set: start through `make run`, which starts the emulator.");
            System.exit(2);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "3000"));
        LocalRunner runner = new LocalRunner(SamTemplate.bundled());
        runner.createTables(URI.create(endpoint));
        runner.verifySender(URI.create(endpoint));
        runner.startStreams(URI.create(endpoint));
        runner.start(port);
        int landingPort = Integer.parseInt(System.getenv().getOrDefault("LANDING_PORT", "8080"));
        LandingPage.start(landingPort, port);
        runner.printBanner(endpoint, port, landingPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local API.");
            runner.stop();
        }));
        Thread.currentThread().join();
    }

    void createTables(URI endpoint) {
        try (DynamoDbClient ddb = LocalAws.dynamoDb(endpoint)) {
            for (SamTemplate.Table t : template.tables()) {
                String name = tableName(t.logicalId());
                boolean created = LocalTables.create(ddb, t, name);
                System.out.println((created ? "Created" : "Reusing") + " table " + name + " (" + t.logicalId() + ")");
            }
        }
    }

    /**
     * SES only sends from verified identities (the emulator enforces it too, like the SES sandbox):
     * verify the configured sender, as an operator does once per AWS account.
     */
    void verifySender(URI endpoint) {
        String sender = System.getenv("SENDER_EMAIL");
        if (sender == null || sender.isBlank()) {
            return;
        }
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            ses.createEmailIdentity(r -> r.emailIdentity(sender));
            System.out.println("Verified SES sender identity " + sender);
        } catch (AlreadyExistsException e) {
            System.out.println("SES sender identity " + sender + " already verified");
        }
    }

    /** Polls the table's stream for every DynamoDB event source of the template, as Lambda's event source mappings do. */
    void startStreams(URI endpoint) {
        startStreams(endpoint, java.util.Set.of());
    }

    /**
     * As {@link #startStreams(URI)}, with the stream functions named in {@code leftOut} handed
     * nothing (their pollers read and drop): a test of other functions spares the emulator, which
     * handles one request at a time, their writes.
     */
    void startStreams(URI endpoint, java.util.Set<String> leftOut) {
        streams = LocalStreams.fromTemplate(template, endpoint, LocalRunner::tableName,
                e -> leftOut.contains(e.functionLogicalId())
                        ? (event, context) -> com.amazonaws.services.lambda.runtime.events.StreamsEventResponse.builder()
                                .withBatchItemFailures(List.of()).build()
                        : LocalStreams.newHandler(e)).start();
        outbox = new Outbox(endpoint);
        streams.pollers().forEach(p -> System.out.println("Polling the stream for " + p.source().id()));
        for (SamTemplate.Table t : template.tables()) {
            JsonNode ttl = t.properties().path("TimeToLiveSpecification");
            if (ttl.path("Enabled").asBoolean(false)) {
                sweepers.add(new TtlSweeper(LocalAws.dynamoDb(endpoint), tableName(t.logicalId()),
                        ttl.path("AttributeName").asText(), java.time.Clock.systemUTC())
                        .start(Duration.ofSeconds(Long.parseLong(System.getenv().getOrDefault("TTL_SWEEP_SECONDS", "10")))));
            }
        }
    }

    LocalStreams streams() {
        return streams;
    }

    /** The table names the functions see: TABLE_NAME for the leads table, else the logical id. */
    static String tableName(String logicalId) {
        return logicalId.equals("LeadsTable") ? System.getenv().getOrDefault("TABLE_NAME", "leads-local") : logicalId;
    }

    void start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (streams != null) {
            streams.close();
        }
        sweepers.forEach(TtlSweeper::close);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
            String path = ex.getRequestURI().getRawPath();
            if (method.equals("OPTIONS")) {
                preflight(ex, path);
                return;
            }
            if (path.startsWith("/_local/")) {
                local(ex, method, path);
                return;
            }
            var match = routes.match(method, path);
            if (match.isEmpty()) {
                send(ex, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, Map.of("content-type", "application/json"),
                        "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach(headers::put);
            APIGatewayV2HTTPEvent event = HttpApiEvents.event(match.get().routeKey(), method, path,
                    ex.getRequestURI().getRawQuery(), headers, body, ex.getRemoteAddress().getAddress().getHostAddress(),
                    match.get().pathParameters());
            SamTemplate.Function fn = match.get().function();
            APIGatewayV2HTTPResponse response = call(fn, event);
            Map<String, String> out = new LinkedHashMap<>(response.getHeaders() == null ? Map.of() : response.getHeaders());
            String origin = ex.getRequestHeaders().getFirst("Origin");
            if (origin != null && apiOrigins.contains(origin)) {
                out.putIfAbsent("access-control-allow-origin", origin);
            }
            byte[] payload = response.getBody() == null ? new byte[0]
                    : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                    : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getCookies() != null) {
                response.getCookies().forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
            }
            send(ex, response.getStatusCode(), out, payload);
        } catch (RuntimeException e) {
            // A function that throws is a 500 in API Gateway too; show the cause locally.
            e.printStackTrace();
            send(ex, 500, Map.of("content-type", "application/json"),
                    "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Pages of the local runner itself (never deployed): the outbox, stream failures, the daily schedule. */
    private void local(HttpExchange ex, String method, String path) throws IOException {
        try {
            switch (method + " " + path) {
                case "GET /_local/outbox" -> send(ex, 200, Map.of("content-type", "text/html; charset=utf-8"),
                        outbox.page().getBytes(StandardCharsets.UTF_8));
                case "GET /_local/outbox.json" -> send(ex, 200, Map.of("content-type", "application/json"),
                        io.leadcapture.runtime.Json.write(outbox.mails()).getBytes(StandardCharsets.UTF_8));
                case "GET /_local/failed-records" -> send(ex, 200, Map.of("content-type", "application/json"),
                        io.leadcapture.runtime.Json.write(streams.failedRecords().stream().map(Object::toString).toList())
                                .getBytes(StandardCharsets.UTF_8));
                case "GET /_local/report" -> funnelReport(ex);
                // ?now=<ISO time>: the schedule's event time, which the follow-up check takes as "now"
                case "POST /_local/schedule" -> {
                    java.time.Instant now;
                    try {
                        now = scheduleTime(ex.getRequestURI().getRawQuery());
                    } catch (java.time.format.DateTimeParseException e) {
                        send(ex, 400, Map.of("content-type", "application/json"),
                                "{\"message\":\"now must be an ISO-8601 time, e.g. 2026-12-07T10:00:00Z\"}"
                                        .getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    send(ex, 200, Map.of("content-type", "application/json"),
                            io.leadcapture.runtime.Json.write(runSchedules(now)).getBytes(StandardCharsets.UTF_8));
                }
                // An SES notification (bounce, complaint) as SES publishes it to the configuration set's topic.
                case "POST /_local/ses-feedback" -> {
                    byte[] message = ex.getRequestBody().readNBytes(SNS_MAX_MESSAGE + 1);
                    if (message.length == 0 || message.length > SNS_MAX_MESSAGE) {
                        send(ex, 400, Map.of("content-type", "application/json"),
                                "{\"message\":\"Post the SES notification JSON (at most 256 KB).\"}".getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(ex, 200, Map.of("content-type", "application/json"), io.leadcapture.runtime.Json.write(
                                deliverSesFeedback(new String(message, StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
                    }
                }
                // Bot-check siteverify as Cloudflare's Turnstile test secrets answer it (CAPTCHA_VERIFY_URL of make run).
                case "POST " + SITEVERIFY_PATH -> send(ex, 200, Map.of("content-type", "application/json"),
                        SiteverifyStandIn.answer(ex.getRequestHeaders().getFirst("content-type"),
                                ex.getRequestBody().readNBytes(64 * 1024)).getBytes(StandardCharsets.UTF_8));
                default -> {
                    var standIn = method.equals("GET") ? PlatformStandIns.answer(path) : java.util.Optional.<String>empty();
                    if (standIn.isPresent()) {
                        send(ex, 200, Map.of("content-type", "application/json"), standIn.get().getBytes(StandardCharsets.UTF_8));
                    } else {
                        send(ex, 404, Map.of("content-type", "application/json"),
                                "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 503, Map.of(), new byte[0]);
        }
    }

    /**
     * The funnel report as a page: the template's {@code GET /reports/funnel} function answers the
     * same query, the page draws its answer (a refusal keeps its status).
     */
    private void funnelReport(HttpExchange ex) throws IOException {
        String query = ex.getRequestURI().getRawQuery();
        var match = routes.match("GET", "/reports/funnel")
                .orElseThrow(() -> new IllegalStateException("template.yaml has no GET /reports/funnel"));
        APIGatewayV2HTTPEvent event = HttpApiEvents.event(match.routeKey(), "GET", "/reports/funnel", query, Map.of(),
                new byte[0], "127.0.0.1", match.pathParameters());
        SamTemplate.Function fn = match.function();
        APIGatewayV2HTTPResponse answer = call(fn, event);
        JsonNode body = io.leadcapture.runtime.Json.MAPPER.readTree(answer.getBody());
        Map<String, String> asked = query == null ? Map.of() : HttpApiEvents.queryParameters(query);
        boolean ok = answer.getStatusCode() == 200;
        String page = FunnelPage.render(answer.getStatusCode(), body,
                ok ? body.path("from").asText() : asked.getOrDefault("from", ""),
                ok ? body.path("to").asText() : asked.getOrDefault("to", ""),
                ok ? body.path("by").asText() : asked.getOrDefault("by", "source"));
        send(ex, answer.getStatusCode(), Map.of("content-type", "text/html; charset=utf-8"),
                page.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs every function with a Schedule event once now, as EventBridge would at its time. */
    Map<String, Object> runSchedules() {
        return runSchedules(java.time.Instant.now());
    }

    /** {@code now=} of a query string (ISO-8601, with offset or Z), else the current time. */
    static java.time.Instant scheduleTime(String rawQuery) {
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.startsWith("now=")) {
                    String value = java.net.URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
                    return java.time.OffsetDateTime.parse(value).toInstant();
                }
            }
        }
        return java.time.Instant.now();
    }

    /**
     * Runs every function with a Schedule event once, with {@code now} as the event's time (the time
     * EventBridge scheduled it for); the follow-up check and the nurture sender read the time from there.
     */
    Map<String, Object> runSchedules(java.time.Instant now) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode props = r.getValue().path("Properties");
            boolean scheduled = false;
            for (JsonNode event : props.path("Events")) {
                scheduled |= "Schedule".equals(event.path("Type").asText());
            }
            if (!scheduled) {
                continue;
            }
            String handler = props.path("Handler").asText();
            try {
                @SuppressWarnings("unchecked")
                RequestHandler<ScheduledEvent, Object> fn = (RequestHandler<ScheduledEvent, Object>)
                        Class.forName(handler.substring(0, handler.indexOf("::"))).getDeclaredConstructor().newInstance();
                ScheduledEvent event = new ScheduledEvent();
                event.setSource("aws.events");
                event.setDetailType("Scheduled Event");
                event.setTime(new org.joda.time.DateTime(now.toEpochMilli()));
                results.put(r.getKey(), fn.handleRequest(event, new LocalContext(r.getKey(), 900)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + handler, e);
            }
        }
        return results;
    }

    /**
     * Publishes an SES notification to the topic the template's SES event destination names: every
     * function subscribed to that topic (an {@code SNS} event) gets it wrapped in the SNS event Lambda
     * receives, built through the handler's no-arg constructor.
     *
     * @return per function, the topic and the SNS message id it was handed
     */
    Map<String, Object> deliverSesFeedback(String message) {
        List<String> topics = new ArrayList<>();
        Map<String, Object> delivered = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = template.resources().fields(); it.hasNext(); ) {
            JsonNode r = it.next().getValue();
            if ("AWS::SES::ConfigurationSetEventDestination".equals(r.path("Type").asText())) {
                topics.add(r.path("Properties").path("EventDestination").path("SnsDestination").path("TopicARN").asText());
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = template.resources().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode props = r.getValue().path("Properties");
            for (JsonNode event : props.path("Events")) {
                String topic = event.path("Properties").path("Topic").asText();
                if (!"SNS".equals(event.path("Type").asText()) || !topics.contains(topic)) {
                    continue;
                }
                SNSEvent sns = SnsEvents.notification(SnsEvents.topicArn(topic), message, java.time.Instant.now());
                snsHandlers.computeIfAbsent(r.getKey(), id -> snsHandler(props.path("Handler").asText()))
                        .handleRequest(sns, new LocalContext(r.getKey(), props.path("Timeout").asInt(10)));
                delivered.put(r.getKey(), Map.of("topic", topic,
                        "snsMessageId", sns.getRecords().get(0).getSNS().getMessageId()));
            }
        }
        return Map.of("delivered", delivered);
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<SNSEvent, Object> snsHandler(String handler) {
        try {
            return (RequestHandler<SNSEvent, Object>)
                    Class.forName(handler.substring(0, handler.indexOf("::"))).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + handler, e);
        }
    }

    /**
     * CORS preflight, as the HTTP API's CorsConfiguration answers it in AWS; for form routes the
     * allowed origins are the form's own (forms.yaml), so a foreign origin gets no grant.
     */
    private void preflight(HttpExchange ex, String path) throws IOException {
        String origin = ex.getRequestHeaders().getFirst("Origin");
        Map<String, String> h = new LinkedHashMap<>();
        if (origin != null && routes.hasPath(path) && allowedOrigins(path).contains(origin)) {
            JsonNode cors = template.root().path("Globals").path("HttpApi").path("CorsConfiguration");
            h.put("access-control-allow-origin", origin);
            h.put("access-control-allow-methods", join(cors.path("AllowMethods")));
            h.put("access-control-allow-headers", join(cors.path("AllowHeaders")));
            h.put("access-control-max-age", cors.path("MaxAge").asText("600"));
            h.put("vary", "Origin");
        }
        send(ex, 204, h, new byte[0]);
    }

    private List<String> allowedOrigins(String path) {
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[1].equals("forms")) {
            return forms.find(parts[2]).map(FormDefinition::allowedOrigins).orElse(List.of());
        }
        return apiOrigins;
    }

    /**
     * Calls an API function as Lambda does: a stream handler (every API function) gets the event as
     * JSON and answers JSON, so the run goes through the same reading and writing as in AWS.
     */
    private APIGatewayV2HTTPResponse call(SamTemplate.Function fn, APIGatewayV2HTTPEvent event) throws IOException {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = handler(fn);
        LocalContext context = new LocalContext(fn.logicalId(), 10);
        if (handler instanceof RequestStreamHandler stream) {
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            stream.handleRequest(new ByteArrayInputStream(PAYLOADS.writeValueAsBytes(event)), answer, context);
            return PAYLOADS.readValue(answer.toByteArray(), APIGatewayV2HTTPResponse.class);
        }
        return handler.handleRequest(event, context);
    }

    /** Lambda's payloads as JSON (events bound by their getters, as the events library names the fields). */
    private static final ObjectMapper PAYLOADS = new ObjectMapper();

    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler(SamTemplate.Function fn) {
        return handlers.computeIfAbsent(fn.logicalId(), id -> instantiate(fn));
    }

    @SuppressWarnings("unchecked")
    static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> instantiate(SamTemplate.Function fn) {
        try {
            return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                    Class.forName(fn.handlerClass()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build handler " + fn.handler() + " of " + fn.logicalId(), e);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(API_GATEWAY_MAX_BODY + 1);
        return body.length > API_GATEWAY_MAX_BODY ? null : body;
    }

    private static void send(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static String join(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    /** Globals.HttpApi.CorsConfiguration.AllowOrigins, resolving a !Ref to its parameter default. */
    static List<String> corsOrigins(SamTemplate template) {
        JsonNode allow = template.root().path("Globals").path("HttpApi").path("CorsConfiguration").path("AllowOrigins");
        List<String> out = new ArrayList<>();
        if (allow.isArray()) {
            allow.forEach(n -> out.add(n.asText()));
        } else if (allow.isTextual()) {
            JsonNode param = template.root().path("Parameters").path(allow.asText());
            String value = param.isMissingNode() ? allow.asText() : param.path("Default").asText("");
            for (String o : value.split(",")) {
                if (!o.isBlank()) {
                    out.add(o.strip());
                }
            }
        }
        return out;
    }

    void printBanner(String endpoint, int port, int landingPort) {
        Map<String, String> env = new HashMap<>(System.getenv());
        System.out.println();
        System.out.println("Lead capture is running locally (emulator: " + endpoint + ", table: "
                + env.getOrDefault("TABLE_NAME", "leads-local") + ")");
        System.out.println("API on http://127.0.0.1:" + port + " with the routes of template.yaml:");
        routes.describe().forEach(r -> System.out.println("  " + r));
        System.out.println("Sample landing page with the forms: http://localhost:" + landingPort + "/");
        String verifyUrl = env.getOrDefault("CAPTCHA_VERIFY_URL", "");
        System.out.println("Bot check (sweepstake form) verified at " + (verifyUrl.isBlank()
                ? "the provider's own siteverify endpoint" : verifyUrl));
        System.out.println("Mails sent (local outbox): http://127.0.0.1:" + port + "/_local/outbox");
        System.out.println("Funnel report (GET /reports/funnel as a page): http://127.0.0.1:" + port + "/_local/report");
        System.out.println("Run the daily rescoring, retention and the follow-up check now: curl -X POST http://127.0.0.1:" + port
                + "/_local/schedule (add ?now=2026-12-07T10:00:00Z to move the follow-up check's and the nurture sender's clock)");
        System.out.println("Deliver an SES bounce or complaint: curl -X POST http://127.0.0.1:" + port
                + "/_local/ses-feedback -d @notification.json");
        System.out.println();
        System.out.println("Try:");
        System.out.println("  curl -i -X POST http://127.0.0.1:" + port + "/forms/demo -H 'content-type: application/json' \\");
        System.out.println("       -d '{\"email\":\"jana.weiss@example-gmbh.de\",\"company\":\"Example GmbH\",\"first_name\":\"Jana\"}'");
        System.out.println("  curl -s 'http://127.0.0.1:" + port + "/leads?email=jana.weiss@example-gmbh.de'");
        System.out.println("Stop with Ctrl-C.");
    }

    static Path repoRoot() {
        return RepoLayout.root();
    }
}

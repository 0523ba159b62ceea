package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.forms.FormCaptureHandler;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.local.streams.LocalStreams;
import io.leadcapture.local.streams.StreamPoller;
import io.leadcapture.notifications.MailSender;
import io.leadcapture.notifications.NotificationHandler;
import io.leadcapture.read.LeadReadHandler;
import io.leadcapture.reports.FunnelHandler;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.scoring.LeadRescorer;
import io.leadcapture.scoring.ScoringHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * What one typical inbound lead journey costs, per function: newsletter signup (double opt-in),
 * consent confirmed, webinar registration, demo request (MQL, hot, sales mail), then sales reading
 * the lead once. Every function has its own metered DynamoDB client ({@link CapacityMeter}); the
 * stream functions run through the local event source mappings with the template's filters.
 * Prints requests, read and write units (table and indexes), invocations and in-process time per
 * function, and the SES sends. One journey runs first as a warm-up and is not counted, so the
 * handler times are those of warm functions. With {@code single}, each journey is one contact form
 * post of a new person instead (no consent, no read).
 * Usage: JourneyCapacity EMULATOR_URL [JOURNEYS] [single]
 */
public final class JourneyCapacity {
    private JourneyCapacity() {
    }

    /** One function's share: its meter, invocations and time spent in its handler. */
    static final class Share {
        final CapacityMeter meter = new CapacityMeter();
        final AtomicLong invocations = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        DynamoDbClient ddb;

        void reset() {
            meter.reset();
            invocations.set(0);
            nanos.set(0);
        }

        <T> T timed(java.util.function.Supplier<T> call) {
            long start = System.nanoTime();
            try {
                return call.get();
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
                invocations.incrementAndGet();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        int journeys = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean single = args.length > 2 && args[2].equals("single");
        String sender = "leads@example.com";
        SesV2Client ses = SesV2Client.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try {
            ses.createEmailIdentity(r -> r.emailIdentity(sender));
        } catch (AlreadyExistsException ignored) {
            // verified by an earlier run
        }
        DynamoDbClient plain = LocalAws.dynamoDb(endpoint);
        String table = LocalAws.freshLeadsTable(plain);
        List<CapacityMeter.Index> indexes = new ArrayList<>();
        for (GlobalSecondaryIndexDescription gsi : plain.describeTable(r -> r.tableName(table)).table().globalSecondaryIndexes()) {
            String hash = gsi.keySchema().stream().filter(k -> k.keyType() == KeyType.HASH).findFirst().orElseThrow().attributeName();
            String range = gsi.keySchema().stream().filter(k -> k.keyType() == KeyType.RANGE).map(k -> k.attributeName())
                    .findFirst().orElse(null);
            indexes.add(new CapacityMeter.Index(gsi.indexName(), hash, range));
        }
        Map<String, Share> shares = new LinkedHashMap<>();
        for (String f : List.of("FormCaptureFunction", "ConsentConfirmFunction", "WebhookFunction", "ScoringFunction",
                "NotificationFunction", "FunnelFunction", "LeadReadFunction")) {
            Share share = new Share();
            share.meter.on(plain, table, indexes);
            share.ddb = DynamoDbClient.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.addExecutionInterceptor(share.meter)).build();
            shares.put(f, share);
        }
        Clock clock = Clock.systemUTC();
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        ScoringConfig config = ScoringConfig.bundled();
        LeadStore scoringStore = new LeadStore(shares.get("ScoringFunction").ddb, table);
        RequestHandler<DynamodbEvent, StreamsEventResponse> scoring = new ScoringHandler(new LeadRescorer(
                scoringStore.reads(), scoringStore.scores(), new LeadScorer(config, freeMail), new StageRules(config), clock));
        RequestHandler<DynamodbEvent, StreamsEventResponse> notifications = new NotificationHandler(
                new LeadStore(shares.get("NotificationFunction").ddb, table), new MailSender(ses, sender),
                FormCatalog.bundled(), new Router(RoutingConfig.bundled()),
                new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse("bench1:bench-consent-secret-0123456789abcdef", "bench key"))),
                "http://127.0.0.1:3000", Duration.ofHours(72), Duration.ofHours(24), Duration.ofHours(24), clock);
        RequestHandler<DynamodbEvent, StreamsEventResponse> funnel = new FunnelHandler(
                new LeadStore(shares.get("FunnelFunction").ddb, table).funnel(), clock);
        Map<String, RequestHandler<DynamodbEvent, StreamsEventResponse>> streamHandlers = Map.of(
                "ScoringFunction", scoring, "NotificationFunction", notifications, "FunnelFunction", funnel);
        FormCaptureHandler forms = new FormCaptureHandler(FormCatalog.bundled(),
                UseCases.captureLead(new LeadStore(shares.get("FormCaptureFunction").ddb, table), freeMail, clock),
                new IpHasher("bench1:bench-salt-0123456789"));
        var webhookCapture = UseCases.captureLead(new LeadStore(shares.get("WebhookFunction").ddb, table), freeMail, clock);
        LeadStore consentStore = new LeadStore(shares.get("ConsentConfirmFunction").ddb, table);
        LeadReadHandler reads = new LeadReadHandler(new LeadStore(shares.get("LeadReadFunction").ddb, table), "DE");

        try (LocalStreams streams = LocalStreams.fromTemplate(SamTemplate.bundled(), endpoint, id -> table, e -> {
            Share share = shares.get(e.functionLogicalId());
            RequestHandler<DynamodbEvent, StreamsEventResponse> h = streamHandlers.get(e.functionLogicalId());
            return (event, context) -> share.timed(() -> h.handleRequest(event, context));
        }).start()) {
            LeadStore lookup = new LeadStore(plain, table);
            Journey journey = single ? () -> {
                post(shares.get("FormCaptureFunction"), forms, "contact", "{\"email\":\"single."
                        + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de\",\"first_name\":\"Jonas\","
                        + "\"company\":\"Beispiel Werke GmbH\",\"message\":\"Bitte um Rückruf\"}");
                JourneyInvocations.settle(streams);
            } : () -> journey(shares, streams, forms, webhookCapture, consentStore, reads, lookup);
            journey.run(); // warm-up
            Map<String, Long> warmUpCalls = new LinkedHashMap<>();
            streams.pollers().forEach(p -> warmUpCalls.put(p.source().id(), p.invocations()));
            shares.values().forEach(Share::reset);
            int mailsBefore = mails(endpoint);
            for (int j = 0; j < journeys; j++) {
                journey.run();
            }
            print(shares, streams.pollers(), warmUpCalls, journeys, mails(endpoint) - mailsBefore);
        }
    }

    /** One journey of the run. */
    @FunctionalInterface
    interface Journey {
        void run() throws Exception;
    }

    static void journey(Map<String, Share> shares, LocalStreams streams, FormCaptureHandler forms,
                        CaptureLead webhookCapture, LeadStore consentStore, LeadReadHandler reads,
                        LeadStore lookup) throws Exception {
        String email = "journey." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
        post(shares.get("FormCaptureFunction"), forms, "newsletter",
                "{\"email\":\"" + email + "\",\"first_name\":\"Jana\",\"consent\":true}");
        JourneyInvocations.settle(streams);
        String leadId = lookup.reads().findLeadIdByEmail(email).orElseThrow();
        shares.get("ConsentConfirmFunction").timed(() -> consentStore.consents().confirmConsent(leadId, "n/a", Instant.now()));
        JourneyInvocations.settle(streams);
        FormDefinition webinar = CaptureCommand.platformChannel("zoom", InteractionType.WEBINAR_REGISTRATION, "DE");
        shares.get("WebhookFunction").timed(() -> webhookCapture.capture(new CaptureCommand(webinar,
                new FormFields().add("email", email).add("company", "Beispiel Werke GmbH")
                        .add("job_title", "Leiterin Einkauf"),
                Instant.now(), null, null, Map.of(), false, null, true, false)));
        JourneyInvocations.settle(streams);
        post(shares.get("FormCaptureFunction"), forms, "demo", "{\"email\":\"" + email
                + "\",\"company\":\"Beispiel Werke GmbH\",\"job_title\":\"Geschäftsführerin\","
                + "\"company_size\":\"51-250\",\"budget_responsibility\":true,\"country\":\"DE\"}");
        JourneyInvocations.settle(streams);
        Share read = shares.get("LeadReadFunction");
        read.timed(() -> reads.handleRequest(HttpApiEvents.event("GET /leads/{leadId}", "GET", "/leads/" + leadId, "",
                Map.of(), new byte[0], "10.0.0.1", Map.of("leadId", leadId)), new LocalContext("LeadReadFunction", 10)));
    }

    static void post(Share share, FormCaptureHandler forms, String form, String json) {
        var r = share.timed(() -> forms.handleRequest(HttpApiEvents.event("POST /forms/{formId}", "POST", "/forms/" + form, "",
                Map.of("content-type", List.of("application/json")), json.getBytes(StandardCharsets.UTF_8), "203.0.113.5",
                Map.of("formId", form)), new LocalContext("FormCaptureFunction", 10)));
        if (r.getStatusCode() != 202) {
            throw new IllegalStateException("form " + form + " answered " + r.getStatusCode() + ": " + r.getBody());
        }
    }

    /** Every mail moto's SES holds. */
    static int mails(URI endpoint) throws Exception {
        HttpResponse<String> state = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode messages = Json.MAPPER.readTree(state.body()).path("ses").path("Message");
        return messages.size();
    }

    static void print(Map<String, Share> shares, List<StreamPoller> pollers, Map<String, Long> warmUpCalls, int journeys,
                      int mails) {
        System.out.println("Per journey (mean of " + journeys + "), DynamoDB units computed from item sizes:");
        System.out.println();
        System.out.println("| Function | Invocations | DynamoDB requests | Read units | Write units (table) | Write units (indexes) | ms in handler (moto) | Requests by operation |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        double rcu = 0;
        double wcu = 0;
        double iwcu = 0;
        long invocations = 0;
        for (var e : shares.entrySet()) {
            Share s = e.getValue();
            long calls = pollers.stream().filter(p -> p.source().id().equals(e.getKey()))
                    .mapToLong(p -> p.invocations() - warmUpCalls.getOrDefault(e.getKey(), 0L))
                    .findFirst().orElse(s.invocations.get());
            rcu += s.meter.readUnits;
            wcu += s.meter.writeUnits;
            iwcu += s.meter.indexWriteUnits;
            invocations += calls;
            System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.0f | %s |%n", e.getKey(), (double) calls / journeys,
                    (double) s.meter.requestCount() / journeys, s.meter.readUnits / journeys, s.meter.writeUnits / journeys,
                    s.meter.indexWriteUnits / journeys, s.nanos.get() / 1e6 / journeys, s.meter.requests());
        }
        System.out.printf("| **all** | %.1f | | %.1f | %.1f | %.1f | | |%n", (double) invocations / journeys, rcu / journeys,
                wcu / journeys, iwcu / journeys);
        System.out.println();
        System.out.printf("SES sends per journey: %.1f%n", (double) mails / journeys);
    }
}

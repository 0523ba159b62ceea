package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.forms.FormCaptureHandler;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.local.streams.LocalStreams;
import io.leadcapture.local.streams.StreamPoller;
import io.leadcapture.notifications.MailSender;
import io.leadcapture.notifications.NotificationHandler;
import io.leadcapture.reports.FunnelHandler;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.scoring.LeadRescorer;
import io.leadcapture.scoring.ScoringHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.AlreadyExistsException;

/**
 * Lambda invocations of the stream functions for one typical lead journey — newsletter signup
 * (double opt-in), consent confirmed, webinar registration, demo request — with the template's
 * event filters and with the filters removed, each on a fresh table through the local event source
 * mappings. Usage: JourneyInvocations EMULATOR_URL
 */
public final class JourneyInvocations {
    private JourneyInvocations() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String sender = "leads@example.com";
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            try {
                ses.createEmailIdentity(r -> r.emailIdentity(sender));
            } catch (AlreadyExistsException ignored) {
                // verified by an earlier run
            }
        }
        SamTemplate withFilters = SamTemplate.bundled();
        SamTemplate withoutFilters = stripFilters();
        System.out.println("| Event filters | Function | Invocations | Records read | Records filtered out |");
        System.out.println("|---|---|---|---|---|");
        for (var run : List.of(Map.entry("template's FilterCriteria", withFilters), Map.entry("none", withoutFilters))) {
            for (StreamPoller p : journey(endpoint, sender, run.getValue())) {
                System.out.println("| " + run.getKey() + " | " + p.source().id() + " | " + p.invocations() + " | "
                        + p.recordsRead() + " | " + p.recordsFiltered() + " |");
            }
        }
    }

    static List<StreamPoller> journey(URI endpoint, String sender, SamTemplate template) throws Exception {
        DynamoDbClient ddb = LocalAws.dynamoDb(endpoint);
        String table = LocalAws.freshLeadsTable(ddb);
        Clock clock = Clock.systemUTC();
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        LeadStore store = new LeadStore(ddb, table);
        CaptureLead capture = UseCases.captureLead(store, freeMail, clock);
        ScoringConfig config = ScoringConfig.bundled();
        SesV2Client ses = SesV2Client.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        RequestHandler<DynamodbEvent, StreamsEventResponse> scoring = new ScoringHandler(
                new LeadRescorer(store.reads(), store.scores(), new LeadScorer(config, freeMail), new StageRules(config), clock));
        RequestHandler<DynamodbEvent, StreamsEventResponse> notifications = new NotificationHandler(store,
                new MailSender(ses, sender), FormCatalog.bundled(), new Router(RoutingConfig.bundled()),
                new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse("bench1:bench-consent-secret-0123456789abcdef", "bench key"))),
                "http://127.0.0.1:3000", Duration.ofHours(72), Duration.ofHours(24), Duration.ofHours(24), clock);
        Map<String, RequestHandler<DynamodbEvent, StreamsEventResponse>> handlers = Map.of("ScoringFunction", scoring,
                "NotificationFunction", notifications, "FunnelFunction", new FunnelHandler(store.funnel(), clock));
        try (LocalStreams streams = LocalStreams.fromTemplate(template, endpoint, id -> table,
                e -> handlers.get(e.functionLogicalId())).start()) {
            FormCaptureHandler forms = new FormCaptureHandler(FormCatalog.bundled(), capture,
                    new IpHasher("bench1:bench-salt-0123456789"));
            String email = "journey." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
            post(forms, "newsletter", "{\"email\":\"" + email + "\",\"first_name\":\"Jana\",\"consent\":true}");
            settle(streams);
            String leadId = store.reads().findLeadIdByEmail(email).orElseThrow(); // the form's answer does not name it
            store.consents().confirmConsent(leadId, "n/a", Instant.now());
            settle(streams);
            FormDefinition webinar = CaptureCommand.platformChannel("zoom", InteractionType.WEBINAR_REGISTRATION, "DE");
            capture.capture(new CaptureCommand(webinar,
                    new FormFields().add("email", email).add("company", "Beispiel Werke GmbH").add("job_title", "Leiterin Einkauf"),
                    Instant.now(), null, null, Map.of(), false, null, true, false));
            settle(streams);
            post(forms, "demo", "{\"email\":\"" + email + "\",\"company\":\"Beispiel Werke GmbH\",\"job_title\":\"Geschäftsführerin\","
                    + "\"company_size\":\"51-250\",\"budget_responsibility\":true,\"country\":\"DE\"}");
            settle(streams);
            return streams.pollers();
        }
    }

    static void post(FormCaptureHandler forms, String form, String json) {
        var r = forms.handleRequest(HttpApiEvents.event("POST /forms/{formId}", "POST", "/forms/" + form, "",
                Map.of("content-type", List.of("application/json")), json.getBytes(StandardCharsets.UTF_8), "203.0.113.5",
                Map.of("formId", form)), new LocalContext("FormCaptureFunction", 10));
        if (r.getStatusCode() != 202) {
            throw new IllegalStateException("form " + form + " answered " + r.getStatusCode() + ": " + r.getBody());
        }
    }

    /** Until every mapping caught up twice in a row, so writes made by the functions are delivered too. */
    static void settle(LocalStreams streams) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            if (!streams.awaitCaughtUp(Duration.ofSeconds(30))) {
                throw new IllegalStateException("streams did not catch up");
            }
            Thread.sleep(1500);
        }
    }

    /** The same template without any FilterCriteria. */
    static SamTemplate stripFilters() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode root = yaml.readTree(RepoLayout.template().toFile());
        for (JsonNode resource : root.path("Resources")) {
            for (JsonNode event : resource.path("Properties").path("Events")) {
                if ("DynamoDB".equals(event.path("Type").asText())) {
                    ((ObjectNode) event.path("Properties")).remove("FilterCriteria");
                }
            }
        }
        Path file = Files.createTempFile("template-no-filters", ".yaml");
        yaml.writeValue(file.toFile(), root);
        return SamTemplate.load(file);
    }
}

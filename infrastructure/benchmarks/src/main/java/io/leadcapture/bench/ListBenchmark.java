package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.read.LeadListExportHandler;
import io.leadcapture.read.LeadReadHandler;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadFilter;
import io.leadcapture.runtime.store.LeadLists;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Lead lists and the list export over N leads in the emulator (docs/benchmarks.md#lead-lists-and-export):
 * lead profiles as the capture and scoring paths write them (see {@link #load}), then list pages and a
 * whole CSV export timed through the handlers, and the read units of a page, as DynamoDB reports
 * them or, where the emulator reports none, computed from the items' sizes.
 * Usage: ListBenchmark EMULATOR_URL [LEADS]
 */
public final class ListBenchmark {
    private static final String[] SOURCES = {"google", "linkedin", "newsletter", "meta", "bing"};
    private static final int TEMPLATES = 50;

    private ListBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (DynamoDbClient ddb = LocalAws.dynamoDb(URI.create(args[0]))) {
            String table = "bench-lists-" + Long.toHexString(System.nanoTime());
            LocalTables.create(ddb, SamTemplate.bundled().tables().stream()
                    .filter(t -> t.logicalId().equals("LeadsTable")).findFirst().orElseThrow(), table);
            LeadStore store = new LeadStore(ddb, table);
            long t0 = System.nanoTime();
            load(store, ddb, table, count);
            System.out.printf("loaded %d leads (50 captured and scored, cloned to the rest) in %.0f s%n", count, (System.nanoTime() - t0) / 1e9);

            LeadReadHandler list = new LeadReadHandler(store, "DE");
            LeadListExportHandler export = new LeadListExportHandler(store.lists(), 2_500_000);
            for (int i = 0; i < 20; i++) {
                call(list, "GET /leads", "/leads", "limit=50");
            }
            System.out.println("| Request | pages | median ms per page | total ms | leads |");
            System.out.println("|---|---|---|---|---|");
            repeat(list, "first page, default order, limit=50 (30 times)", "limit=50", 30);
            walk(list, "GET /leads", "/leads", "every page, default order, limit=50", "limit=50");
            walk(list, "GET /leads", "/leads", "every page, default order, limit=200", "limit=200");
            walk(list, "GET /leads", "/leads", "stage=MQL&temperature=hot, limit=50", "stage=MQL&temperature=hot&limit=50");
            walk(list, "GET /leads", "/leads", "source=google&temperature=cold, limit=50",
                    "source=google&temperature=cold&limit=50");
            walk(list, "GET /leads", "/leads", "from/to one day (filter on the attention index), limit=50",
                    "from=2026-11-03&to=2026-11-03&limit=50");
            walk(export, "GET /leads/export.csv", "/leads/export.csv", "export.csv, all leads", "");
            walk(export, "GET /leads/export.csv", "/leads/export.csv", "export.csv?format=json, all leads", "format=json");
            walk(export, "GET /leads/export.csv", "/leads/export.csv", "export.csv?source=google", "source=google");

            System.out.println();
            System.out.println("| Page | queries | items read | read units reported | item bytes read | read units from sizes |");
            System.out.println("|---|---|---|---|---|---|");
            units(store, ddb, table, "default order, limit=50, first page", LeadFilter.NONE, 50, "hot");
            units(store, ddb, table, "default order, limit=200, first page", LeadFilter.NONE, 200, "hot");
            units(store, ddb, table, "temperature=cold, limit=50", new LeadFilter(null, Temperature.COLD, null, null,
                    null, null), 50, "cold");
        }
    }

    /**
     * 50 leads captured through the capture use case and scored through the store, one a day; then
     * their profile items cloned to {@code count} leads with BatchWriteItem (new id, email and the id
     * in {@code listSk}). moto copies the whole table for every transaction, so capturing 10,000 leads
     * one by one through the real path would take hours there; the lists read only profiles, which
     * are the real path's items.
     */
    private static void load(LeadStore store, DynamoDbClient ddb, String table, int count) {
        Instant base = Instant.parse("2026-11-01T08:00:00Z");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < TEMPLATES; i++) {
            Instant at = base.plus(Duration.ofDays(i)).plus(Duration.ofMinutes(7L * i));
            CaptureLead capture = UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(at, ZoneOffset.UTC));
            FormFields fields = new FormFields();
            fields.add("email", "lead" + i + "@firma-" + i + ".de");
            fields.add("first_name", "Jörg");
            fields.add("last_name", "Weiß");
            fields.add("company", "Müller & Söhne GmbH " + i);
            fields.add("job_title", "Geschäftsführer");
            fields.add("phone", "+49 30 " + (1_000_000 + i));
            fields.add("city", "Köln");
            fields.add("utm_source", SOURCES[i % SOURCES.length]);
            fields.add("utm_campaign", "herbst-" + (i % 4));
            String id = capture.capture(new CaptureCommand(CaptureCommand.platformChannel("web_form",
                    InteractionType.CONTACT_FORM, "DE"), fields, at, null, null, Map.of(), false, null, false,
                    false)).leadId();
            Temperature t = i % 10 < 2 ? Temperature.HOT : i % 10 < 5 ? Temperature.WARM : Temperature.COLD;
            Lead read = store.reads().findLead(id).orElseThrow();
            int points = t == Temperature.HOT ? 90 : t == Temperature.WARM ? 50 : 10;
            store.scores().writeScore(read, new LeadScore(points, points / 2, points / 2, t, List.of(), at),
                    t == Temperature.HOT ? Stage.MQL : Stage.LEAD);
            ids.add(id);
        }
        List<Map<String, AttributeValue>> templates = ids.stream().map(id -> ddb.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + id), "sk", AttributeValue.fromS("PROFILE")))).item())
                .toList();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = TEMPLATES; i < count; i++) {
            Map<String, AttributeValue> t = templates.get(i % TEMPLATES);
            String id = UUID.randomUUID().toString();
            Map<String, AttributeValue> item = new HashMap<>(t);
            item.put("pk", AttributeValue.fromS("LEAD#" + id));
            item.put("leadId", AttributeValue.fromS(id));
            item.put("email", AttributeValue.fromS("lead" + i + "@firma-" + (i % 97) + ".de"));
            String sk = t.get("listSk").s();
            item.put("listSk", AttributeValue.fromS(sk.substring(0, sk.lastIndexOf('#') + 1) + id));
            batch.add(WriteRequest.builder().putRequest(p -> p.item(item)).build());
            if (batch.size() == 25 || i == count - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(table, List.copyOf(batch));
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> request = pending;
                    Map<String, List<WriteRequest>> left = ddb.batchWriteItem(r -> r.requestItems(request))
                            .unprocessedItems();
                    pending = left == null ? Map.of() : left;
                }
                batch.clear();
            }
        }
    }

    private static APIGatewayV2HTTPResponse call(com.amazonaws.services.lambda.runtime.RequestHandler<
            com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> h,
            String route, String path, String query) {
        APIGatewayV2HTTPResponse r = h.handleRequest(HttpApiEvents.event(route, "GET", path, query, Map.of(), null,
                "10.0.0.1", Map.of()), new LocalContext("bench", 29));
        if (r.getStatusCode() != 200) {
            throw new IllegalStateException(path + "?" + query + ": " + r.getStatusCode() + " " + r.getBody());
        }
        return r;
    }

    private static void repeat(LeadReadHandler list, String label, String query, int times) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long t = System.nanoTime();
            call(list, "GET /leads", "/leads", query);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        System.out.printf("| %s | 1 | %.1f | – | 50 |%n", label, median(ms));
    }

    private static void walk(com.amazonaws.services.lambda.runtime.RequestHandler<
            com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> h,
            String route, String path, String label, String query) throws Exception {
        List<Double> ms = new ArrayList<>();
        String cursor = null;
        long leads = 0;
        long bytes = 0;
        long start = System.nanoTime();
        do {
            String q = query + (cursor == null ? "" : (query.isEmpty() ? "" : "&") + "cursor=" + cursor);
            long t = System.nanoTime();
            APIGatewayV2HTTPResponse r = call(h, route, path, q);
            ms.add((System.nanoTime() - t) / 1e6);
            bytes += r.getBody().getBytes(StandardCharsets.UTF_8).length;
            if (path.endsWith(".csv") && !query.contains("json")) {
                leads += r.getBody().chars().filter(c -> c == '\n').count() - (cursor == null ? 1 : 0);
                cursor = r.getHeaders().get("x-next-cursor");
            } else {
                var body = io.leadcapture.runtime.Json.MAPPER.readTree(r.getBody());
                leads += body.path("items").size();
                cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asText();
            }
        } while (cursor != null);
        System.out.printf("| %s | %d | %.1f | %.0f | %d%s |%n", label, ms.size(), median(ms),
                (System.nanoTime() - start) / 1e6, leads, path.endsWith(".csv") ? String.format(" (%.1f MB)", bytes / 1e6) : "");
    }

    /** Read units of a page: reported by the store's queries, and computed from the sizes of the items a query reads. */
    private static void units(LeadStore store, DynamoDbClient ddb, String table, String label, LeadFilter filter,
                              int limit, String partition) {
        LeadLists.Page page = store.lists().list(filter, null, limit, 10);
        QueryResponse raw = ddb.query(q -> q.tableName(table).indexName("byAttention")
                .keyConditionExpression("listTemperature = :t").expressionAttributeValues(Map.of(":t",
                        AttributeValue.fromS(partition))).limit(limit));
        long bytes = raw.items().stream().mapToLong(CapacityMeter::size).sum();
        // a query's read units: the items read summed, rounded up to 4 KB, half for an eventually consistent read
        double computed = Math.ceil(bytes / 4096.0) * 0.5;
        System.out.printf("| %s | %d | %d | %s | %d (%.0f per item) | %.1f |%n", label, page.requests(), page.evaluated(),
                page.readUnits() == null ? "none" : String.format("%.1f", page.readUnits()), bytes,
                (double) bytes / Math.max(1, raw.items().size()), computed);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}

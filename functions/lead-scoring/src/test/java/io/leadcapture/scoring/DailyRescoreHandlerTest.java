package io.leadcapture.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.scoring.DecaySchedule;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The daily decay against moto: leads due are found through the decay index, run after run within a
 * small time budget, one lead failing every time. {@code decay.leads} leads (system property; 60 by
 * default, 5,000 for the figure in docs/benchmarks.md): one captured and scored through the real
 * paths, the others copies of its profile and interaction with new ids and times shifted minute by
 * minute (BatchWriteItem: capturing thousands through the real path would take far longer).
 */
class DailyRescoreHandlerTest {
    private static final int LEADS = Integer.getInteger("decay.leads", 60);
    private static final int BUDGET_SECONDS = Integer.getInteger("decay.budgetSeconds", 5);
    /** Each rescore takes at least this long, so the default 60 leads need more than one 5-second run. */
    private static final long RESCORE_MILLIS = Long.getLong("decay.rescoreMillis", 150);
    private static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final ScoringConfig CONFIG = ScoringConfig.bundled();
    private static final LeadScorer SCORER = new LeadScorer(CONFIG, FreeMailDomains.bundled());

    /** Requests by operation, as the SDK sends them. */
    private static final Map<String, AtomicLong> REQUESTS = new ConcurrentHashMap<>();
    private static final DynamoDbClient DDB = DynamoDbClient.builder()
            .endpointOverride(MotoServer.endpoint()).region(LocalAws.REGION)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                @Override
                public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                    REQUESTS.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                            k -> new AtomicLong()).incrementAndGet();
                }
            }))
            .build();

    private final LeadStore store = new LeadStore(DDB, tableWithoutStream());
    private final MovableClock clock = new MovableClock(T0);
    private final LeadRescorer rescorer = new LeadRescorer(store.reads(), store.scores(), SCORER, new StageRules(CONFIG), clock);

    @Test
    void everyDueLeadDecaysAcrossRunsThoughOneLeadAlwaysFails() {
        String template = captureHotLead();
        Map<String, AttributeValue> profile = item(template, "PROFILE");
        Map<String, AttributeValue> interaction = items(template).stream()
                .filter(i -> i.get("sk").s().startsWith("INTERACTION#")).findFirst().orElseThrow();
        Instant due = Instant.parse(profile.get("decayDueAt").s());
        assertThat(profile.get("temperature").s()).isEqualTo("hot");
        assertThat(due).isAfter(T0);

        // the earliest due lead fails every time it is rescored
        String failing = template;
        DailyRescoreHandler daily = new DailyRescoreHandler(store.decay(), leadId -> {
            if (leadId.equals(failing)) {
                throw new IllegalStateException("injected failure for lead " + leadId);
            }
            pause(RESCORE_MILLIS);
            return rescorer.rescore(leadId);
        }, clock, Duration.ZERO);
        // the daily run ran on the day the lead was scored (before the others were copied in: moto reads
        // a whole table for every index query): nothing due yet, the checkpoint is that day
        Map<String, Integer> first = daily.handleRequest(new ScheduledEvent(), new LocalContext("DailyRescoreFunction", 900));
        assertThat(first.get("processed")).isZero();
        assertThat(first.get("remaining")).isZero();

        long started = System.nanoTime();
        List<String> ids = new ArrayList<>(List.of(template));
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 1; i < LEADS; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            Duration shift = Duration.ofMinutes(i);
            writes.add(put(copyProfile(profile, id, shift)));
            writes.add(put(copyInteraction(interaction, id, shift)));
        }
        batchWrite(writes);
        double seedSeconds = (System.nanoTime() - started) / 1e9;
        // a copy is what scoring would have stored for it: its due time is the template's, shifted
        Lead copy = store.reads().findLead(ids.get(LEADS / 2)).orElseThrow();
        assertThat(copy.scoring().decayDueAt()).isEqualTo(new DecaySchedule(SCORER)
                .nextChange(copy, copy.interactions(), copy.scoring().scoredAt()).orElseThrow());

        clock.set(T0.plus(Duration.ofDays(10)));

        REQUESTS.clear();
        List<Map<String, Integer>> runs = new ArrayList<>();
        long runsStarted = System.nanoTime();
        do {
            runs.add(daily.handleRequest(new ScheduledEvent(), new LocalContext("DailyRescoreFunction", BUDGET_SECONDS)));
            System.out.printf("decay run %d: %s%n", runs.size(), runs.getLast());
            assertThat(runs).as("runs until only the failing lead is left").hasSizeLessThan(400);
        } while (runs.getLast().get("remaining") > 1);
        double runSeconds = (System.nanoTime() - runsStarted) / 1e9;

        int processed = runs.stream().mapToInt(r -> r.get("processed")).sum();
        assertThat(runs.size()).as("the budget makes it take several runs").isGreaterThan(1);
        assertThat(processed).as("every due lead rescored once").isEqualTo(LEADS - 1);
        assertThat(runs).allSatisfy(r -> assertThat(r.get("failed")).as("the failing lead, first due, every run").isEqualTo(1));
        assertThat(runs.getLast().get("remaining")).isEqualTo(1);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).get("remaining")).isLessThanOrEqualTo(runs.get(i - 1).get("remaining"));
        }

        // every lead but the failing one decayed as of the moved clock and is due again later
        Instant now = clock.instant();
        Set<String> decayed = new HashSet<>();
        for (Map<String, AttributeValue> p : profiles()) {
            String id = p.get("leadId").s();
            if (id.equals(failing)) {
                assertThat(p.get("temperature").s()).isEqualTo("hot");
                assertThat(Instant.parse(p.get("decayDueAt").s())).as("still due").isBeforeOrEqualTo(now);
                continue;
            }
            // hot when scored; ten days on, the youngest copies (six and a half days old) may still be hot, but lower
            assertThat(Integer.parseInt(p.get("score").n())).as(id).isLessThan(Integer.parseInt(profile.get("score").n()));
            assertThat(Instant.parse(p.get("scoredAt").s())).as(id).isEqualTo(now);
            assertThat(Instant.parse(p.get("decayDueAt").s())).as(id).isAfter(now);
            assertThat(p.get("decayDay").s()).isEqualTo(LocalDate.ofInstant(Instant.parse(p.get("decayDueAt").s()),
                    ZoneOffset.UTC).toString());
            decayed.add(id);
        }
        assertThat(decayed).hasSize(LEADS - 1);

        // a run after the clock moved on finds only what is due again
        Map<String, Integer> next = daily.handleRequest(new ScheduledEvent(), new LocalContext("DailyRescoreFunction", 600));
        assertThat(next.get("failed")).isEqualTo(1);
        assertThat(next.get("processed")).isZero();

        // moto reports no real capacity: the sizes DynamoDB bills by, of what one rescore reads and writes
        Map<String, AttributeValue> rescored = item(ids.get(LEADS / 2), "PROFILE");
        List<Map<String, AttributeValue>> partition = items(ids.get(LEADS / 2));
        System.out.printf("decay item sizes: profile %d bytes, partition of %d items %d bytes (%s)%n", size(rescored),
                partition.size(), partition.stream().mapToLong(DailyRescoreHandlerTest::size).sum(),
                partition.stream().map(i -> i.get("sk").s().replaceAll("#.*", "") + " " + size(i)).toList());
        System.out.printf("decay benchmark: %d leads (seeded in %.1f s), %d runs of at most %d s, %.1f s in all, "
                        + "%d processed, failed per run %d; requests %s%n", LEADS, seedSeconds, runs.size(), BUDGET_SECONDS,
                runSeconds, processed, runs.getFirst().get("failed"), REQUESTS);
    }

    @Test
    void aRescoreThatLeavesTheScoreRestoresAMissingDueTimeAndRemovesItWhenNothingWillChange() {
        String leadId = captureHotLead();
        Instant due = Instant.parse(item(leadId, "PROFILE").get("decayDueAt").s());
        forgetDueTime(leadId);

        assertThat(rescorer.rescore(leadId)).as("same moment, same score").isEqualTo(LeadRescorer.Outcome.UNCHANGED);
        assertThat(item(leadId, "PROFILE").get("decayDueAt").s()).isEqualTo(SORTABLE.format(due));
        assertThat(item(leadId, "PROFILE").get("decayDay").s()).isEqualTo(LocalDate.ofInstant(due, ZoneOffset.UTC).toString());
        assertThat(rescorer.rescore(leadId)).isEqualTo(LeadRescorer.Outcome.UNCHANGED);

        clock.set(T0.plus(Duration.ofDays(3650))); // the demo request has decayed away: only fit is left
        assertThat(rescorer.rescore(leadId)).isEqualTo(LeadRescorer.Outcome.CHANGED);
        assertThat(item(leadId, "PROFILE")).doesNotContainKeys("decayDueAt", "decayDay");
        assertThat(item(leadId, "PROFILE").get("score").n()).isEqualTo("27");
    }

    @Test
    void leadsStoredBeforeDueTimesWereKeptAreBackfilledOnceAndDecay() {
        String legacy = captureHotLead();
        forgetDueTime(legacy);
        DailyRescoreHandler daily = new DailyRescoreHandler(store.decay(), rescorer::rescore, clock, Duration.ZERO);
        clock.set(T0.plus(Duration.ofDays(30)));

        Map<String, Integer> run = daily.handleRequest(new ScheduledEvent(), new LocalContext("DailyRescoreFunction", 900));

        assertThat(run).containsEntry("backfilled", 1).containsEntry("processed", 1).containsEntry("changed", 1)
                .containsEntry("failed", 0).containsEntry("remaining", 0);
        Map<String, AttributeValue> profile = item(legacy, "PROFILE");
        assertThat(profile.get("temperature").s()).isEqualTo("warm");
        assertThat(Instant.parse(profile.get("decayDueAt").s())).isAfter(clock.instant());
        // the backfill is done: a lead without a due time now is one whose score will not change
        forgetDueTime(legacy);
        Map<String, Integer> again = daily.handleRequest(new ScheduledEvent(), new LocalContext("DailyRescoreFunction", 900));
        assertThat(again).containsEntry("backfilled", 0).containsEntry("processed", 0);
    }

    /** The lead as it was stored before due times were kept. */
    private void forgetDueTime(String leadId) {
        DDB.updateItem(r -> r.tableName(store.tableName()).key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId),
                "sk", AttributeValue.fromS("PROFILE"))).updateExpression("REMOVE decayDueAt, decayDay"));
    }

    /**
     * The leads table as the template declares it, without its stream: the decay reads none, and moto
     * copies a table with all its stream records before every transaction, which makes each rescore
     * cost more the more were written before.
     */
    private static String tableWithoutStream() {
        String name = "leads-" + UUID.randomUUID().toString().substring(0, 8);
        SamTemplate.Table leads = SamTemplate.bundled().tables().stream()
                .filter(t -> t.logicalId().equals("LeadsTable")).findFirst().orElseThrow();
        ObjectNode properties = leads.properties().deepCopy();
        properties.remove("StreamSpecification");
        LocalTables.create(DDB, new SamTemplate.Table(leads.logicalId(), properties), name);
        return name;
    }

    /** Jörg, CEO, demo request at T0: hot and an MQL (docs/scoring.md worked example 2), scored through the real path. */
    private String captureHotLead() {
        FormFields fields = new FormFields();
        fields.add("email", "joerg.weiss." + UUID.randomUUID().toString().substring(0, 8) + "@mueller-soehne.de");
        fields.add("company", "Müller & Söhne GmbH");
        fields.add("job_title", "CEO");
        fields.add("company_size", "51-250");
        fields.add("budget_responsibility", "true");
        String leadId = UseCases.captureLead(store, FreeMailDomains.bundled(), clock).capture(new CaptureCommand(
                CaptureCommand.platformChannel("web_form", InteractionType.DEMO_REQUEST, "DE"), fields, T0,
                "hmac-sha256:ab", null, Map.of(), false, null, false, false)).leadId();
        assertThat(rescorer.rescore(leadId)).isEqualTo(LeadRescorer.Outcome.BECAME_MQL);
        return leadId;
    }

    private static Map<String, AttributeValue> copyProfile(Map<String, AttributeValue> template, String id, Duration shift) {
        Map<String, AttributeValue> item = new HashMap<>(template);
        item.put("pk", AttributeValue.fromS("LEAD#" + id));
        item.put("leadId", AttributeValue.fromS(id));
        item.put("email", AttributeValue.fromS("lead." + id + "@mueller-soehne.de"));
        for (String time : List.of("createdAt", "updatedAt", "scoredAt", "mqlAt", "stageChangedAt")) {
            if (template.containsKey(time)) {
                item.put(time, AttributeValue.fromS(Instant.parse(template.get(time).s()).plus(shift).toString()));
            }
        }
        for (String touch : List.of("firstTouch", "lastTouch")) {
            Map<String, AttributeValue> t = new HashMap<>(template.get(touch).m());
            t.put("occurredAt", AttributeValue.fromS(Instant.parse(t.get("occurredAt").s()).plus(shift).toString()));
            t.put("interactionId", AttributeValue.fromS("i-" + id));
            item.put(touch, AttributeValue.fromM(t));
        }
        Instant due = Instant.parse(template.get("decayDueAt").s()).plus(shift);
        item.put("decayDueAt", AttributeValue.fromS(SORTABLE.format(due)));
        item.put("decayDay", AttributeValue.fromS(LocalDate.ofInstant(due, ZoneOffset.UTC).toString()));
        String[] listSk = template.get("listSk").s().split("#");
        Instant touched = Instant.parse(template.get("lastTouch").m().get("occurredAt").s()).plus(shift);
        item.put("listSk", AttributeValue.fromS(listSk[0] + "#" + SORTABLE.format(touched) + "#" + id));
        return item;
    }

    private static Map<String, AttributeValue> copyInteraction(Map<String, AttributeValue> template, String id, Duration shift) {
        Map<String, AttributeValue> item = new HashMap<>(template);
        Instant at = Instant.parse(template.get("occurredAt").s()).plus(shift);
        item.put("pk", AttributeValue.fromS("LEAD#" + id));
        item.put("sk", AttributeValue.fromS("INTERACTION#" + SORTABLE.format(at) + "#i-" + id));
        item.put("leadId", AttributeValue.fromS(id));
        item.put("interactionId", AttributeValue.fromS("i-" + id));
        item.put("occurredAt", AttributeValue.fromS(at.toString()));
        return item;
    }

    /** An item's size as DynamoDB counts it: attribute names and values (numbers approximated by their digits). */
    private static long size(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToLong(e -> utf8(e.getKey()) + size(e.getValue())).sum();
    }

    private static long size(AttributeValue v) {
        return switch (v.type()) {
            case S -> utf8(v.s());
            case N -> v.n().length() / 2 + 1;
            case BOOL, NUL -> 1;
            case M -> 3 + v.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
            case L -> 3 + v.l().stream().mapToLong(e -> 1 + size(e)).sum();
            default -> 0;
        };
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static WriteRequest put(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(r -> r.item(item)).build();
    }

    /** 25 to a BatchWriteItem, retrying what comes back unprocessed. */
    private void batchWrite(List<WriteRequest> writes) {
        for (int from = 0; from < writes.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(store.tableName(),
                    List.copyOf(writes.subList(from, Math.min(from + 25, writes.size()))));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                Map<String, List<WriteRequest>> left = DDB.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                pending = left == null ? Map.of() : left;
            }
        }
    }

    private Map<String, AttributeValue> item(String leadId, String sk) {
        return DDB.getItem(r -> r.tableName(store.tableName()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS(sk)))).item();
    }

    private List<Map<String, AttributeValue>> items(String leadId) {
        return DDB.query(r -> r.tableName(store.tableName()).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))).items();
    }

    private List<Map<String, AttributeValue>> profiles() {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        DDB.scanPaginator(r -> r.tableName(store.tableName()).filterExpression("itemType = :lead")
                .expressionAttributeValues(Map.of(":lead", AttributeValue.fromS("lead")))).items().forEach(all::add);
        return all;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

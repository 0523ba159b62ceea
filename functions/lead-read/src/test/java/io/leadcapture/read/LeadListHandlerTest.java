package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /leads as a list against moto: default order, filters alone and combined, cursors, bad parameters. */
class LeadListHandlerTest {
    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");

    ListFixtures f;
    LeadReadHandler handler;

    @BeforeEach
    void freshTable() {
        f = new ListFixtures();
        handler = new LeadReadHandler(f.store, "DE");
    }

    APIGatewayV2HTTPResponse get(Map<String, String> query) {
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("GET /leads", "GET", "/leads", raw.toString(),
                Map.of("accept", List.of("application/json")), null, "10.0.0.1", Map.of());
        return handler.handleRequest(e, new LocalContext("LeadReadFunction", 10));
    }

    JsonNode ok(Map<String, String> query) throws Exception {
        APIGatewayV2HTTPResponse r = get(query);
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return Json.MAPPER.readTree(r.getBody());
    }

    /** Every page of a list, followed through its cursors; the lead ids in the order given. */
    List<String> all(Map<String, String> query) throws Exception {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> q = new LinkedHashMap<>(query);
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonNode page = ok(q);
            page.path("items").forEach(i -> ids.add(i.path("leadId").asText()));
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText();
            assertThat(++pages).isLessThan(100);
        } while (cursor != null);
        return ids;
    }

    @Test
    void defaultOrderIsHotBeforeWarmBeforeColdThenLongestUntouchedFirst() throws Exception {
        String coldOld = f.lead("cold-old", "google", T0);
        String hotNew = f.lead("hot-new", "google", T0.plus(Duration.ofHours(5)));
        String warm = f.lead("warm", "google", T0.plus(Duration.ofHours(1)));
        String hotOld = f.lead("hot-old", "google", T0.plus(Duration.ofHours(2)));
        String unscored = f.lead("unscored", "google", T0.minus(Duration.ofHours(1)));
        String coldNew = f.lead("cold-new", "google", T0.plus(Duration.ofHours(3)));
        f.score(coldOld, Temperature.COLD, Stage.LEAD);
        f.score(hotNew, Temperature.HOT, Stage.MQL);
        f.score(warm, Temperature.WARM, Stage.LEAD);
        f.score(hotOld, Temperature.HOT, Stage.MQL);
        f.score(coldNew, Temperature.COLD, Stage.LEAD);

        JsonNode page = ok(Map.of());

        List<String> ids = new ArrayList<>();
        page.path("items").forEach(i -> ids.add(i.path("leadId").asText()));
        assertThat(ids).containsExactly(hotOld, hotNew, warm, coldOld, coldNew, unscored);
        assertThat(page.path("nextCursor").isNull()).isTrue();
        JsonNode first = page.path("items").get(0);
        assertThat(first.path("name").asText()).isEqualTo("Jörg Weiß");
        assertThat(first.path("company").asText()).isEqualTo("Müller & Söhne GmbH");
        assertThat(first.path("email").asText()).isEqualTo(f.email("hot-old"));
        assertThat(first.path("stage").asText()).isEqualTo("MQL");
        assertThat(first.path("temperature").asText()).isEqualTo("hot");
        assertThat(first.path("score").asInt()).isEqualTo(90);
        assertThat(first.path("source").asText()).isEqualTo("google");
        assertThat(first.path("owner").isNull()).isTrue();
        assertThat(first.path("createdAt").asText()).isEqualTo(T0.plus(Duration.ofHours(2)).toString());
        assertThat(first.path("lastTouchAt").asText()).isEqualTo(T0.plus(Duration.ofHours(2)).toString());
        assertThat(page.path("items").get(5).path("temperature").isNull()).isTrue();

        // a new touch moves a lead back: the hot lead touched now is no longer the longest untouched
        f.lead("hot-old", "newsletter", T0.plus(Duration.ofHours(6)));
        List<String> after = new ArrayList<>();
        ok(Map.of("temperature", "hot")).path("items").forEach(i -> after.add(i.path("leadId").asText()));
        assertThat(after).containsExactly(hotNew, hotOld);
    }

    @Test
    void filtersAloneAndCombined() throws Exception {
        Instant day1 = Instant.parse("2026-11-02T09:00:00Z");
        Instant day2 = Instant.parse("2026-11-10T09:00:00Z");
        Instant day3 = Instant.parse("2026-11-20T09:00:00Z");
        String googleHotMql = f.lead("g1", "Google", day1);
        String googleColdLead = f.lead("g2", "google", day2);
        String linkedinHotMql = f.lead("l1", "linkedin", day2);
        String linkedinWarmSql = f.lead("l2", "linkedin", day3);
        String zoomHot = f.channelLead("z1", "zoom", day3);
        String webForm = f.lead("w1", null, day1);
        f.score(googleHotMql, Temperature.HOT, Stage.MQL);
        f.score(googleColdLead, Temperature.COLD, Stage.LEAD);
        f.score(linkedinHotMql, Temperature.HOT, Stage.MQL);
        f.score(linkedinWarmSql, Temperature.WARM, Stage.SQL);
        f.score(zoomHot, Temperature.HOT, Stage.MQL);
        f.own(googleHotMql, "anna.berger@example.com");
        f.own(linkedinWarmSql, "anna.berger@example.com");
        f.own(zoomHot, "tom.krause@example.com");

        assertThat(all(Map.of("stage", "MQL"))).containsExactlyInAnyOrder(googleHotMql, linkedinHotMql, zoomHot);
        assertThat(all(Map.of("stage", "sql"))).containsExactly(linkedinWarmSql);
        assertThat(all(Map.of("temperature", "hot"))).containsExactlyInAnyOrder(googleHotMql, linkedinHotMql, zoomHot);
        assertThat(all(Map.of("temperature", "warm"))).containsExactly(linkedinWarmSql);
        assertThat(all(Map.of("source", "google"))).containsExactly(googleHotMql, googleColdLead);
        assertThat(all(Map.of("source", "zoom"))).containsExactly(zoomHot);
        assertThat(all(Map.of("source", "web_form"))).containsExactly(webForm);
        assertThat(all(Map.of("owner", "Anna.Berger@example.com"))).containsExactly(googleHotMql, linkedinWarmSql);
        assertThat(all(Map.of("from", "2026-11-10", "to", "2026-11-19"))).containsExactlyInAnyOrder(googleColdLead,
                linkedinHotMql);
        assertThat(all(Map.of("from", "2026-11-20T09:00:00Z"))).containsExactlyInAnyOrder(linkedinWarmSql, zoomHot);
        assertThat(all(Map.of("to", "2026-11-02T09:00:00Z"))).isEmpty();

        assertThat(all(Map.of("stage", "MQL", "temperature", "hot", "source", "linkedin"))).containsExactly(linkedinHotMql);
        assertThat(all(Map.of("source", "google", "temperature", "cold"))).containsExactly(googleColdLead);
        assertThat(all(Map.of("owner", "anna.berger@example.com", "stage", "SQL"))).containsExactly(linkedinWarmSql);
        assertThat(all(Map.of("owner", "anna.berger@example.com", "temperature", "hot", "source", "google",
                "from", "2026-11-01", "to", "2026-11-30"))).containsExactly(googleHotMql);
        assertThat(all(Map.of("temperature", "hot", "from", "2026-11-10"))).containsExactly(linkedinHotMql, zoomHot);
        assertThat(all(Map.of("stage", "MQL", "source", "zoom", "owner", "anna.berger@example.com"))).isEmpty();
        // blank parameters count as absent
        assertThat(all(Map.of("stage", "", "temperature", " "))).hasSize(6);
    }

    @Test
    void cursorsPageThrough250LeadsWithoutDuplicatesOrGaps() throws Exception {
        Temperature[] temps = Temperature.values();
        List<String> created = new ArrayList<>();
        // the first lead of each kind (source, temperature, stage) is captured and scored; the others are its copies
        Map<String, String> captured = new HashMap<>();
        Map<String, Instant> capturedAt = new HashMap<>();
        Map<String, Integer> rank = new HashMap<>();
        Map<String, Instant> touched = new HashMap<>();
        for (int i = 0; i < 250; i++) {
            String source = i % 2 == 0 ? "google" : "linkedin";
            Instant at = T0.plus(Duration.ofMinutes(i * 7L % 250));
            boolean scored = i % 10 != 9;
            Stage stage = i % 4 == 0 ? Stage.MQL : Stage.LEAD;
            String kind = source + "/" + (scored ? temps[i % 3] + "/" + stage : "unscored");
            String id;
            if (!captured.containsKey(kind)) {
                id = f.lead("p" + i, source, at);
                if (scored) {
                    f.score(id, temps[i % 3], stage);
                }
                captured.put(kind, id);
                capturedAt.put(kind, at);
            } else {
                id = f.copy(captured.get(kind), capturedAt.get(kind), "p" + i, at);
            }
            created.add(id);
            rank.put(id, scored ? List.of("hot", "warm", "cold").indexOf(temps[i % 3].wireName()) : 3);
            touched.put(id, at);
        }
        f.writeCopies();
        assertThat(captured).hasSize(10);
        // hot, warm, cold, unscored; within each the longest untouched first (no two leads share a time)
        List<String> defaultOrder = created.stream().sorted(Comparator.comparing((String id) -> rank.get(id))
                .thenComparing(touched::get)).toList();

        List<String> oneGo = new ArrayList<>();
        ok(Map.of("limit", "200")).path("items").forEach(i -> oneGo.add(i.path("leadId").asText()));
        List<String> paged = all(Map.of("limit", "37"));
        assertThat(paged).hasSize(250).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(paged.subList(0, 200)).isEqualTo(oneGo);
        assertThat(paged).isEqualTo(defaultOrder);
        List<String> defaults = all(Map.of());
        assertThat(defaults).isEqualTo(paged);

        List<String> googleMql = all(Map.of("source", "google", "stage", "MQL", "limit", "7"));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 250; i += 4) {
            if (i % 10 != 9) {
                expected.add(created.get(i));
            }
        }
        assertThat(googleMql).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertThat(all(Map.of("temperature", "warm", "limit", "11"))).hasSize(75).doesNotHaveDuplicates();

        JsonNode first = ok(Map.of("limit", "50"));
        assertThat(first.path("items")).hasSize(50);
        assertThat(first.path("nextCursor").asText()).isNotBlank();
        assertThat(ok(Map.of()).path("items")).hasSize(50);
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        f.score(f.lead("x1", "google", T0), Temperature.HOT, Stage.MQL);
        f.score(f.lead("x2", "google", T0.plusSeconds(60)), Temperature.HOT, Stage.MQL);
        Map<Map<String, String>, String> bad = new LinkedHashMap<>();
        bad.put(Map.of("limit", "0"), "limit");
        bad.put(Map.of("limit", "201"), "limit");
        bad.put(Map.of("limit", "ten"), "limit");
        bad.put(Map.of("stage", "hotlead"), "stage");
        bad.put(Map.of("temperature", "lukewarm"), "temperature");
        bad.put(Map.of("from", "yesterday"), "from");
        bad.put(Map.of("to", "2026-13-01"), "to");
        bad.put(Map.of("from", "2026-11-10", "to", "2026-11-01"), "to");
        bad.put(Map.of("cursor", "not-a-cursor"), "cursor");
        bad.put(Map.of("cursor", "%%%"), "cursor");
        for (var e : bad.entrySet()) {
            APIGatewayV2HTTPResponse r = get(e.getKey());
            assertThat(r.getStatusCode()).as(e.getKey().toString()).isEqualTo(400);
            JsonNode body = Json.MAPPER.readTree(r.getBody());
            assertThat(body.path("fields").has(e.getValue())).as(e.getKey() + " " + r.getBody()).isTrue();
        }

        // a cursor is bound to its filters: another filter's cursor is refused, its own works
        String cursor = ok(Map.of("temperature", "hot", "limit", "1")).path("nextCursor").asText();
        APIGatewayV2HTTPResponse foreign = get(Map.of("temperature", "warm", "cursor", cursor));
        assertThat(foreign.getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(foreign.getBody()).path("error").asText()).isEqualTo("invalid_cursor");
        assertThat(get(Map.of("stage", "MQL", "cursor", cursor)).getStatusCode()).isEqualTo(400);
        assertThat(ok(Map.of("temperature", "hot", "limit", "1", "cursor", cursor)).path("items")).hasSize(1);
    }
}

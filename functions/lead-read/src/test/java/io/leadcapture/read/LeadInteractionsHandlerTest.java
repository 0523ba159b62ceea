package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code GET /leads/{id}} with its newest 50 interactions and {@code GET /leads/{id}/interactions} paging the rest. */
class LeadInteractionsHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    LeadStore store;
    CaptureLead capture;
    LeadReadHandler read;
    LeadInteractionsHandler pages;

    @BeforeEach
    void freshTable() {
        store = new LeadStore(DDB, LocalAws.freshLeadsTable(DDB));
        capture = UseCases.captureLead(store);
        read = new LeadReadHandler(store, "DE");
        pages = new LeadInteractionsHandler(store.reads());
    }

    String leadWith(int interactions) {
        String email = "lena." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-handel.de";
        String leadId = null;
        for (int n = 0; n < interactions; n++) {
            FormFields fields = new FormFields();
            fields.add("email", email);
            leadId = capture.capture(new CaptureCommand(CaptureCommand.platformChannel("web_form",
                    InteractionType.NEWSLETTER_SIGNUP, "DE"), fields, T0.plusSeconds(60L * n), "hmac-sha256:ab", null,
                    Map.of(), false, null, false, false)).leadId();
        }
        return leadId;
    }

    APIGatewayV2HTTPResponse get(String leadId, String suffix, String query) {
        String route = suffix.isEmpty() ? "GET /leads/{leadId}" : "GET /leads/{leadId}/interactions";
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(route, "GET", "/leads/" + leadId + suffix, query,
                Map.of("accept", List.of("application/json")), null, "10.0.0.1", Map.of("leadId", leadId));
        LocalContext context = new LocalContext("LeadReadFunction", 10);
        return suffix.isEmpty() ? read.handleRequest(e, context) : pages.handleRequest(e, context);
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
        return Json.MAPPER.readTree(r.getBody());
    }

    static List<String> times(JsonNode interactions) {
        List<String> out = new ArrayList<>();
        interactions.forEach(i -> out.add(i.path("occurredAt").asText()));
        return out;
    }

    @Test
    void aLeadShowsItsNewestFiftyOldestFirstAndTheCursorPagesTheRestNewestFirst() throws Exception {
        String leadId = leadWith(63);

        JsonNode lead = json(get(leadId, "", ""));
        assertThat(lead.path("interactionCount").asLong()).isEqualTo(63);
        assertThat(times(lead.path("interactions"))).hasSize(50)
                .startsWith(T0.plusSeconds(60L * 13).toString()).endsWith(T0.plusSeconds(60L * 62).toString());
        String cursor = lead.path("interactionsCursor").asText();

        JsonNode first = json(get(leadId, "/interactions", "limit=10&cursor=" + cursor));
        assertThat(first.path("leadId").asText()).isEqualTo(leadId);
        assertThat(times(first.path("items"))).hasSize(10)
                .startsWith(T0.plusSeconds(60L * 12).toString()).endsWith(T0.plusSeconds(60L * 3).toString());
        JsonNode last = json(get(leadId, "/interactions", "cursor=" + first.path("nextCursor").asText()));
        assertThat(times(last.path("items"))).containsExactly(T0.plusSeconds(120).toString(),
                T0.plusSeconds(60).toString(), T0.toString());
        assertThat(last.path("nextCursor").isNull()).isTrue();

        // without a cursor: from the newest, 50 by default
        JsonNode top = json(get(leadId, "/interactions", ""));
        assertThat(times(top.path("items"))).hasSize(50).startsWith(T0.plusSeconds(60L * 62).toString());
        assertThat(top.path("nextCursor").isTextual()).isTrue();
    }

    @Test
    void aLeadWithinTheWindowHasNoCursorAndItsOnlyPageNone() throws Exception {
        String leadId = leadWith(50);

        JsonNode lead = json(get(leadId, "", ""));
        assertThat(lead.path("interactions")).hasSize(50);
        assertThat(lead.has("interactionsCursor")).isTrue();
        assertThat(lead.path("interactionsCursor").isNull()).isTrue();
        JsonNode all = json(get(leadId, "/interactions", "limit=100"));
        assertThat(all.path("items")).hasSize(50);
        assertThat(all.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void cursorsOfAnotherLeadOrMadeUpAndLimitsOutOfRangeAreRefused() throws Exception {
        String one = leadWith(52);
        String other = leadWith(1);
        String cursor = json(get(one, "", "")).path("interactionsCursor").asText();

        assertThat(get(other, "/interactions", "cursor=" + cursor).getStatusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(get(other, "/interactions", "cursor=" + cursor).getBody())
                .path("error").asText()).isEqualTo("invalid_cursor");
        assertThat(get(one, "/interactions", "cursor=bm90LWEtY3Vyc29y").getStatusCode()).isEqualTo(400);
        assertThat(get(one, "/interactions", "limit=101").getStatusCode()).isEqualTo(400);
        assertThat(get(one, "/interactions", "limit=0").getStatusCode()).isEqualTo(400);
        assertThat(get(UUID.randomUUID().toString(), "/interactions", "").getStatusCode()).isEqualTo(404);
    }
}

package io.leadcapture.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.imports.ImportBatch;
import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.application.imports.ImportStatus;
import io.leadcapture.application.imports.ImportStorePort;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The import routes against moto: the sample trade-fair list of events/ gives the documented report,
 * lands its duplicate on the inbound lead without touching its consent, records nothing twice when
 * sent again or resumed, and is reverted completely.
 */
class ImportHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final FormCatalog FORMS = FormCatalog.bundled();
    static final Instant T0 = Instant.parse("2026-12-01T08:15:00Z");
    static final String SAMPLE_QUERY = "source=messe-hannover-2026&type=event_contact&basis=consent";
    static final String JOERG = "joerg.weiss@mueller-soehne.de";
    static final String JUERGEN = "juergen.groessmann@groessmann-anlagenbau.de";
    static final String ZOE = "zoe.bruenner@bruenner-software.de";

    String table;
    LeadStore store;
    MovableClock clock;
    ImportHandler handler;

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        clock = new MovableClock(T0);
        handler = new ImportHandler(store, FORMS, "DE", clock);
    }

    static byte[] sampleCsv() throws Exception {
        return Files.readAllBytes(RepoLayout.root().resolve("events/import-messe-hannover-2026.csv"));
    }

    /** The inbound lead the sample list repeats: events/form-contact-urlencoded.json, captured a week earlier. */
    String inboundJoerg() {
        CaptureLead capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        clock.set(T0.minus(Duration.ofDays(7)));
        String leadId = capture.capture(CaptureCommand.formPost(FORMS.find("contact").orElseThrow(), new FormFields()
                .add("first_name", "Jörg").add("last_name", "Weiß").add("email", JOERG).add("phone", "0221 1234567")
                .add("company", "Müller & Söhne GmbH").add("city", "Köln").add("country", "DE").add("consent", "on")
                .add("utm_source", "google"), "hmac-sha256:test", null, null)).leadId();
        clock.set(T0);
        return leadId;
    }

    APIGatewayV2HTTPResponse request(String method, String path, String query, byte[] body) {
        String routeKey = path.equals("/imports") ? method + " /imports" : method + " /imports/{importId}";
        Map<String, String> params = path.equals("/imports") ? Map.of() : Map.of("importId", path.substring(9));
        APIGatewayV2HTTPEvent event = HttpApiEvents.event(routeKey, method, path, query,
                Map.of("content-type", List.of("text/csv; charset=utf-8")), body, "203.0.113.7", params);
        return handler.handleRequest(event, new LocalContext("ImportFunction", 30));
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    Lead lead(String email) {
        return store.reads().findLead(store.reads().findLeadIdByEmail(email).orElseThrow()).orElseThrow();
    }

    List<Map<String, AttributeValue>> items() {
        return DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    long count(String itemType) {
        return items().stream().filter(i -> i.containsKey("itemType") && itemType.equals(i.get("itemType").s())).count();
    }

    @Test
    void theSampleListGivesTheDocumentedReport() throws Exception {
        String joergId = inboundJoerg();
        Consent joergConsent = lead(JOERG).consent();

        APIGatewayV2HTTPResponse answer = request("POST", "/imports", SAMPLE_QUERY, sampleCsv());

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        JsonNode report = json(answer);
        assertThat(report.path("importId").asText()).matches("imp-[0-9a-f]{32}");
        assertThat(report.path("status").asText()).isEqualTo("completed");
        assertThat(report.path("rows").asInt()).isEqualTo(5);
        assertThat(report.path("created").asInt()).isEqualTo(2);   // Jürgen, Zoë
        assertThat(report.path("merged").asInt()).isEqualTo(1);    // Jörg, the inbound lead
        assertThat(report.path("unchanged").asInt()).isZero();
        assertThat(report.path("rejected")).hasSize(2);
        assertThat(report.path("rejected").get(0).path("row").asInt()).isEqualTo(3);   // Änne: no email, no phone
        assertThat(report.path("rejected").get(0).path("field").asText()).isEqualTo("email");
        assertThat(report.path("rejected").get(0).path("reason").asText())
                .isEqualTo("an email address or a phone number is required");
        assertThat(report.path("rejected").get(1).path("row").asInt()).isEqualTo(4);   // Søren: a formula as company
        assertThat(report.path("rejected").get(1).path("field").asText()).isEqualTo("company");
        assertThat(report.path("rejected").get(1).path("reason").asText()).isEqualTo(ImportLeads.FORMULA_REASON);
        String importId = report.path("importId").asText();

        // the duplicate is the inbound lead: one lead per person, its consent as the person gave it
        Lead joerg = lead(JOERG);
        assertThat(joerg.leadId()).isEqualTo(joergId);
        assertThat(joerg.consent()).isEqualTo(joergConsent);
        assertThat(joerg.consent().status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(joerg.profile().jobTitle()).as("filled, as it was missing").isEqualTo("Geschäftsführer");
        Interaction imported = joerg.interactions().stream().filter(i -> i.type() == InteractionType.EVENT_CONTACT)
                .findFirst().orElseThrow();
        assertThat(imported.direction()).isEqualTo(Direction.OUTBOUND);
        assertThat(imported.channel()).isEqualTo("messe-hannover-2026");
        assertThat(imported.sourceIds()).containsEntry("importId", importId).containsEntry("row", "2")
                .containsEntry("basis", "consent");
        assertThat(imported.occurredAt()).isEqualTo(T0);

        // consent only on the consent basis, with evidence, where the row says granted; the import its source
        Lead zoe = lead(ZOE);
        assertThat(zoe.consent().status()).isEqualTo(ConsentStatus.GRANTED);
        assertThat(zoe.consent().source()).isEqualTo("import:" + importId);
        assertThat(zoe.consent().textVersion()).isEqualTo("Messe-Formular HM26-0342");
        Lead juergen = lead(JUERGEN);
        assertThat(juergen.consent().status()).isEqualTo(ConsentStatus.NONE);
        assertThat(juergen.profile().firstName()).isEqualTo("Jürgen");
        assertThat(juergen.profile().phone()).isEqualTo("+497112345678");

        // the report is kept; its items hold no cell of the file
        JsonNode again = json(request("GET", "/imports/" + importId, null, null));
        assertThat(again.path("created").asInt()).isEqualTo(2);
        assertThat(again.path("rejected")).isEqualTo(report.path("rejected"));
        String importItems = items().stream().filter(i -> i.get("pk").s().startsWith("IMPORT#"))
                .map(Object::toString).reduce("", String::concat);
        for (String personal : List.of("Jürgen", "Größmann", "groessmann", "Weiß", "Brünner", "bruenner", "Köhler",
                "HYPERLINK", "HM26")) {
            assertThat(importItems).doesNotContain(personal);
        }
    }

    @Test
    void theSameListSentAgainRecordsNothingTwice() throws Exception {
        inboundJoerg();
        JsonNode first = json(request("POST", "/imports", SAMPLE_QUERY, sampleCsv()));
        long interactions = count("interaction");
        long leads = count("lead");

        APIGatewayV2HTTPResponse again = request("POST", "/imports", SAMPLE_QUERY, sampleCsv());

        assertThat(again.getStatusCode()).isEqualTo(200);
        JsonNode replay = json(again);
        assertThat(replay.path("importId").asText()).isEqualTo(first.path("importId").asText());
        assertThat(replay.path("created").asInt()).isZero();
        assertThat(replay.path("merged").asInt()).isZero();
        assertThat(replay.path("unchanged").asInt()).isEqualTo(3);
        assertThat(count("interaction")).isEqualTo(interactions);
        assertThat(count("lead")).isEqualTo(leads);

        // another list of the same source repeating a row: that row is unchanged, the new one created
        String other = "vorname,nachname,firma,e-mail,telefon,position,land,einwilligung,einwilligung_nachweis\n"
                + "Jürgen,Größmann,Größmann Anlagenbau GmbH,juergen.groessmann@groessmann-anlagenbau.de,"
                + "+49 711 2345678,Geschäftsführer,DE,,\n"
                + "Ida,Sommer,Sommer Elektrotechnik GmbH,ida.sommer@sommer-elektro.de,,Einkauf,DE,,\n";
        JsonNode second = json(request("POST", "/imports", SAMPLE_QUERY, other.getBytes(StandardCharsets.UTF_8)));
        assertThat(second.path("importId").asText()).isNotEqualTo(first.path("importId").asText());
        assertThat(second.path("created").asInt()).isEqualTo(1);
        assertThat(second.path("unchanged").asInt()).isEqualTo(1);
        assertThat(count("interaction")).isEqualTo(interactions + 1);
    }

    @Test
    void anInterruptedImportResumesWithoutDoubles() throws Exception {
        ImportSpec spec = new ImportSpec("zielkunden-q1", InteractionType.OUTBOUND_IMPORT, ImportBasis.LEGITIMATE_INTEREST);
        StringBuilder csv = new StringBuilder("email;company\n");
        for (int i = 1; i <= 7; i++) {
            csv.append("kontakt").append(i).append("@zielfirma-").append(i).append(".de;Zielfirma ").append(i)
                    .append(" GmbH\n");
        }
        csv.append("kontakt1@zielfirma-1.de;Zielfirma 1 GmbH\n"); // the same row twice in one list
        ImportFile file = ImportCsv.parse(spec, csv.toString().getBytes(StandardCharsets.UTF_8));
        // the function stops after the first batch, then in the second after its rows were captured,
        // before its checkpoint was written
        CrashingStore crashing = new CrashingStore(store.imports(), 2);
        ImportLeads interrupted = new ImportLeads(crashing, UseCases.captureLead(store, FreeMailDomains.bundled(), clock),
                UseCases.eraseLead(store, clock), FORMS.defaultAliases(), "DE", clock, 3);
        try {
            interrupted.run(file, T0.plusSeconds(60));
        } catch (IllegalStateException expected) {
            // the crash
        }
        ImportReport half = store.imports().find(file.importId()).orElseThrow();
        assertThat(half.status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(half.processed()).isEqualTo(3);
        assertThat(count("interaction")).isEqualTo(6);

        ImportLeads resumed = UseCases.importLeads(store, FORMS, "DE", clock, 3);
        ImportReport done = resumed.run(file, T0.plusSeconds(60));

        assertThat(done.status()).isEqualTo(ImportStatus.COMPLETED);
        assertThat(done.processed()).isEqualTo(8);
        assertThat(done.created()).isEqualTo(7);
        assertThat(done.unchanged()).isEqualTo(1);
        assertThat(count("interaction")).isEqualTo(7);
        assertThat(count("lead")).isEqualTo(7);
        assertThat(store.imports().recordedRows(file.importId())).hasSize(7);
    }

    @Test
    void aRevertRemovesWhatTheImportRecordedAndNothingElse() throws Exception {
        String joergId = inboundJoerg();
        Lead before = lead(JOERG);
        String importId = json(request("POST", "/imports", SAMPLE_QUERY, sampleCsv())).path("importId").asText();
        String juergenId = store.reads().findLeadIdByEmail(JUERGEN).orElseThrow();

        APIGatewayV2HTTPResponse answer = request("DELETE", "/imports/" + importId, null, null);

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        assertThat(json(answer).path("status").asText()).isEqualTo("reverted");
        // leads that exist only because of the import: erased through the erasure path
        assertThat(store.reads().findLeadIdByEmail(JUERGEN)).isEmpty();
        assertThat(store.reads().findLeadIdByEmail(ZOE)).isEmpty();
        assertThat(items().stream().filter(i -> i.get("pk").s().equals("LEAD#" + juergenId))
                .map(i -> i.get("sk").s())).allMatch(sk -> sk.startsWith("ERASED"));
        // the lead it merged into keeps everything else
        Lead joerg = lead(JOERG);
        assertThat(joerg.leadId()).isEqualTo(joergId);
        assertThat(joerg.interactions()).extracting(Interaction::type).containsExactly(InteractionType.CONTACT_FORM);
        assertThat(joerg.interactionCount()).isEqualTo(1);
        assertThat(joerg.consent()).isEqualTo(before.consent());
        assertThat(store.reads().findForScoring(joergId).orElseThrow().ledger().entries())
                .extracting(e -> e.type()).containsExactly(InteractionType.CONTACT_FORM);
        // no row key left: the rows' idempotency records are gone
        assertThat(count("idempotency")).isZero();
        // a repeat answers the same; the same list again is refused, nothing stored
        assertThat(json(request("DELETE", "/imports/" + importId, null, null)).path("status").asText())
                .isEqualTo("reverted");
        APIGatewayV2HTTPResponse resent = request("POST", "/imports", SAMPLE_QUERY, sampleCsv());
        assertThat(resent.getStatusCode()).isEqualTo(409);
        assertThat(json(resent).path("error").asText()).isEqualTo("import_reverted");
    }

    @Test
    void badParametersOrBodiesAreRefusedAndNothingIsStored() throws Exception {
        APIGatewayV2HTTPResponse noBasis = request("POST", "/imports", "source=messe-hannover-2026&type=event_contact",
                sampleCsv());
        assertThat(noBasis.getStatusCode()).isEqualTo(400);
        assertThat(json(noBasis).path("fields").has("basis")).isTrue();

        APIGatewayV2HTTPResponse wrong = request("POST", "/imports", "source=Messe 2026&type=contact_form&basis=maybe",
                sampleCsv());
        assertThat(wrong.getStatusCode()).isEqualTo(400);
        assertThat(json(wrong).path("fields").has("source")).isTrue();
        assertThat(json(wrong).path("fields").has("type")).isTrue();
        assertThat(json(wrong).path("fields").has("basis")).isTrue();

        byte[] latin1 = "vorname;email\nJürgen;j@example-firma.de\n".getBytes(StandardCharsets.ISO_8859_1);
        APIGatewayV2HTTPResponse notUtf8 = request("POST", "/imports", SAMPLE_QUERY, latin1);
        assertThat(notUtf8.getStatusCode()).isEqualTo(422);
        assertThat(json(notUtf8).path("error").asText()).isEqualTo("invalid_csv");

        StringBuilder big = new StringBuilder("email\n");
        for (int i = 0; i <= ImportHandler.MAX_SYNC_ROWS; i++) {
            big.append("k").append(i).append("@beispiel-firma.de\n");
        }
        APIGatewayV2HTTPResponse tooLarge = request("POST", "/imports", SAMPLE_QUERY,
                big.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(tooLarge.getStatusCode()).isEqualTo(413);
        assertThat(json(tooLarge).path("message").asText()).contains("import bucket");

        assertThat(request("GET", "/imports/imp-0123456789abcdef0123456789abcdef", null, null).getStatusCode())
                .isEqualTo(404);
        assertThat(items()).isEmpty();
    }

    /** The import store, failing like a function that stops: after {@code crashAt - 1} batches, at the next checkpoint. */
    static final class CrashingStore extends DelegatingStore {
        private int batches;
        private final int crashAt;

        CrashingStore(ImportStorePort store, int crashAt) {
            super(store);
            this.crashAt = crashAt;
        }

        @Override
        public boolean commitBatch(ImportBatch batch) {
            if (++batches == crashAt) {
                throw new IllegalStateException("the function stopped");
            }
            return super.commitBatch(batch);
        }
    }

    /** The import store as it is, for a test to change one call. */
    static class DelegatingStore implements ImportStorePort {
        private final ImportStorePort store;

        DelegatingStore(ImportStorePort store) {
            this.store = store;
        }

        @Override
        public Optional<ImportReport> find(String importId) {
            return store.find(importId);
        }

        @Override
        public boolean start(String importId, ImportSpec spec, int rows, Instant at) {
            return store.start(importId, spec, rows, at);
        }

        @Override
        public boolean commitBatch(ImportBatch batch) {
            return store.commitBatch(batch);
        }

        @Override
        public Set<String> recordedInteractions(String importId) {
            return store.recordedInteractions(importId);
        }

        @Override
        public boolean holdsInteraction(String importId, String leadId, String interactionId, Instant occurredAt) {
            return store.holdsInteraction(importId, leadId, interactionId, occurredAt);
        }

        @Override
        public List<ImportBatch.RecordedRow> recordedRows(String importId) {
            return store.recordedRows(importId);
        }

        @Override
        public boolean markReverting(String importId, Instant at) {
            return store.markReverting(importId, at);
        }

        @Override
        public void removeInteraction(ImportBatch.RecordedRow row, Instant occurredAt, Instant now) {
            store.removeInteraction(row, occurredAt, now);
        }

        @Override
        public void forgetRowKey(ImportBatch.RecordedRow row) {
            store.forgetRowKey(row);
        }

        @Override
        public boolean hasOtherInteractions(String leadId, Set<String> importInteractions) {
            return store.hasOtherInteractions(leadId, importInteractions);
        }

        @Override
        public void markReverted(String importId, Instant at) {
            store.markReverted(importId, at);
        }
    }
}

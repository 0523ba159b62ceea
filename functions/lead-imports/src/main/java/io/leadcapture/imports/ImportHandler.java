package io.leadcapture.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.imports.ImportBasis;
import io.leadcapture.application.imports.ImportFile;
import io.leadcapture.application.imports.ImportLeads;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportRevertedException;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.application.imports.ImportStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.InteractionType;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The import routes (IAM): {@code POST /imports?source=…&type=outbound_import|event_contact&basis=…}
 * with a CSV body → the report ({@code 200}, or {@code 202} with {@code status: running} when the
 * request's time ran out: the same request again carries on); {@code GET /imports/{importId}} → the
 * report; {@code DELETE /imports/{importId}} → the import reverted (docs/forms.md#imports).
 *
 * <p>This route answers within API Gateway's 30 s: it takes lists up to {@link #MAX_SYNC_ROWS} rows
 * and {@link #MAX_SYNC_BYTES} bytes; a larger list is answered 413 and goes through the import bucket.
 */
public class ImportHandler extends ApiHandler {
    /** Rows the synchronous route takes: at about 25 ms a row on DynamoDB, some 12 s of the 30 s. */
    public static final int MAX_SYNC_ROWS = 500;
    public static final int MAX_SYNC_BYTES = 1024 * 1024;
    /** Time kept back from the function's remaining time to answer. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
    /** The API Gateway integration limit: a request never runs longer, whatever the function's timeout. */
    static final Duration GATEWAY_LIMIT = Duration.ofSeconds(29);
    private static final Pattern IMPORT_ID = Pattern.compile("imp-[0-9a-f]{32}");

    private final ImportLeads imports;
    private final Clock clock;

    public ImportHandler() {
        this(LeadStore.fromEnvironment(), FormCatalog.bundled(), Env.phoneRegion(), Clock.systemUTC());
    }

    public ImportHandler(LeadStore store, FormCatalog forms, String defaultRegion, Clock clock) {
        this(UseCases.importLeads(store, forms, defaultRegion, clock, ImportLeads.DEFAULT_BATCH_ROWS), clock);
    }

    public ImportHandler(ImportLeads imports, Clock clock) {
        // read whole so that a list over the limit gets the answer naming the bucket, not a bare 413
        super(6 * 1024 * 1024);
        this.imports = imports;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String method = request.method() == null ? "" : request.method();
        return switch (method) {
            case "POST" -> post(request, context);
            case "GET" -> HttpResponses.json(200, json(found(request)), Map.of());
            case "DELETE" -> revert(request, context);
            default -> throw new ApiException(405, "method_not_allowed", "Use POST, GET or DELETE.");
        };
    }

    private APIGatewayV2HTTPResponse post(HttpRequest request, Context context) {
        ImportSpec spec = spec(request);
        byte[] body = request.body();
        if (body.length > MAX_SYNC_BYTES) {
            throw tooLarge("larger than " + MAX_SYNC_BYTES + " bytes");
        }
        ImportFile file = ImportCsv.parse(spec, body);
        if (file.rows().isEmpty()) {
            throw new ApiException(422, "invalid_csv", "The list has a header row but no rows.");
        }
        if (file.rows().size() > MAX_SYNC_ROWS) {
            throw tooLarge("more than " + MAX_SYNC_ROWS + " rows (" + file.rows().size() + ")");
        }
        Optional<ImportReport> before = imports.report(file.importId());
        ImportReport report;
        try {
            report = imports.run(file, stopAt(context));
        } catch (ImportRevertedException e) {
            throw new ApiException(409, "import_reverted", e.getMessage());
        }
        Map<String, Object> answer = json(report);
        if (before.isPresent() && before.get().status() == ImportStatus.COMPLETED) {
            // the same file again: every row was recorded before
            answer.put("created", 0);
            answer.put("merged", 0);
            answer.put("unchanged", report.rows() - report.rejectedCount());
            answer.put("replayed", true);
        }
        metrics.count(report.status() == ImportStatus.COMPLETED ? "ImportCompleted" : "ImportUnfinished");
        log.info("import {} from {}: {} of {} rows, {} created, {} merged, {} unchanged, {} rejected",
                report.importId(), spec.source(), report.processed(), report.rows(), report.created(), report.merged(),
                report.unchanged(), report.rejectedCount());
        return HttpResponses.json(report.status() == ImportStatus.COMPLETED ? 200 : 202, answer, Map.of());
    }

    private APIGatewayV2HTTPResponse revert(HttpRequest request, Context context) {
        ImportReport known = found(request);
        ImportReport report = imports.revert(known.importId(), request.callerArn(), stopAt(context)).orElseThrow();
        metrics.count("ImportReverted");
        log.info("import {} revert: {}", report.importId(), report.status().wireName());
        return HttpResponses.json(report.status() == ImportStatus.REVERTED ? 200 : 202, json(report), Map.of());
    }

    private ImportReport found(HttpRequest request) {
        String id = request.pathParameter("importId");
        if (id == null || !IMPORT_ID.matcher(id).matches()) {
            throw notFound(id);
        }
        return imports.report(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "import_not_found", "There is no import '" + id + "'.");
    }

    /** Stop taking new batches in time to answer: before the function's end and API Gateway's limit. */
    private Instant stopAt(Context context) {
        Duration left = GATEWAY_LIMIT;
        if (context != null && context.getRemainingTimeInMillis() > 0) {
            Duration remaining = Duration.ofMillis(context.getRemainingTimeInMillis());
            left = remaining.compareTo(left) < 0 ? remaining : left;
        }
        return clock.instant().plus(left.minus(ANSWER_MARGIN));
    }

    private static ApiException tooLarge(String why) {
        return new ApiException(413, "import_too_large", "The list is " + why + ": this route takes up to "
                + MAX_SYNC_ROWS + " rows and " + MAX_SYNC_BYTES + " bytes. Upload larger lists to the import bucket "
                + "as imports/<type>/<basis>/<source>/<file>.csv (docs/forms.md#imports).");
    }

    /** The query parameters; 400 naming each that is missing or wrong, nothing stored. */
    static ImportSpec spec(HttpRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        String source = request.queryParameter("source");
        if (source == null || source.isBlank()) {
            errors.put("source", "required: the list's name, e.g. messe-hannover-2026");
        } else if (!ImportSpec.SOURCE.matcher(source).matches()) {
            errors.put("source", "lower-case letters, digits, - or _ (at most 64)");
        }
        String typeParam = request.queryParameter("type");
        InteractionType type = InteractionType.parse(typeParam)
                .filter(t -> t == InteractionType.OUTBOUND_IMPORT || t == InteractionType.EVENT_CONTACT).orElse(null);
        if (type == null) {
            errors.put("type", typeParam == null ? "required: outbound_import or event_contact"
                    : "one of outbound_import, event_contact");
        }
        String basisParam = request.queryParameter("basis");
        ImportBasis basis = ImportBasis.parse(basisParam).orElse(null);
        if (basis == null) {
            errors.put("basis", basisParam == null ? "required: consent, legitimate_interest or contract"
                    : "one of consent, legitimate_interest, contract");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "invalid_import", "The import's parameters are missing or invalid.", errors);
        }
        return new ImportSpec(source, type, basis);
    }

    /** The report as the routes answer it. */
    static Map<String, Object> json(ImportReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("importId", r.importId());
        m.put("status", r.status().wireName());
        m.put("source", r.source());
        m.put("type", r.type());
        m.put("basis", r.basis());
        m.put("rows", r.rows());
        m.put("processed", r.processed());
        m.put("created", r.created());
        m.put("merged", r.merged());
        m.put("unchanged", r.unchanged());
        m.put("rejected", r.rejected());
        m.put("rejectedCount", r.rejectedCount());
        m.put("startedAt", r.startedAt());
        if (r.completedAt() != null) {
            m.put("completedAt", r.completedAt());
        }
        return m;
    }
}

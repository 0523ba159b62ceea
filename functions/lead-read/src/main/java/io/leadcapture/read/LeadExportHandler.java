package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadExport;
import io.leadcapture.runtime.store.LeadExports;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.util.Map;

/**
 * {@code GET /leads/{leadId}/export[?cursor=]}: everything stored about the person, for a request
 * under Art. 15/20 GDPR (docs/data-protection.md#export). IAM-authorised in AWS. A long history comes
 * in pages of at most {@code EXPORT_PAGE_BYTES} of JSON; {@code complete: true} only on the page that
 * ends it. A lead that never existed or was merged into another answers 404, as {@code GET /leads/{leadId}}.
 */
public class LeadExportHandler extends ApiHandler {
    /**
     * Lambda answers at most 6 MB, counted on the response envelope in which the body is one JSON
     * string: its quotes and backslashes are escaped again, so the body stays well below.
     */
    static final int DEFAULT_PAGE_BYTES = 3_000_000;

    private final LeadExports exports;
    private final int pageBytes;
    private final Clock clock;

    /** Used by Lambda: {@code TABLE_NAME}, {@code EXPORT_PAGE_BYTES} (default 3,000,000). */
    public LeadExportHandler() {
        this(LeadStore.fromEnvironment().exports(),
                Integer.parseInt(Env.optional("EXPORT_PAGE_BYTES", Integer.toString(DEFAULT_PAGE_BYTES))),
                Clock.systemUTC());
    }

    /** @param pageBytes the JSON one page may hold (a page holds at least one item) */
    public LeadExportHandler(LeadExports exports, int pageBytes, Clock clock) {
        super(0);
        this.exports = exports;
        this.pageBytes = pageBytes;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String leadId = leadIdInPath(request);
        String cursor = request.queryParameter("cursor");
        LeadExport export;
        try {
            export = exports.export(leadId, cursor == null || cursor.isBlank() ? null : cursor, pageBytes,
                    clock.instant()).orElseThrow(() -> leadNotFound(leadId));
        } catch (LeadExports.InvalidCursorException e) {
            throw new ApiException(400, "invalid_cursor",
                    "The cursor is not one a previous page of this lead's export gave; start without one.",
                    Map.of("cursor", e.getMessage()));
        }
        log.info("exported lead {}: complete {}", leadId, export.complete());
        return HttpResponses.json(200, export, Map.of());
    }
}

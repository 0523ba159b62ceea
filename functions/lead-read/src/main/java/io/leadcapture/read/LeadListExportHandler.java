package io.leadcapture.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.store.LeadFilter;
import io.leadcapture.runtime.store.LeadLists;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.ListedLead;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /leads/export.csv}: the leads of a list filter (the parameters of {@code GET /leads}) as
 * CSV for a spreadsheet, or with {@code ?format=json} as raw values for a migration. IAM-authorised in
 * AWS, on its own route so exporting can be granted apart from reading. One response holds at most
 * {@code EXPORT_PAGE_BYTES}; past it, the response names the next page in {@code X-Next-Cursor} and
 * {@code Link: <…>; rel="next"}. The first CSV page starts with the byte order mark and the header
 * row, the following pages hold rows only: concatenated, the pages are one file (docs/data-model.md#export-of-a-list).
 */
public class LeadListExportHandler extends ApiHandler {
    /**
     * Lambda answers at most 6 MB, counted on the envelope in which the body is one JSON string: a
     * quote becomes two bytes there, so a page of 2.5 MB stays below even if it were all quotes.
     */
    static final int DEFAULT_PAGE_BYTES = 2_500_000;
    /** Queries one page may make while a filter drops most of what it reads. */
    static final int MAX_REQUESTS = 40;

    /** The columns, in order; docs/data-model.md#export-of-a-list describes them. */
    static final List<String> COLUMNS = List.of("leadId", "createdAt", "lastTouchAt", "stage", "temperature", "score",
            "owner", "source", "email", "phone", "firstName", "lastName", "company", "jobTitle", "industry",
            "companySize", "country", "postalCode", "city", "segment", "consentStatus", "interactionCount",
            "firstTouchType", "firstTouchChannel", "utmSource", "utmMedium", "utmCampaign");

    private final LeadLists lists;
    private final int pageBytes;

    /** Used by Lambda: {@code TABLE_NAME}, {@code EXPORT_PAGE_BYTES} (default 2,500,000). */
    public LeadListExportHandler() {
        this(LeadStore.fromEnvironment().lists(),
                Integer.parseInt(Env.optional("EXPORT_PAGE_BYTES", Integer.toString(DEFAULT_PAGE_BYTES))));
    }

    /** @param pageBytes the body one response may hold (a page holds at least one lead) */
    public LeadListExportHandler(LeadLists lists, int pageBytes) {
        super(0);
        this.lists = lists;
        this.pageBytes = pageBytes;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        LeadFilter filter = LeadListQuery.filter(request);
        String format = parameter(request, "format", "csv");
        if (!format.equals("csv") && !format.equals("json")) {
            throw LeadListQuery.bad("format", "csv or json");
        }
        String delimiter = parameter(request, "delimiter", ";");
        char d = switch (delimiter) {
            case ";", "semicolon" -> ';';
            case ",", "comma" -> ',';
            default -> throw LeadListQuery.bad("delimiter", "; or ,");
        };
        String cursor = LeadListQuery.cursor(request);
        boolean json = format.equals("json");
        CsvWriter csv = new CsvWriter(d);
        StringBuilder body = new StringBuilder();
        List<String> jsonRows = new ArrayList<>();
        if (!json && cursor == null) {
            body.append(CsvWriter.BOM).append(csv.line(COLUMNS));
        }
        int[] bytes = {CsvWriter.utf8Length(body.toString())};
        int[] rows = {0};
        LeadLists.Page page;
        try {
            page = lists.page(filter, cursor, Integer.MAX_VALUE, MAX_REQUESTS, row -> {
                String rendered = json ? Json.write(row) : csv.line(cells(row));
                int size = CsvWriter.utf8Length(rendered) + 1;
                // a page always takes its first lead, however long
                if (bytes[0] + size > pageBytes && rows[0] > 0) {
                    return false;
                }
                bytes[0] += size;
                rows[0]++;
                if (json) {
                    jsonRows.add(rendered);
                } else {
                    body.append(rendered);
                }
                return true;
            });
        } catch (LeadLists.InvalidCursorException e) {
            throw LeadListQuery.invalidCursor(e.getMessage());
        }
        log.info("exported {} leads as {}: {} queries, {} items read, read units {}, {} bytes", page.items().size(),
                format, page.requests(), page.evaluated(), page.readUnits(), bytes[0]);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("cache-control", "no-store");
        if (page.next() != null) {
            headers.put("x-next-cursor", page.next());
            headers.put("link", "<" + nextLink(request, page.next()) + ">; rel=\"next\"");
        }
        if (json) {
            String items = "{\"items\":[" + String.join(",", jsonRows) + "],\"nextCursor\":"
                    + Json.write(page.next()) + "}";
            headers.put("content-type", "application/json; charset=utf-8");
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(items).build();
        }
        headers.put("content-type", "text/csv; charset=utf-8; header=" + (cursor == null ? "present" : "absent"));
        headers.put("content-disposition", "attachment; filename=\"leads.csv\"");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(body.toString()).build();
    }

    static List<Object> cells(ListedLead l) {
        return Arrays.asList(l.leadId(), l.createdAt(), l.lastTouchAt(), l.stage(), l.temperature(), l.score(), l.owner(),
                l.source(), l.email(), l.phone(), l.firstName(), l.lastName(), l.company(), l.jobTitle(), l.industry(),
                l.companySize(), l.country(), l.postalCode(), l.city(), l.segment(), l.consentStatus(),
                l.interactionCount(), l.firstTouchType(), l.firstTouchChannel(), l.utmSource(), l.utmMedium(),
                l.utmCampaign());
    }

    /** The same export with the next page's cursor. */
    private static String nextLink(HttpRequest request, String next) {
        StringBuilder q = new StringBuilder("/leads/export.csv?");
        for (String p : List.of("stage", "temperature", "source", "owner", "from", "to", "delimiter", "format")) {
            String v = request.queryParameter(p);
            if (v != null && !v.isBlank()) {
                q.append(p).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&');
            }
        }
        return q.append("cursor=").append(next).toString();
    }

    private static String parameter(HttpRequest request, String name, String fallback) {
        String v = request.queryParameter(name);
        return v == null || v.isBlank() ? fallback : v.trim().toLowerCase(java.util.Locale.ROOT);
    }
}

package io.leadcapture.reports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.ReportFunnel;
import io.leadcapture.core.report.FunnelGroupBy;
import io.leadcapture.core.report.FunnelReport;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * {@code GET /reports/funnel?from=&to=&by=source|channel|form|campaign} (IAM): per group the leads
 * captured, MQL, SQL, won, the conversion rates, the median hours to MQL and from MQL to the first
 * activity, the SLA breaches. Days are UTC dates, both inclusive; without {@code to} today, without
 * {@code from} the 30 days up to {@code to}, without {@code by} source. Read from the day counters of
 * the range, one Query; no lead is read.
 */
public class FunnelReportHandler extends ApiHandler {
    static final int DEFAULT_DAYS = 30;

    private final ReportFunnel reports;
    private final Clock clock;

    public FunnelReportHandler() {
        this(new ReportFunnel(LeadStore.fromEnvironment().funnel()), Clock.systemUTC());
    }

    public FunnelReportHandler(ReportFunnel reports, Clock clock) {
        super(0);
        this.reports = reports;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        LocalDate to = date(request, "to", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        LocalDate from = date(request, "from", to.minusDays(DEFAULT_DAYS - 1));
        String byParam = request.queryParameter("by");
        FunnelGroupBy by = byParam == null || byParam.isBlank() ? FunnelGroupBy.SOURCE
                : FunnelGroupBy.fromWireName(byParam).orElseThrow(() -> new ApiException(400, "invalid_query",
                        "by is one of source, channel, form, campaign.", Map.of("by", "one of source, channel, form, campaign")));
        if (from.isAfter(to)) {
            throw new ApiException(400, "invalid_query", "from is after to.", Map.of("from", "after to"));
        }
        if (from.plusDays(ReportFunnel.MAX_DAYS).isBefore(to.plusDays(1))) {
            throw new ApiException(400, "invalid_query", "A report covers at most " + ReportFunnel.MAX_DAYS + " days.",
                    Map.of("from", "more than " + ReportFunnel.MAX_DAYS + " days before to"));
        }
        FunnelReport report = reports.report(from, to, by);
        return HttpResponses.json(200, report, Map.of());
    }

    private static LocalDate date(HttpRequest request, String name, LocalDate fallback) {
        String value = request.queryParameter(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "invalid_query", name + " is a date as yyyy-mm-dd.", Map.of(name, "not a date (yyyy-mm-dd)"));
        }
    }
}

package io.leadcapture.local;

import static io.leadcapture.local.Outbox.esc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The funnel report as a page for a browser (make run's {@code /_local/report}): the JSON of
 * {@code GET /reports/funnel} with the same query, a table and one bar chart per group in inline
 * SVG. No script, no stylesheet or font from elsewhere.
 */
final class FunnelPage {
    private static final List<String> STEPS = List.of("captured", "mql", "sql", "won");
    private static final List<String> LABELS = List.of("Captured", "MQL", "SQL", "Won");
    private static final List<String> COLOURS = List.of("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1");
    private static final int CHART_WIDTH = 520;
    private static final int LABEL_WIDTH = 80;
    private static final int BAR_HEIGHT = 22;

    private FunnelPage() {
    }

    /** The page for a report answer; {@code status} other than 200 shows the refusal with the form. */
    static String render(int status, JsonNode body, String from, String to, String by) {
        StringBuilder sb = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Funnel report</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem;color:#222}"
                + "table{border-collapse:collapse;margin:1rem 0}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:right}"
                + "th:first-child,td:first-child{text-align:left}section{margin:1.5rem 0}h2{font-size:1.1rem;margin:.2rem 0}"
                + "form{display:flex;gap:1rem;align-items:end;flex-wrap:wrap}label{display:flex;flex-direction:column;font-size:.9rem}"
                + ".error{color:#a00;font-weight:600}.muted{color:#666}</style></head><body><h1>Funnel report</h1>");
        sb.append("<form method=\"get\" action=\"/_local/report\">")
                .append("<label>From <input type=\"date\" name=\"from\" value=\"").append(esc(from)).append("\"></label>")
                .append("<label>To <input type=\"date\" name=\"to\" value=\"").append(esc(to)).append("\"></label>")
                .append("<label>By <select name=\"by\">");
        for (String option : List.of("source", "channel", "form", "campaign")) {
            sb.append("<option").append(option.equals(by) ? " selected" : "").append(">").append(option).append("</option>");
        }
        sb.append("</select></label><button type=\"submit\">Show</button></form>");
        if (status != 200) {
            sb.append("<p class=\"error\">").append(status).append(": ").append(esc(body.path("message").asText()))
                    .append(" ").append(esc(body.path("fields").toString())).append("</p></body></html>");
            return sb.toString();
        }
        sb.append("<p class=\"muted\">").append(esc(body.path("from").asText())).append(" to ")
                .append(esc(body.path("to").asText())).append(" (UTC days), by ").append(esc(body.path("by").asText()))
                .append(". Each step is counted on the day it happened. Same numbers as <code>GET /reports/funnel</code>.</p>");
        JsonNode groups = body.path("groups");
        if (groups.isEmpty()) {
            sb.append("<p>No funnel events in this range yet.</p>");
        }
        sb.append("<table><thead><tr><th>Group</th><th>Captured</th><th>MQL</th><th>SQL</th><th>Won</th>"
                + "<th>MQL after nurture</th><th>Lead→MQL</th><th>MQL→SQL</th><th>SQL→Won</th><th>Median h lead→MQL</th>"
                + "<th>Median h MQL→first activity</th><th>SLA breaches</th></tr></thead><tbody>");
        for (JsonNode g : groups) {
            row(sb, g);
        }
        row(sb, body.path("total"));
        sb.append("</tbody></table>");
        long max = Math.max(1, body.path("total").path("captured").asLong());
        for (JsonNode g : groups) {
            max = Math.max(max, g.path("captured").asLong());
        }
        for (JsonNode g : groups) {
            sb.append("<section><h2>").append(esc(g.path("group").asText())).append("</h2>").append(chart(g, max))
                    .append("</section>");
        }
        return sb.append("</body></html>").toString();
    }

    private static void row(StringBuilder sb, JsonNode g) {
        JsonNode c = g.path("conversion");
        sb.append("<tr><td>").append(esc(g.path("group").asText())).append("</td>");
        for (String step : STEPS) {
            sb.append("<td>").append(g.path(step).asLong()).append("</td>");
        }
        sb.append("<td>").append(g.path("mqlAfterNurture").asLong()).append("</td>");
        for (String rate : List.of("mqlRate", "sqlRate", "wonRate")) {
            sb.append("<td>").append(percent(c.path(rate))).append("</td>");
        }
        sb.append("<td>").append(hours(g.path("medianHoursLeadToMql"))).append("</td><td>")
                .append(hours(g.path("medianHoursMqlToFirstActivity"))).append("</td><td>")
                .append(g.path("slaBreaches").asLong()).append("</td></tr>");
    }

    /** Four horizontal bars (captured, MQL, SQL, won) on one scale for every group. */
    static String chart(JsonNode g, long max) {
        int height = STEPS.size() * (BAR_HEIGHT + 6) + 4;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"")
                .append(CHART_WIDTH + LABEL_WIDTH + 60).append("\" height=\"").append(height)
                .append("\" aria-label=\"").append(esc(g.path("group").asText())).append(" funnel\">");
        for (int i = 0; i < STEPS.size(); i++) {
            long value = g.path(STEPS.get(i)).asLong();
            int y = 2 + i * (BAR_HEIGHT + 6);
            int width = (int) Math.round(CHART_WIDTH * (double) value / max);
            svg.append("<text x=\"0\" y=\"").append(y + 16).append("\" font-size=\"14\">").append(LABELS.get(i)).append("</text>")
                    .append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y).append("\" width=\"")
                    .append(Math.max(width, value > 0 ? 2 : 0)).append("\" height=\"").append(BAR_HEIGHT)
                    .append("\" fill=\"").append(COLOURS.get(i)).append("\"><title>").append(LABELS.get(i)).append(": ")
                    .append(value).append("</title></rect>")
                    .append("<text x=\"").append(LABEL_WIDTH + width + 6).append("\" y=\"").append(y + 16)
                    .append("\" font-size=\"14\">").append(value).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String percent(JsonNode rate) {
        return rate.isNumber() ? String.format(Locale.ROOT, "%.1f %%", rate.asDouble() * 100) : "–";
    }

    private static String hours(JsonNode h) {
        return h.isNumber() ? String.format(Locale.ROOT, "%.1f", h.asDouble()) : "–";
    }
}

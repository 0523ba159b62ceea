package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import org.junit.jupiter.api.Test;

class FunnelPageTest {

    @Test
    void everyGroupGetsAChartOnOneScaleAndNamesAreEscaped() throws Exception {
        JsonNode report = Json.MAPPER.readTree("""
                {"from":"2026-11-01","to":"2026-11-30","by":"source","groups":[
                 {"group":"google","captured":8,"mql":5,"sql":3,"won":2,"mqlAfterNurture":4,
                  "conversion":{"mqlRate":0.625,"sqlRate":0.6,"wonRate":0.6667,"leadToWonRate":0.25},
                  "medianHoursLeadToMql":3.5,"medianHoursMqlToFirstActivity":2.5,"firstActivity":3,"slaBreaches":1},
                 {"group":"<b>x</b>","captured":4,"mql":0,"sql":0,"won":0,
                  "conversion":{"mqlRate":0.0,"sqlRate":null,"wonRate":null,"leadToWonRate":0.0},
                  "medianHoursLeadToMql":null,"medianHoursMqlToFirstActivity":null,"firstActivity":0,"slaBreaches":0}],
                 "total":{"group":"total","captured":12,"mql":5,"sql":3,"won":2,
                  "conversion":{"mqlRate":0.4167,"sqlRate":0.6,"wonRate":0.6667,"leadToWonRate":0.1667},
                  "medianHoursLeadToMql":3.5,"medianHoursMqlToFirstActivity":2.5,"firstActivity":3,"slaBreaches":1}}
                """);
        String page = FunnelPage.render(200, report, "2026-11-01", "2026-11-30", "source");
        assertThat(page.split("<svg", -1)).hasSize(3);
        assertThat(page).contains("&lt;b&gt;x&lt;/b&gt;").doesNotContain("<b>x</b>");
        assertThat(page).contains("62.5 %", "3.5", "<title>Won: 2</title>");
        assertThat(page).contains("<th>MQL after nurture</th>", "<td>2</td><td>4</td>");
        // on the scale of the largest group: 12 captured in total is the full width
        assertThat(page).contains("width=\"347\" height=\"22\" fill=\"#4e79a7\"><title>Captured: 8");
        assertThat(page).doesNotContain("<script", "<link", " src=");
    }
}

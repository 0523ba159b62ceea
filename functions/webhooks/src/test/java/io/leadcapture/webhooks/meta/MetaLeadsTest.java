package io.leadcapture.webhooks.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.PlatformMapping;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading Meta's webhook and lead documents: exact ids, times, field mapping. No I/O. */
class MetaLeadsTest {

    static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    @Test
    void idsStayExactWhetherNumbersOrStringsAndBeyondLong() throws Exception {
        JsonNode body = json("""
                {"object":"page","entry":[{"id":153125381133,"time":1438292065,"changes":[
                  {"field":"leadgen","value":{"leadgen_id":9223372036854775807,"page_id":"123123123",
                    "form_id":24576065432313123456,"adgroup_id":1.2312312312E10,"ad_id":"0012312312312","created_time":1440120384}},
                  {"field":"feed","value":{"item":"status"}},
                  {"field":"leadgen","value":{"page_id":1}}]},
                 {"id":2,"time":3,"changes":[{"field":"leadgen","value":{"leadgen_id":"1487263509812345678"}}]}]}""");

        List<MetaLeads.Change> changes = MetaLeads.changes(body);

        assertThat(changes).hasSize(3);
        MetaLeads.Change c = changes.get(0);
        assertThat(c.leadgenId()).isEqualTo("9223372036854775807");
        assertThat(c.pageId()).isEqualTo("123123123");
        assertThat(c.formId()).isEqualTo("24576065432313123456");
        assertThat(c.adgroupId()).as("no double rounding, no exponent").isEqualTo("12312312312");
        assertThat(c.adId()).isEqualTo("0012312312312");
        assertThat(c.createdTime()).isEqualTo("1440120384");
        assertThat(changes.get(1).leadgenId()).isNull();
        assertThat(changes.get(2).leadgenId()).isEqualTo("1487263509812345678");
    }

    @Test
    void nineteenDigitIdsSurviveTheProjectMapper() throws Exception {
        // a double holds 15–17 significant digits: 1487263509812345678 would become 1487263509812345600
        assertThat((long) (double) 1487263509812345678L).isNotEqualTo(1487263509812345678L);
        JsonNode n = json("{\"v\":1487263509812345678}").get("v");
        assertThat(PlatformMapping.text(n)).isEqualTo("1487263509812345678");
    }

    @Test
    void notAWebhookBodyIsRefused() {
        assertThatThrownBy(() -> MetaLeads.changes(json("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MetaLeads.changes(json("{\"object\":\"page\"}"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void graphFieldsMapToTheStandardVocabularyAndTheRestStaysCustom() throws Exception {
        MetaLeads.Change change = new MetaLeads.Change("1", "2", "3", "4", "5", "1440120384");
        JsonNode lead = json("""
                {"id":"1","field_data":[
                  {"name":"work_email","values":["j.weiss@firma.de"]},
                  {"name":"email","values":["joerg@web.de"]},
                  {"name":"work_phone_number","values":["+49 221 123456"]},
                  {"name":"post_code","values":["50667"]},
                  {"name":"state","values":["NRW"]},
                  {"name":"_hidden","values":["x"]},
                  {"name":"welche_produkte?","values":["A","B"]},
                  {"name":"empty","values":[]}]}""");

        MetaLeads.Mapped m = MetaLeads.map(change, lead);

        assertThat(m.fields().asMap())
                .containsEntry("email", List.of("joerg@web.de"))
                .containsEntry("work_email", List.of("j.weiss@firma.de"))
                .containsEntry("phone", List.of("+49 221 123456"))
                .containsEntry("postal_code", List.of("50667"))
                .containsEntry("state", List.of("NRW"))
                .containsEntry("hidden", List.of("x"))
                .containsEntry("welche_produkte?", List.of("A", "B"))
                .doesNotContainKey("empty");
        assertThat(m.occurredAt()).as("the webhook time when the lead has none").isEqualTo(Instant.ofEpochSecond(1440120384));
        assertThat(m.sourceIds()).containsEntry("leadgen_id", "1").containsEntry("page_id", "2")
                .containsEntry("form_id", "3").containsEntry("ad_id", "4").containsEntry("adgroup_id", "5");
    }

    @Test
    void graphTimesAreRead() {
        assertThat(MetaLeads.graphTime("2015-02-28T08:49:14+0000")).isEqualTo(Instant.parse("2015-02-28T08:49:14Z"));
        assertThat(MetaLeads.graphTime("2015-02-28T10:49:14+02:00")).isEqualTo(Instant.parse("2015-02-28T08:49:14Z"));
        assertThat(MetaLeads.graphTime("yesterday")).isNull();
        assertThat(MetaLeads.epochSeconds("abc")).isNull();
    }
}

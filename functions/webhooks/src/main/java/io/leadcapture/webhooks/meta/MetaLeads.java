package io.leadcapture.webhooks.meta;

import static io.leadcapture.webhooks.PlatformMapping.customName;
import static io.leadcapture.webhooks.PlatformMapping.put;
import static io.leadcapture.webhooks.PlatformMapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormFields;
import io.leadcapture.webhooks.PlatformMapping;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reading Meta's two documents (its Lead Ads webhook and "Retrieving Leads" guides): the
 * {@code leadgen} webhook body, whose ids arrive as JSON numbers or strings and are kept as exact
 * strings, and the lead the Graph API returns, whose {@code field_data[].name/values[]} become form
 * fields in the standard vocabulary. Pure: no I/O.
 */
public final class MetaLeads {
    /**
     * Meta's standard question keys → the standard field names. The {@code work_*} keys only fill
     * email/phone when the form asked for no personal one; otherwise they stay custom answers.
     */
    private static final Map<String, String> PRIMARY = Map.ofEntries(
            Map.entry("email", FieldNames.EMAIL),
            Map.entry("full_name", FieldNames.FULL_NAME),
            Map.entry("first_name", FieldNames.FIRST_NAME),
            Map.entry("last_name", FieldNames.LAST_NAME),
            Map.entry("phone_number", FieldNames.PHONE),
            Map.entry("phone", FieldNames.PHONE),
            Map.entry("company_name", FieldNames.COMPANY),
            Map.entry("company", FieldNames.COMPANY),
            Map.entry("job_title", FieldNames.JOB_TITLE),
            Map.entry("city", FieldNames.CITY),
            Map.entry("country", FieldNames.COUNTRY),
            Map.entry("zip_code", FieldNames.POSTAL_CODE),
            Map.entry("post_code", FieldNames.POSTAL_CODE),
            Map.entry("postal_code", FieldNames.POSTAL_CODE),
            Map.entry("zip", FieldNames.POSTAL_CODE));
    private static final Map<String, String> SECONDARY = Map.of(
            "work_email", FieldNames.EMAIL,
            "work_phone_number", FieldNames.PHONE);
    /** What a Graph object id can look like; anything else is not fetched (and not put into a URL). */
    private static final Pattern GRAPH_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    /** Graph's {@code created_time}: {@code 2015-02-28T08:49:14+0000}. */
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXX", Locale.ROOT);

    private MetaLeads() {
    }

    /** One {@code entry[].changes[]} item with {@code field == "leadgen"}; every id as Meta sent it, digit for digit. */
    public record Change(String leadgenId, String pageId, String formId, String adId, String adgroupId,
                         String createdTime) {
    }

    /** What is recorded for one lead: its fields, its platform ids and the time Meta gives for it. */
    public record Mapped(FormFields fields, Map<String, String> sourceIds, Instant occurredAt) {
    }

    /**
     * Every leadgen change of every entry, in delivery order. Changes of other fields are skipped;
     * leadgen changes without a usable {@code leadgen_id} are returned with a null id so the caller can count them.
     *
     * @throws IllegalArgumentException the body is not a webhook notification object
     */
    public static List<Change> changes(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        JsonNode entries = root.path("entry");
        if (!entries.isArray()) {
            throw new IllegalArgumentException("the body has no entry array");
        }
        List<Change> out = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode changes = entry.path("changes");
            if (!changes.isArray()) {
                continue;
            }
            for (JsonNode change : changes) {
                if (!"leadgen".equals(change.path("field").asText(null))) {
                    continue;
                }
                JsonNode v = change.path("value");
                String leadgenId = text(v.get("leadgen_id"));
                if (leadgenId != null && !GRAPH_ID.matcher(leadgenId).matches()) {
                    leadgenId = null;
                }
                out.add(new Change(leadgenId, text(v.get("page_id")), text(v.get("form_id")),
                        text(v.get("ad_id")), text(v.get("adgroup_id")), text(v.get("created_time"))));
            }
        }
        return out;
    }

    /** The lead from the Graph API, with the webhook's ids for whatever the lead object does not repeat. */
    public static Mapped map(Change change, JsonNode lead) {
        PlatformMapping.Answers answers = new PlatformMapping.Answers();
        for (JsonNode field : lead.path("field_data")) {
            String name = field.path("name").asText("").strip();
            List<String> values = values(field.path("values"));
            if (name.isEmpty() || values.isEmpty()) {
                continue;
            }
            String key = name.toLowerCase(Locale.ROOT);
            if (PRIMARY.containsKey(key) && !answers.has(PRIMARY.get(key))) {
                answers.standard(PRIMARY.get(key), values);
            } else if (SECONDARY.containsKey(key)) {
                answers.standIn(name, SECONDARY.get(key), values);
            } else {
                answers.custom(customName(name), values);
            }
        }
        answers.resolveStandIns();
        for (JsonNode d : lead.path("custom_disclaimer_responses")) {
            String key = d.path("checkbox_key").asText("").strip();
            String checked = text(d.get("is_checked"));
            if (!key.isEmpty()) {
                answers.custom("disclaimer:" + key, List.of(checked == null ? "" : checked));
            }
        }
        FormFields fields = answers.fields();

        Map<String, String> ids = new LinkedHashMap<>();
        put(ids, "leadgen_id", change.leadgenId() != null ? change.leadgenId() : text(lead.get("id")));
        put(ids, "page_id", change.pageId());
        put(ids, "form_id", first(text(lead.get("form_id")), change.formId()));
        put(ids, "ad_id", first(text(lead.get("ad_id")), change.adId()));
        put(ids, "adgroup_id", change.adgroupId());
        put(ids, "adset_id", text(lead.get("adset_id")));
        put(ids, "campaign_id", text(lead.get("campaign_id")));
        JsonNode organic = lead.get("is_organic");
        if (organic != null && (organic.isBoolean() || organic.isTextual() || organic.isNumber())) {
            put(ids, "is_organic", organic.isBoolean() ? Boolean.toString(organic.booleanValue())
                    : Boolean.toString(Boolean.parseBoolean(organic.asText()) || "1".equals(organic.asText())));
        }
        Instant at = graphTime(lead.path("created_time").asText(null));
        if (at == null) {
            at = epochSeconds(change.createdTime());
        }
        return new Mapped(fields, ids, at);
    }

    static Instant graphTime(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, GRAPH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    static Instant epochSeconds(String s) {
        if (s == null || !s.matches("\\d{1,12}")) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(s));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static List<String> values(JsonNode values) {
        List<String> out = new ArrayList<>();
        if (values.isArray()) {
            for (JsonNode v : values) {
                String s = v.isValueNode() ? (v.isNumber() ? text(v) : v.asText()) : null;
                if (s != null && !s.isBlank()) {
                    out.add(s);
                }
            }
        } else if (values.isValueNode() && !values.isNull() && !values.asText().isBlank()) {
            out.add(values.asText());
        }
        return out;
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}

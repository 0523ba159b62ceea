package io.leadcapture.webhooks.googleads;

import static io.leadcapture.webhooks.PlatformMapping.answer;
import static io.leadcapture.webhooks.PlatformMapping.put;
import static io.leadcapture.webhooks.PlatformMapping.text;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.application.PlatformFields;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Pii;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.webhooks.Signatures;
import io.leadcapture.webhooks.WebhookHandler;
import io.leadcapture.webhooks.WebhookSecrets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/google-ads}: Google Ads lead form asset webhooks.
 *
 * <p>Google signs nothing; the advertiser's key travels in the body as {@code google_key}
 * (Google Ads API: {@code google_secret}, "anti-spoofing secret"). It is compared in constant time
 * with {@code GOOGLE_ADS_WEBHOOK_KEY}; a missing or wrong key is 401 and nothing is stored. Each
 * {@code user_column_data[]} entry is mapped by its {@code column_id} onto the standard fields;
 * columns without a standard field are kept as custom answers named by {@code column_name}.
 * {@code gcl_id} is the click's gclid; {@code is_test} deliveries (the "send test data" button) are
 * stored as test interactions, never as real leads. {@code lead_id} is the delivery key ("use this
 * to dedupe leads"), so a resent lead records nothing new. Success is 200 once the lead is stored;
 * a DynamoDB fault is 503.
 */
public class GoogleAdsWebhookHandler extends WebhookHandler {
    public static final String SECRET_NAME = "GOOGLE_ADS_WEBHOOK_KEY";
    public static final String CHANNEL = "google_ads";
    static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(GoogleAdsWebhookHandler.class);

    /** column_id → standard field, for the predefined questions of LeadFormFieldUserInputType (and FIRST_/LAST_NAME). */
    static final Map<String, String> STANDARD_COLUMNS = Map.ofEntries(
            Map.entry("FULL_NAME", "full_name"),
            Map.entry("FIRST_NAME", "first_name"),
            Map.entry("GIVEN_NAME", "first_name"),
            Map.entry("LAST_NAME", "last_name"),
            Map.entry("FAMILY_NAME", "last_name"),
            Map.entry("EMAIL", "email"),
            Map.entry("PHONE_NUMBER", "phone"),
            Map.entry("COMPANY_NAME", "company"),
            Map.entry("JOB_TITLE", "job_title"),
            Map.entry("POSTAL_CODE", "postal_code"),
            Map.entry("CITY", "city"),
            Map.entry("COUNTRY", "country"),
            Map.entry("COMPANY_SIZE", "company_size"));

    /** Second choices: the work address or number is the lead's email / phone when the form has no personal one. */
    static final Map<String, String> FALLBACK_COLUMNS = Map.of("WORK_EMAIL", "email", "WORK_PHONE", "phone");

    /** Predefined address parts without a standard field: kept as {@code region} / {@code street_address}, whatever the form calls them. */
    static final Set<String> PREDEFINED_CUSTOM = Set.of("REGION", "STREET_ADDRESS");

    /** Government ids (CPF, DNI, RUT, …): never needed for a lead, never stored. */
    static final String GOVERNMENT_ID_PREFIX = "GOVERNMENT_ISSUED_ID";

    private final String key;
    private final FormDefinition channel;

    /** Used by Lambda: {@code TABLE_NAME}, the key (SSM via {@code GOOGLE_ADS_WEBHOOK_KEY_PARAMETER}), {@code DEFAULT_PHONE_REGION} (DE). */
    public GoogleAdsWebhookHandler() {
        this(lambdaCapture(), WebhookSecrets.fromEnvironment(), Env.phoneRegion());
    }

    /** @param defaultPhoneRegion region for phone numbers without {@code +country} when the lead has no country */
    public GoogleAdsWebhookHandler(CaptureLead capture, WebhookSecrets secrets, String defaultPhoneRegion) {
        super(MAX_BODY_BYTES, capture);
        String region = Env.phoneRegion(defaultPhoneRegion);
        this.key = secrets.require(SECRET_NAME);
        this.channel = CaptureCommand.platformChannel(CHANNEL, InteractionType.AD_LEAD, region);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        byte[] body = request.body();
        JsonNode lead = jsonObject(body);
        String sentKey = googleKey(lead);
        if (sentKey == null || !Signatures.constantTimeEquals(key, sentKey)) {
            metrics.count("WebhookSignatureInvalid");
            String code = sentKey == null ? "missing_key" : "invalid_key";
            LOG.warn("refused google ads lead: 401 {} (form {}, campaign {})", code, text(lead, "form_id"),
                    text(lead, "campaign_id"));
            return HttpResponses.error(401, code, sentKey == null
                    ? "The body has no google_key." : "google_key is not the key configured for this webhook.",
                    Map.of(), Map.of());
        }
        return record(lead, body);
    }

    private APIGatewayV2HTTPResponse record(JsonNode lead, byte[] body) {
        boolean test = lead.path("is_test").asBoolean(false);
        JsonNode columns = lead.path("user_column_data");
        if (!columns.isMissingNode() && !columns.isNull() && !columns.isArray()) {
            throw new ApiException(400, "malformed_body", "user_column_data is not a list.");
        }
        FormFields fields = fields(columns);
        answer(fields, "gclid", text(lead, "gcl_id"));

        String leadId = text(lead, "lead_id");
        Map<String, String> sourceIds = new LinkedHashMap<>();
        put(sourceIds, "leadId", leadId);
        put(sourceIds, "formId", text(lead, "form_id"));
        put(sourceIds, "campaignId", text(lead, "campaign_id"));
        put(sourceIds, "adgroupId", text(lead, "adgroup_id"));
        put(sourceIds, "creativeId", text(lead, "creative_id"));
        put(sourceIds, "assetGroupId", text(lead, "asset_group_id"));
        put(sourceIds, "apiVersion", text(lead, "api_version"));

        // lead_id is documented as always present and unique across forms; without it, only an
        // identical resend of the same bytes is recognised.
        String deliveryKey = leadId != null ? leadId : "body-sha256:" + IdempotencyKey.sha256Hex(body);
        if (leadId == null) {
            LOG.warn("google ads lead without lead_id; deduplicated by body hash");
        }
        CaptureResult result;
        try {
            result = record(channel, fields, sourceIds, isoInstant(text(lead, "lead_submit_time")), test,
                    deliveryKey);
        } catch (ValidationException e) {
            LOG.info("google ads lead (form {}, test {}) has no valid email or phone; skipped (fields {})",
                    sourceIds.get("formId"), test, e.fields().keySet());
            return invalid(e);
        }
        Map<String, Object> answer = captured(result);
        answer.put("test", test);
        LOG.info("captured google ads lead (form {}, campaign {}, test {}) on lead {} ({}, replayed {}, email {})",
                sourceIds.get("formId"), sourceIds.get("campaignId"), test, result.leadId(), result.outcome().wireName(),
                result.replayed(), maskedEmail(first(fields, "email")));
        return HttpResponses.json(200, answer, Map.of());
    }

    /**
     * The columns in the standard vocabulary. Predefined questions come first, so they win over a
     * custom question whose name happens to be a standard field ("Phone"); WORK_EMAIL / WORK_PHONE
     * are the email / phone when the form has no EMAIL / PHONE_NUMBER, else kept as
     * {@code work_email} / {@code work_phone}; REGION and STREET_ADDRESS are kept as {@code region} /
     * {@code street_address} (stable names: {@code column_name} is the form's own, localised label);
     * any other column is kept by its {@code column_name}; government ids are dropped.
     */
    static FormFields fields(JsonNode columns) {
        Map<String, String> standard = new LinkedHashMap<>();
        Map<String, String> extraPredefined = new LinkedHashMap<>();
        FormFields custom = new FormFields();
        for (JsonNode column : columns) {
            String id = text(column, "column_id");
            String upper = id == null ? "" : id.toUpperCase(Locale.ROOT);
            String value = text(column, "string_value");
            if (value == null || upper.startsWith(GOVERNMENT_ID_PREFIX)) {
                continue;
            }
            String field = STANDARD_COLUMNS.get(upper);
            if (field != null && !standard.containsKey(field)) {
                standard.put(field, value);
            } else if (field != null || FALLBACK_COLUMNS.containsKey(upper) || PREDEFINED_CUSTOM.contains(upper)) {
                extraPredefined.putIfAbsent(upper, value);
            } else {
                String name = text(column, "column_name");
                answer(custom, name != null ? name : id == null ? null : id.toLowerCase(Locale.ROOT), value);
            }
        }
        extraPredefined.forEach((id, value) -> {
            String field = FALLBACK_COLUMNS.get(id);
            if (field != null && !standard.containsKey(field)) {
                standard.put(field, value);
            } else {
                answer(custom, id.toLowerCase(Locale.ROOT), value);
            }
        });
        FormFields out = new FormFields();
        standard.forEach((field, value) -> answer(out, field, value));
        custom.asMap().forEach((name, values) -> values.forEach(v -> out.add(name, v)));
        return out;
    }

    /** The first value given for a standard field, or null. */
    private static String first(FormFields fields, String standardName) {
        for (Map.Entry<String, List<String>> e : fields.asMap().entrySet()) {
            if (standardName.equals(PlatformFields.standard(e.getKey()))) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** {@code google_key}; one of Google's own test samples spells it {@code Google_key}. */
    private static String googleKey(JsonNode lead) {
        String exact = text(lead, "google_key");
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = lead.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equalsIgnoreCase("google_key")) {
                return text(lead, name);
            }
        }
        return null;
    }

    private static Instant isoInstant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String maskedEmail(String email) {
        return email == null ? null : Pii.maskEmail(EmailAddresses.normalise(email).orElse(email));
    }
}

package io.leadcapture.webhooks.linkedin;

import static io.leadcapture.webhooks.PlatformMapping.customName;
import static io.leadcapture.webhooks.PlatformMapping.put;
import static io.leadcapture.webhooks.PlatformMapping.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormFields;
import io.leadcapture.webhooks.PlatformMapping;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading LinkedIn's documents (its Lead Sync API documentation): the Lead Sync {@code LEAD_ACTION}
 * notification, and the form response whose {@code formResponse.answers[]} are joined by
 * {@code questionId} to the form's {@code content.questions[]} to find each answer's
 * {@code predefinedField}. Pure: no I/O.
 */
public final class LinkedInLeads {
    public static final String RESPONSE_URN_PREFIX = "urn:li:leadGenFormResponse:";
    /** What a form response id can look like; anything else is not fetched (and not put into a URL). */
    private static final Pattern RESPONSE_ID = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");
    private static final Pattern FORM_URN = Pattern.compile("urn:li:leadGenForm:(\\d{1,20})");

    /** LinkedIn's predefined questions → the standard field names. */
    private static final Map<String, String> PRIMARY = Map.ofEntries(
            Map.entry("FIRST_NAME", FieldNames.FIRST_NAME),
            Map.entry("LAST_NAME", FieldNames.LAST_NAME),
            Map.entry("FULL_NAME", FieldNames.FULL_NAME),
            Map.entry("EMAIL", FieldNames.EMAIL),
            Map.entry("PHONE_NUMBER", FieldNames.PHONE),
            Map.entry("COMPANY_NAME", FieldNames.COMPANY),
            Map.entry("JOB_TITLE", FieldNames.JOB_TITLE),
            Map.entry("INDUSTRY", FieldNames.INDUSTRY),
            Map.entry("COMPANY_SIZE", FieldNames.COMPANY_SIZE),
            Map.entry("COUNTRY", FieldNames.COUNTRY),
            Map.entry("CITY", FieldNames.CITY),
            Map.entry("ZIP_CODE", FieldNames.POSTAL_CODE),
            Map.entry("POSTAL_CODE", FieldNames.POSTAL_CODE));
    /** Used only when the form asked for no personal email / phone; otherwise kept as custom answers. */
    private static final Map<String, String> SECONDARY = Map.of(
            "WORK_EMAIL", FieldNames.EMAIL,
            "WORK_PHONE_NUMBER", FieldNames.PHONE,
            "MOBILE_PHONE_NUMBER", FieldNames.PHONE);
    private static final Set<String> ATTRIBUTION = Set.of(FieldNames.UTM_SOURCE, FieldNames.UTM_MEDIUM,
            FieldNames.UTM_CAMPAIGN, FieldNames.UTM_TERM, FieldNames.UTM_CONTENT, FieldNames.GCLID, FieldNames.FBCLID,
            FieldNames.MSCLKID);

    private LinkedInLeads() {
    }

    /**
     * One lead notification.
     *
     * @param responseUrn {@code urn:li:leadGenFormResponse:<id>}: the lead's identity and dedup key
     * @param responseId  its id part, the path of {@code /rest/leadFormResponses/{id}}
     * @param action      {@code CREATED}, {@code DELETED} or null
     * @param ids         the notification's platform ids: form, owner, associated entity, lead type
     * @param occurredAt  the notification's {@code occurredAt}, or null
     */
    public record Notification(String type, String responseUrn, String responseId, String action,
                               Map<String, String> ids, Instant occurredAt) {
        public boolean isCreatedLead() {
            return responseUrn != null && (type == null || "LEAD_ACTION".equals(type))
                    && (action == null || "CREATED".equals(action));
        }
    }

    /** What is recorded for one lead. */
    public record Mapped(FormFields fields, Map<String, String> sourceIds, Instant occurredAt, boolean test) {
    }

    /**
     * The notifications of a body: one object as LinkedIn documents it, or an array of them.
     *
     * @throws IllegalArgumentException the body is neither
     */
    public static List<Notification> notifications(JsonNode root) {
        List<Notification> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            out.add(notification(root));
        } else if (root != null && root.isArray() && !root.isEmpty()) {
            for (JsonNode n : root) {
                if (!n.isObject()) {
                    throw new IllegalArgumentException("an element of the body is not an object");
                }
                out.add(notification(n));
            }
        } else {
            throw new IllegalArgumentException("the body is not a notification object");
        }
        return out;
    }

    private static Notification notification(JsonNode n) {
        String raw = text(n.get("leadGenFormResponse"));
        String urn = null;
        String id = null;
        if (raw != null) {
            id = raw.startsWith(RESPONSE_URN_PREFIX) ? raw.substring(RESPONSE_URN_PREFIX.length()) : raw;
            if (RESPONSE_ID.matcher(id).matches()) {
                urn = RESPONSE_URN_PREFIX + id;
            } else {
                id = null;
            }
        }
        Map<String, String> ids = new LinkedHashMap<>();
        put(ids, "leadGenFormResponse", urn);
        put(ids, "leadGenForm", text(n.get("leadGenForm")));
        copyUrns(n.path("owner"), ids);
        copyUrns(n.path("associatedEntity"), ids);
        put(ids, "leadType", text(n.get("leadType")));
        return new Notification(text(n.get("type")), urn, id, text(n.get("leadAction")), ids,
                epochMillis(n.get("occurredAt")));
    }

    /** The numeric form id of {@code urn:li:versionedLeadGenForm:(urn:li:leadGenForm:123,1)} or {@code urn:li:leadGenForm:123}. */
    public static String formId(String formUrn) {
        if (formUrn == null) {
            return null;
        }
        Matcher m = FORM_URN.matcher(formUrn);
        return m.find() ? m.group(1) : null;
    }

    /** The versioned form URN a response names, falling back to the notification's. */
    public static String formUrn(Notification n, JsonNode response) {
        String fromResponse = text(response.get("versionedLeadGenFormUrn"));
        return fromResponse != null ? fromResponse : n.ids().get("leadGenForm");
    }

    /** The form embedded in a response (when LinkedIn decorated it), or null. */
    public static JsonNode embeddedForm(JsonNode response) {
        JsonNode form = response.path("form");
        return form.path("content").path("questions").isArray() ? form : null;
    }

    /**
     * The response's answers as form fields, with the platform ids of notification and response.
     *
     * @param form the lead form with {@code content.questions[]}; null maps every answer as a custom one
     */
    public static Mapped map(Notification n, JsonNode response, JsonNode form) {
        Map<String, JsonNode> questions = new HashMap<>();
        if (form != null) {
            for (JsonNode q : form.path("content").path("questions")) {
                String qid = text(q.get("questionId"));
                if (qid != null) {
                    questions.put(qid, q);
                }
            }
        }
        PlatformMapping.Answers answers = new PlatformMapping.Answers();
        JsonNode formResponse = response.path("formResponse");
        for (JsonNode answer : formResponse.path("answers")) {
            String qid = text(answer.get("questionId"));
            JsonNode question = qid == null ? null : questions.get(qid);
            List<String> values = answerValues(answer, question);
            if (values.isEmpty()) {
                continue;
            }
            String predefined = question == null ? null : text(question.get("predefinedField"));
            String key = predefined == null ? null : predefined.toUpperCase(Locale.ROOT);
            if (key != null && PRIMARY.containsKey(key) && !answers.has(PRIMARY.get(key))) {
                answers.standard(PRIMARY.get(key), values);
            } else if (key != null && SECONDARY.containsKey(key)) {
                answers.standIn(key.toLowerCase(Locale.ROOT), SECONDARY.get(key), values);
            } else {
                String name = key != null ? key.toLowerCase(Locale.ROOT) : questionName(question, qid);
                answers.custom(customName(name), values);
            }
        }
        answers.resolveStandIns();
        for (JsonNode consent : formResponse.path("consentResponses")) {
            String cid = text(consent.get("consentId"));
            JsonNode accepted = consent.get("accepted");
            if (cid != null && accepted != null && accepted.isBoolean()) {
                answers.custom("consent_" + cid, List.of(accepted.booleanValue() ? "accepted" : "declined"));
            }
        }
        if (form != null) {
            for (JsonNode hidden : form.path("hiddenFields")) {
                String name = text(hidden.get("name"));
                String value = text(hidden.get("value"));
                if (name == null || value == null) {
                    continue;
                }
                String snake = FieldNames.snakeCase(name);
                if (ATTRIBUTION.contains(snake) && !answers.has(snake)) {
                    answers.standard(snake, List.of(value)); // campaign tags carried as hidden fields
                } else {
                    answers.custom("hidden:" + name, List.of(value));
                }
            }
        }
        FormFields fields = answers.fields();

        Map<String, String> ids = new LinkedHashMap<>(n.ids());
        put(ids, "leadGenForm", text(response.get("versionedLeadGenFormUrn")));
        copyUrns(response.path("owner"), ids);
        copyUrns(response.path("associatedEntity"), ids);
        JsonNode sponsored = response.path("leadMetadata").path("sponsoredLeadMetadata");
        put(ids, "campaign", text(sponsored.get("campaign")));
        put(ids, "leadType", text(response.get("leadType")));

        Instant at = epochMillis(response.get("submittedAt"));
        boolean test = response.path("testLead").asBoolean(false);
        return new Mapped(fields, ids, at != null ? at : n.occurredAt(), test);
    }

    /** Text answers as they are; multiple-choice option ids resolved to the option texts of the form. */
    private static List<String> answerValues(JsonNode answer, JsonNode question) {
        JsonNode details = answer.has("answerDetails") ? answer.path("answerDetails") : answer.path("accepted");
        List<String> out = new ArrayList<>();
        String text = text(details.path("textQuestionAnswer").get("answer"));
        if (text != null) {
            out.add(text);
            return out;
        }
        JsonNode options = details.path("multipleChoiceAnswer").path("options");
        if (options.isArray()) {
            Map<String, String> labels = new HashMap<>();
            if (question != null) {
                for (JsonNode o : question.path("questionDetails").path("multipleChoiceQuestionDetails").path("options")) {
                    String oid = text(o.get("id"));
                    String label = localized(o.get("text"));
                    if (oid != null && label != null) {
                        labels.put(oid, label);
                    }
                }
            }
            for (JsonNode o : options) {
                String oid = text(o);
                if (oid != null) {
                    out.add(labels.getOrDefault(oid, oid));
                }
            }
        }
        return out;
    }

    private static String questionName(JsonNode question, String qid) {
        if (question != null) {
            String name = text(question.get("name"));
            if (name != null) {
                return name;
            }
            String asked = localized(question.get("question"));
            if (asked != null) {
                return asked;
            }
        }
        return "question_" + (qid == null ? "unknown" : qid);
    }

    /** A plain string, or the first value of a {@code {"localized": {"en_US": "…"}}} object. */
    private static String localized(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return text(node);
        }
        JsonNode localized = node.path("localized");
        Iterator<JsonNode> values = localized.elements();
        return values.hasNext() ? text(values.next()) : null;
    }

    /** Every textual field of an owner / associated-entity object, by its key (sponsoredAccount, organization, …). */
    private static void copyUrns(JsonNode object, Map<String, String> ids) {
        if (!object.isObject()) {
            return;
        }
        object.fields().forEachRemaining(e -> put(ids, e.getKey(), text(e.getValue())));
    }

    static Instant epochMillis(JsonNode n) {
        String s = text(n);
        if (s == null || !s.matches("\\d{1,15}")) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Long.parseLong(s));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}

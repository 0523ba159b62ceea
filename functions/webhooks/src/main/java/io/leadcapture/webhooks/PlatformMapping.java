package io.leadcapture.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every channel's mapping of a platform document onto form fields and source ids does the
 * same way: ids read as exact text, source ids only when present, custom answers named so that they
 * stay answers. Pure: no I/O.
 */
public final class PlatformMapping {
    private PlatformMapping() {
    }

    /**
     * A scalar as its exact text: numbers never pass through double ({@code Json.MAPPER} reads
     * integers as long/BigInteger and other numbers as BigDecimal, so a 19-digit id keeps every
     * digit), strings stripped; null, missing, blank, objects and arrays are null.
     */
    public static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.bigIntegerValue().toString();
        }
        if (n.isNumber()) {
            return n.decimalValue().toPlainString();
        }
        String s = n.asText().strip();
        return s.isEmpty() ? null : s;
    }

    /** {@link #text(JsonNode)} of a field of {@code parent} (null parent: null). */
    public static String text(JsonNode parent, String field) {
        return text(parent == null ? null : parent.get(field));
    }

    /**
     * Adds an answer that has a name and a value; a missing or blank one is absent, as in a form
     * post, and takes no place among the answers.
     */
    public static FormFields answer(FormFields fields, String name, String value) {
        if (name != null && !name.isBlank() && value != null && !value.isBlank()) {
            fields.add(name, value);
        }
        return fields;
    }

    /**
     * Puts an id only when it has a value, cleaned as any stored text ({@link Text#singleLine}): some
     * are free text (a webinar's topic).
     */
    public static void put(Map<String, String> ids, String name, String value) {
        String clean = Text.singleLine(value);
        if (clean != null) {
            ids.put(name, clean);
        }
    }

    /** Both lists, in order: for {@code Map.merge} of repeated answers. */
    public static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * Answers outside the standard vocabulary keep the platform's key, except where it would be read
     * as something else: a custom question keyed like the consent checkbox stays an answer (a
     * platform answer is no consent with evidence), and names starting with {@code _} (control fields
     * of the form path, which are dropped) lose the underscore.
     */
    public static String customName(String name) {
        String n = name.strip().replaceFirst("^_+", "");
        if (n.isEmpty()) {
            n = "field";
        }
        String snake = FieldNames.snakeCase(n);
        if (snake.equals(FieldNames.CONSENT) || snake.equals(FieldNames.BUDGET_RESPONSIBILITY)) {
            return n + "_answer";
        }
        return n;
    }

    /**
     * A lead form's answers sorted into the standard vocabulary the way ad platforms deliver them:
     * the first answer to a standard field fills it (one value); a stand-in such as a work email or
     * phone fills its field only when no answer did, otherwise it stays a custom answer; everything
     * else is a custom answer, repeated names collecting every value. Standard fields come first.
     */
    public static final class Answers {
        private final Map<String, List<String>> standard = new LinkedHashMap<>();
        private final Map<String, List<String>> custom = new LinkedHashMap<>();
        private final Map<String, Map.Entry<String, List<String>>> standIns = new LinkedHashMap<>();

        public boolean has(String field) {
            return standard.containsKey(field);
        }

        /** The field's answer: the first of {@code values}. */
        public void standard(String field, List<String> values) {
            standard.put(field, values.subList(0, 1));
        }

        /**
         * An answer for {@code field} only if no other answer fills it by {@link #resolveStandIns()};
         * else kept as custom answer {@code name}.
         */
        public void standIn(String name, String field, List<String> values) {
            standIns.put(name, Map.entry(field, values));
        }

        public void custom(String name, List<String> values) {
            custom.merge(name, values, PlatformMapping::concat);
        }

        /** The stand-ins, in the order given: each fills its field when still empty, else becomes a custom answer. */
        public void resolveStandIns() {
            standIns.forEach((name, standIn) -> {
                if (!has(standIn.getKey())) {
                    standard(standIn.getKey(), standIn.getValue());
                } else {
                    custom(name, standIn.getValue());
                }
            });
            standIns.clear();
        }

        public FormFields fields() {
            FormFields fields = new FormFields();
            standard.forEach((name, values) -> values.forEach(v -> fields.add(name, v)));
            custom.forEach((name, values) -> values.forEach(v -> fields.add(name, v)));
            return fields;
        }
    }
}

package io.leadcapture.local.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Lambda event-filtering pattern ({@code FilterCriteria.Filters[].Pattern}), with the semantics
 * Lambda shares with EventBridge event patterns, for the subset this project uses:
 *
 * <ul>
 *   <li>nested objects follow the event's structure; every field named in the pattern must match
 *       (AND); the event's other fields are ignored;</li>
 *   <li>a leaf is an array of match conditions, any one of which may match (OR): exact strings,
 *       numbers, booleans and {@code null}; {@code {"prefix": "…"}}, {@code {"suffix": "…"}},
 *       {@code {"equals-ignore-case": "…"}}, {@code {"anything-but": …}} (a value, a list of values,
 *       {@code {"prefix": "…"}} or {@code {"suffix": "…"}}), {@code {"exists": true|false}} and
 *       {@code {"numeric": [">", 0, "<=", 5]}} / {@code {"numeric": ["=", 5]}};</li>
 *   <li>conditions apply to the event's leaves (strings, numbers, booleans, null); an array in the
 *       event matches when any of its elements does; an object is not a leaf, so
 *       {@code {"exists": true}} on an intermediate node never matches (as Lambda documents for
 *       DynamoDB JSON: test {@code {"email": {"S": [{"exists": true}]}}}, not {@code "email"});</li>
 *   <li>exact numbers compare by their JSON text (Lambda: 300 and 300.0 are not equal); {@code numeric}
 *       matches JSON numbers only, so it never matches a DynamoDB {@code {"N": "5"}} value, which is a
 *       string — Lambda documents the same limitation for DynamoDB event sources.</li>
 * </ul>
 *
 * Anything else ({@code wildcard}, {@code cidr}, {@code $or}, …) is refused by {@link #parse} with an
 * {@link InvalidFilterPatternException}, so a template the local runner cannot honour fails at start-up
 * instead of silently delivering the wrong records.
 */
public final class FilterPattern {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> UNSUPPORTED = Set.of("wildcard", "cidr", "$or");

    private final String source;
    private final List<FieldRule> rules;

    private FilterPattern(String source, List<FieldRule> rules) {
        this.source = source;
        this.rules = rules;
    }

    /** Parses and checks a pattern; throws {@link InvalidFilterPatternException} naming the problem. */
    public static FilterPattern parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidFilterPatternException("a filter pattern must be a JSON object, got nothing");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidFilterPatternException("not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFilterPatternException("a filter pattern must be a JSON object, got " + json.strip());
        }
        List<FieldRule> rules = new ArrayList<>();
        compileObject(root, new ArrayList<>(), rules);
        return new FilterPattern(json, List.copyOf(rules));
    }

    /** The pattern as written. */
    public String source() {
        return source;
    }

    /** True when every field of the pattern matches the event (a stream record as JSON). */
    public boolean matches(JsonNode event) {
        for (FieldRule rule : rules) {
            if (!rule.matches(event)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return source;
    }

    private static void compileObject(JsonNode node, List<String> path, List<FieldRule> out) {
        if (node.isEmpty()) {
            throw new InvalidFilterPatternException(where(path) + "an empty object matches nothing in a pattern");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            if (e.getKey().startsWith("$")) {
                throw new InvalidFilterPatternException(where(p) + "operator " + e.getKey() + " is not supported by the local event filter");
            }
            JsonNode v = e.getValue();
            if (v.isObject()) {
                compileObject(v, p, out);
            } else if (v.isArray()) {
                out.add(new FieldRule(List.copyOf(p), compileConditions(v, p)));
            } else {
                throw new InvalidFilterPatternException(where(p) + "match values must be in an array, e.g. [" + v + "], got " + v);
            }
        }
    }

    private static List<Condition> compileConditions(JsonNode array, List<String> path) {
        if (array.isEmpty()) {
            throw new InvalidFilterPatternException(where(path) + "an empty array of match values matches nothing");
        }
        List<Condition> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (v.isTextual()) {
                String s = v.textValue();
                out.add(leaf -> leaf.isTextual() && leaf.textValue().equals(s));
            } else if (v.isNumber()) {
                String text = v.asText();
                out.add(leaf -> leaf.isNumber() && leaf.asText().equals(text));
            } else if (v.isBoolean()) {
                boolean b = v.booleanValue();
                out.add(leaf -> leaf.isBoolean() && leaf.booleanValue() == b);
            } else if (v.isNull()) {
                out.add(JsonNode::isNull);
            } else if (v.isObject()) {
                out.add(compileOperator(v, path));
            } else {
                throw new InvalidFilterPatternException(where(path) + "nested arrays are not allowed: " + v);
            }
        }
        return List.copyOf(out);
    }

    private static Condition compileOperator(JsonNode op, List<String> path) {
        if (op.size() != 1) {
            throw new InvalidFilterPatternException(where(path) + "a match object must hold exactly one operator, got " + op);
        }
        Map.Entry<String, JsonNode> e = op.fields().next();
        String name = e.getKey();
        JsonNode arg = e.getValue();
        switch (name) {
            case "prefix": {
                String prefix = requireString(arg, path, name);
                return leaf -> leaf.isTextual() && leaf.textValue().startsWith(prefix);
            }
            case "suffix": {
                String suffix = requireString(arg, path, name);
                return leaf -> leaf.isTextual() && leaf.textValue().endsWith(suffix);
            }
            case "equals-ignore-case": {
                String value = requireString(arg, path, name);
                return leaf -> leaf.isTextual() && leaf.textValue().equalsIgnoreCase(value);
            }
            case "exists": {
                if (!arg.isBoolean()) {
                    throw new InvalidFilterPatternException(where(path) + "\"exists\" takes true or false, got " + arg);
                }
                return new Exists(arg.booleanValue());
            }
            case "anything-but":
                return anythingBut(arg, path);
            case "numeric":
                return numeric(arg, path);
            default:
                if (UNSUPPORTED.contains(name)) {
                    throw new InvalidFilterPatternException(where(path) + "operator \"" + name + "\" is not supported by the local event filter");
                }
                throw new InvalidFilterPatternException(where(path) + "unknown operator \"" + name + "\"");
        }
    }

    private static Condition anythingBut(JsonNode arg, List<String> path) {
        if (arg.isObject()) {
            if (arg.size() != 1) {
                throw new InvalidFilterPatternException(where(path) + "\"anything-but\" takes one of {\"prefix\": …} or {\"suffix\": …}, got " + arg);
            }
            Map.Entry<String, JsonNode> inner = arg.fields().next();
            String value = requireString(inner.getValue(), path, "anything-but/" + inner.getKey());
            switch (inner.getKey()) {
                case "prefix":
                    return leaf -> !(leaf.isTextual() && leaf.textValue().startsWith(value));
                case "suffix":
                    return leaf -> !(leaf.isTextual() && leaf.textValue().endsWith(value));
                default:
                    throw new InvalidFilterPatternException(where(path) + "\"anything-but\": {\"" + inner.getKey() + "\"} is not supported by the local event filter");
            }
        }
        List<JsonNode> values = new ArrayList<>();
        if (arg.isArray()) {
            if (arg.isEmpty()) {
                throw new InvalidFilterPatternException(where(path) + "\"anything-but\" needs at least one value");
            }
            arg.forEach(values::add);
        } else {
            values.add(arg);
        }
        boolean strings = values.get(0).isTextual();
        for (JsonNode v : values) {
            if (!(v.isTextual() || v.isNumber()) || v.isTextual() != strings) {
                throw new InvalidFilterPatternException(where(path) + "\"anything-but\" values must be all strings or all numbers, got " + arg);
            }
        }
        Set<String> excluded = new java.util.HashSet<>();
        values.forEach(v -> excluded.add(v.asText()));
        return strings
                ? leaf -> !(leaf.isTextual() && excluded.contains(leaf.textValue()))
                : leaf -> !(leaf.isNumber() && excluded.contains(leaf.asText()));
    }

    private static Condition numeric(JsonNode arg, List<String> path) {
        if (!arg.isArray() || arg.isEmpty() || arg.size() % 2 != 0 || arg.size() > 4) {
            throw new InvalidFilterPatternException(where(path) + "\"numeric\" takes [op, number] or [lower-op, number, upper-op, number], got " + arg);
        }
        BigDecimal lower = null;
        BigDecimal upper = null;
        boolean lowerInclusive = false;
        boolean upperInclusive = false;
        BigDecimal equal = null;
        for (int i = 0; i < arg.size(); i += 2) {
            JsonNode op = arg.get(i);
            JsonNode n = arg.get(i + 1);
            if (!op.isTextual() || !n.isNumber()) {
                throw new InvalidFilterPatternException(where(path) + "\"numeric\" wants an operator string followed by a number, got " + arg);
            }
            BigDecimal value = n.decimalValue();
            switch (op.textValue()) {
                case "=":
                    if (arg.size() != 2) {
                        throw new InvalidFilterPatternException(where(path) + "\"numeric\": \"=\" cannot be combined with a range, got " + arg);
                    }
                    equal = value;
                    break;
                case ">":
                case ">=":
                    if (lower != null || i != 0) {
                        throw new InvalidFilterPatternException(where(path) + "\"numeric\": the lower bound (> or >=) must come first and only once, got " + arg);
                    }
                    lower = value;
                    lowerInclusive = op.textValue().equals(">=");
                    break;
                case "<":
                case "<=":
                    if (upper != null) {
                        throw new InvalidFilterPatternException(where(path) + "\"numeric\": only one upper bound (< or <=), got " + arg);
                    }
                    upper = value;
                    upperInclusive = op.textValue().equals("<=");
                    break;
                default:
                    throw new InvalidFilterPatternException(where(path) + "\"numeric\": unknown operator \"" + op.textValue() + "\" (use =, <, <=, >, >=)");
            }
        }
        if (arg.size() == 4 && (lower == null || upper == null)) {
            throw new InvalidFilterPatternException(where(path) + "\"numeric\": a range needs a lower (> or >=) and an upper (< or <=) bound, got " + arg);
        }
        if (lower != null && upper != null && lower.compareTo(upper) >= 0) {
            throw new InvalidFilterPatternException(where(path) + "\"numeric\": empty range " + arg);
        }
        final BigDecimal eq = equal;
        final BigDecimal lo = lower;
        final BigDecimal hi = upper;
        final boolean loIn = lowerInclusive;
        final boolean hiIn = upperInclusive;
        return leaf -> {
            if (!leaf.isNumber()) {
                return false;
            }
            BigDecimal v = leaf.decimalValue();
            if (eq != null) {
                return v.compareTo(eq) == 0;
            }
            if (lo != null) {
                int c = v.compareTo(lo);
                if (c < 0 || (c == 0 && !loIn)) {
                    return false;
                }
            }
            if (hi != null) {
                int c = v.compareTo(hi);
                return c < 0 || (c == 0 && hiIn);
            }
            return true;
        };
    }

    private static String requireString(JsonNode arg, List<String> path, String op) {
        if (!arg.isTextual()) {
            throw new InvalidFilterPatternException(where(path) + "\"" + op + "\" takes a string, got " + arg);
        }
        return arg.textValue();
    }

    private static String where(List<String> path) {
        return path.isEmpty() ? "" : String.join(".", path) + ": ";
    }

    /** The event's leaves (non-object, non-array values) at a path; arrays are searched element-wise. */
    static void leaves(JsonNode node, List<String> path, int i, List<JsonNode> out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                leaves(element, path, i, out);
            }
            return;
        }
        if (i == path.size()) {
            if (!node.isObject()) {
                out.add(node);
            }
            return;
        }
        if (node.isObject()) {
            leaves(node.get(path.get(i)), path, i + 1, out);
        }
    }

    @FunctionalInterface
    private interface Condition {
        boolean test(JsonNode leaf);
    }

    private record Exists(boolean expected) implements Condition {
        @Override
        public boolean test(JsonNode leaf) {
            return expected;
        }
    }

    private record FieldRule(List<String> path, List<Condition> conditions) {
        boolean matches(JsonNode event) {
            List<JsonNode> found = new ArrayList<>();
            leaves(event, path, 0, found);
            if (found.isEmpty()) {
                for (Condition c : conditions) {
                    if (c instanceof Exists exists && !exists.expected()) {
                        return true;
                    }
                }
                return false;
            }
            for (Condition c : conditions) {
                for (JsonNode leaf : found) {
                    if (c.test(leaf)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** A pattern Lambda would refuse (or the local filter cannot honour); the message names the field. */
    public static final class InvalidFilterPatternException extends IllegalArgumentException {
        public InvalidFilterPatternException(String message) {
            super(message);
        }
    }
}

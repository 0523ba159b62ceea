package io.leadcapture.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Strict reading of one object of a config file's tree, for a file read on every cold start: walking
 * the tree costs a fraction of Jackson's data binding, which sets up a deserializer per model class
 * by reflection first (benchmarks.md). As strict as the binding: a key not named is an error, a
 * scalar key holding a list or object too; each error is an {@link IllegalArgumentException} that
 * names the place in the file ({@code where}) and the key.
 */
final class ConfigTree {
    private final JsonNode node;
    private final String where;

    private ConfigTree(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /**
     * {@code node} as an object allowed to hold only {@code keys}; null for a missing or null node.
     *
     * @param where how an error names this object, e.g. {@code form 'demo'}
     */
    static ConfigTree object(JsonNode node, String where, String... keys) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + " must be a mapping of keys");
        }
        Set<String> known = Set.of(keys);
        for (String name : (Iterable<String>) node::fieldNames) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown key '" + name + "' (known: "
                        + String.join(", ", Arrays.asList(keys)) + ")");
            }
        }
        return new ConfigTree(node, where);
    }

    /** The object under {@code key}, allowed to hold only {@code keys}; null when absent. */
    ConfigTree object(String key, String... keys) {
        return object(node.get(key), where + ": " + key, keys);
    }

    /** The raw node under {@code key}, or null when absent or null. */
    JsonNode node(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** A scalar as text (numbers and booleans as written); null when absent. */
    String text(String key) {
        return scalar(node(key), key);
    }

    /** An integer; null when absent. */
    Integer integer(String key) {
        JsonNode v = node(key);
        if (v == null) {
            return null;
        }
        if (v.canConvertToInt() && v.isIntegralNumber()) {
            return v.intValue();
        }
        if (v.isTextual()) {
            try {
                return Integer.valueOf(v.textValue().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException(where + ": " + key + " must be a whole number");
    }

    /** A boolean ({@code true}/{@code false}, also quoted); null when absent. */
    Boolean bool(String key) {
        JsonNode v = node(key);
        if (v == null) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual() && ("true".equals(v.textValue()) || "false".equals(v.textValue()))) {
            return Boolean.valueOf(v.textValue());
        }
        throw new IllegalArgumentException(where + ": " + key + " must be true or false");
    }

    /** A list of scalars as texts; null when absent. */
    List<String> texts(String key) {
        JsonNode v = node(key);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a list");
        }
        List<String> out = new ArrayList<>(v.size());
        v.forEach(e -> out.add(scalar(e, key)));
        return out;
    }

    /** A mapping of names to scalars as texts, in file order; null when absent. */
    Map<String, String> textMap(String key) {
        JsonNode v = node(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a mapping");
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), scalar(e.getValue(), key + "." + e.getKey())));
        return out;
    }

    private String scalar(JsonNode v, String key) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException(where + ": " + key + " must be a single value");
        }
        return v.asText();
    }
}

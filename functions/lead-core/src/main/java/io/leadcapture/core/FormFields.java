package io.leadcapture.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fields of one submission as posted: names in posting order, each with every value it was given. */
public final class FormFields {
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    public FormFields add(String name, String value) {
        values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public Map<String, List<String>> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public int size() {
        return values.size();
    }
}

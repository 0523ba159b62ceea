package io.leadcapture.core;

import java.util.Map;

/** Input that can never be stored as it is; carries a machine-readable code and per-field reasons. */
public class ValidationException extends RuntimeException {
    private final String code;
    private final Map<String, String> fields;

    public ValidationException(String code, String message, Map<String, String> fields) {
        super(message);
        this.code = code;
        this.fields = Map.copyOf(fields);
    }

    public String code() {
        return code;
    }

    public Map<String, String> fields() {
        return fields;
    }
}

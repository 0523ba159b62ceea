package io.leadcapture.application;

import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.Submission;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.core.ValidationException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A platform lead is not a form post: nobody can correct it and resend it. A registrant's
 * free-text phone ({@code 5550100}), a phone libphonenumber rejects next to a valid email, or a
 * country name in another language would otherwise refuse the whole lead. So one bad optional value
 * never costs the lead: a standard field the validation refuses is set aside as the custom answer
 * {@code <field>_as_entered} (verbatim, nothing lost) and the submission is built once more with the
 * rest; only when no valid email or phone remains is it refused ({@link ValidationException}).
 * Custom answer names and values are cut to the bounds the validation enforces, and custom answers
 * beyond the limit are dropped, so an over-long answer never refuses a lead either.
 */
public final class PlatformFields {
    /** What a refused standard field is kept as: {@code phone} → custom answer {@code phone_as_entered}. */
    public static final String SET_ASIDE_SUFFIX = "_as_entered";

    private PlatformFields() {
    }

    /** The standard field a name maps to, or null for a custom answer. */
    public static String standard(String name) {
        String snake = FieldNames.snakeCase(name.strip());
        return FieldNames.STANDARD.contains(snake) ? snake : null;
    }

    /** First as it is (within bounds); when the validation refuses standard fields, once more with them set aside. */
    static Submission build(BiFunction<CaptureCommand, FormFields, Submission> builder, CaptureCommand command) {
        FormFields bounded = bounded(command.fields());
        try {
            return builder.apply(command, bounded);
        } catch (ValidationException e) {
            FormFields setAside = setAside(bounded, e.fields().keySet());
            if (setAside == null) {
                throw e;
            }
            return builder.apply(command, bounded(setAside));
        }
    }

    /** The fields with the refused standard ones renamed {@code <field>_as_entered}, or null when none is refused. */
    private static FormFields setAside(FormFields in, Set<String> refused) {
        FormFields out = new FormFields();
        boolean changed = false;
        for (Map.Entry<String, List<String>> e : in.asMap().entrySet()) {
            String std = standard(e.getKey());
            boolean aside = std != null && refused.contains(std);
            String name = aside ? std + SET_ASIDE_SUFFIX : e.getKey();
            e.getValue().forEach(v -> out.add(name, v));
            changed |= aside;
        }
        return changed ? out : null;
    }

    /**
     * Custom answers within the validation's bounds: names and values cut, at most the allowed
     * number; standard fields as they are. Missing or blank names and values are dropped.
     */
    private static FormFields bounded(FormFields in) {
        FormFields out = new FormFields();
        Map<String, Integer> customNames = new HashMap<>();
        for (Map.Entry<String, List<String>> e : in.asMap().entrySet()) {
            String raw = e.getKey();
            if (raw == null || raw.isBlank()) {
                continue;
            }
            boolean standard = standard(raw) != null;
            String name = standard ? raw : customName(raw);
            for (String value : e.getValue()) {
                if (value == null || value.isBlank()) {
                    continue;
                }
                if (standard) {
                    out.add(name, value);
                    continue;
                }
                int values = customNames.getOrDefault(name, 0);
                if (name.isBlank() || values >= SubmissionBuilder.MAX_VALUES_PER_FIELD
                        || (values == 0 && customNames.size() >= SubmissionBuilder.MAX_CUSTOM_FIELDS)) {
                    continue;
                }
                customNames.put(name, values + 1);
                out.add(name, cut(value, SubmissionBuilder.MAX_CUSTOM_VALUE));
            }
        }
        return out;
    }

    private static String customName(String raw) {
        String name = raw.strip();
        while (name.startsWith("_")) {
            name = name.substring(1); // a leading underscore marks control fields, which are not stored
        }
        return cut(name, SubmissionBuilder.MAX_FIELD_NAME);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + "…";
    }
}

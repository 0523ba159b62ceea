package io.leadcapture.webhooks;

import io.leadcapture.core.CaptureContext;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Submission;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.core.ValidationException;
import io.leadcapture.runtime.store.CaptureResult;
import io.leadcapture.runtime.store.IdempotencyKey;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ingestion path of every webhook channel: the platform's fields, named in the standard
 * form vocabulary (email, phone, first_name, company, job_title, company_size, country, utm_*…,
 * anything else as a custom answer), go through exactly the normalisation, validation and merge of
 * a form post, and are recorded once per platform delivery key.
 *
 * <p>A platform lead is not a form post: nobody can correct it and resend it. A registrant's
 * free-text phone ({@code 5550100}), a phone libphonenumber rejects next to a valid email, or a
 * country name in another language would otherwise refuse the whole lead. So one bad optional value
 * never costs the lead: a standard field the validation refuses is set aside as the custom answer
 * {@code <field>_as_entered} (verbatim, nothing lost) and the lead is recorded once more with the
 * rest; only when no valid email or phone remains is it refused ({@link ValidationException}).
 * Custom answer names and values are cut to the bounds the validation enforces, and custom answers
 * beyond the limit are dropped, so an over-long answer never refuses a lead either.
 */
public final class ChannelIngestion {
    /**
     * How long a platform's delivery key is remembered: longer than any platform retries (Meta: up
     * to 36 hours), so a late redelivery still records nothing new.
     */
    public static final java.time.Duration PLATFORM_RETRY_WINDOW = java.time.Duration.ofDays(7);

    /** What a refused standard field is kept as: {@code phone} → custom answer {@code phone_as_entered}. */
    public static final String SET_ASIDE_SUFFIX = "_as_entered";

    private static final Logger LOG = LoggerFactory.getLogger(ChannelIngestion.class);

    private final LeadStore store;
    private final SubmissionBuilder submissions;
    private final Clock clock;

    public ChannelIngestion(LeadStore store, FreeMailDomains freeMail, Clock clock) {
        this.store = store;
        this.submissions = new SubmissionBuilder(freeMail);
        this.clock = clock;
    }

    /** What a channel records: its name (the interaction's channel), its interaction type and phone region. */
    public static FormDefinition channel(String channel, InteractionType type, String defaultRegion) {
        return new FormDefinition(channel, type, channel, defaultRegion, List.of(), null, List.of(), Map.of(), null,
                false, "_gotcha");
    }

    /**
     * Records one platform lead: first as it is (custom answers within bounds; names or values that
     * are missing or blank are absent, as in a form post); when the validation refuses standard
     * fields, once more with them set aside as {@code <field>_as_entered}.
     *
     * @param deliveryKey the platform's id of this lead/event (Meta leadgen_id, Google lead_id, …);
     *                    a redelivery with the same key records nothing new and answers as before
     * @param occurredAt  the platform's time of the event, or null for now
     * @throws ValidationException the platform sent no usable contact data (no valid email or phone)
     */
    public CaptureResult ingest(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                Instant occurredAt, boolean test, String deliveryKey) {
        FormFields bounded = bounded(fields);
        try {
            return record(channel, bounded, sourceIds, occurredAt, test, deliveryKey);
        } catch (ValidationException e) {
            FormFields setAside = setAside(bounded, e.fields().keySet());
            if (setAside == null) {
                throw e;
            }
            LOG.info("{} lead: fields {} kept as entered, not as standard fields", channel.id(), e.fields().keySet());
            return record(channel, bounded(setAside), sourceIds, occurredAt, test, deliveryKey);
        }
    }

    private CaptureResult record(FormDefinition channel, FormFields fields, Map<String, String> sourceIds,
                                 Instant occurredAt, boolean test, String deliveryKey) {
        Instant now = clock.instant();
        Submission s = submissions.build(channel, fields,
                new CaptureContext(UUID.randomUUID().toString(), occurredAt == null ? now : occurredAt, null, null));
        return store.capture(s.fromPlatform(sourceIds, occurredAt, test),
                new IdempotencyKey(channel.id(), deliveryKey, null, PLATFORM_RETRY_WINDOW));
    }

    /** The standard field a name maps to, or null for a custom answer. */
    public static String standard(String name) {
        String snake = FieldNames.snakeCase(name.strip());
        return FieldNames.STANDARD.contains(snake) ? snake : null;
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

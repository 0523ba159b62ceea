package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.IDENTITY;
import static io.leadcapture.runtime.store.LeadItems.INTERACTION_PREFIX;
import static io.leadcapture.runtime.store.LeadItems.ITEM_TYPE;
import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.leadcapture.runtime.Json;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Everything stored about one person, for an export (Art. 15/20 GDPR): the profile and every item
 * of the lead's partition, each in the section of its kind (an item of a kind this class does not
 * know goes to {@code other}, so nothing is left out), and the identity claims that name the lead.
 * The partition is read in key order and cut into pages of at most a byte budget of JSON; a page's
 * cursor is the key of its last item, so the next page starts right after it.
 */
public final class LeadExports {
    private static final String CONSENT_PREFIX = "CONSENT#";
    private static final String SCORE_PREFIX = "SCORE#";
    private static final String NOTIFICATION_PREFIX = "NOTIFICATION#";
    private static final String OPT_IN_PREFIX = "OPTIN#";
    /** Room a claim takes in the document, counted against the budget before it is looked up. */
    private static final int IDENTITY_BYTES = 200;

    private final Table table;

    LeadExports(Table table) {
        this.table = table;
    }

    /** A cursor that is not one this class handed out for this lead. */
    public static final class InvalidCursorException extends IllegalArgumentException {
        InvalidCursorException(String message) {
            super(message);
        }
    }

    /**
     * One page of the lead's export; empty when there is no such lead (never was, or was merged into another).
     *
     * @param cursor      the previous page's {@link LeadExport#nextCursor()}, or null for the first page
     * @param budgetBytes the JSON a page may hold; a page holds at least one item however large
     * @throws InvalidCursorException when the cursor was not issued for this lead
     */
    public Optional<LeadExport> export(String leadId, String cursor, int budgetBytes, Instant now) {
        String after = cursor == null ? null : decode(leadId, cursor);
        return Table.guarded(() -> table.item(leadPk(leadId), PROFILE).map(profile -> page(leadId, profile, after,
                budgetBytes, now)));
    }

    private LeadExport page(String leadId, Map<String, AttributeValue> profile, String after, int budgetBytes,
                            Instant now) {
        Page page = new Page(leadId);
        Map<String, Object> lead = attributes(profile, false);
        page.used = size(lead);
        // the profile's own claims are shown once, on the first page
        page.profileClaims(str(profile, "email"), str(profile, "phone"), after == null);
        Map<String, AttributeValue> startKey = after == null ? null : Map.of(PK, s(leadPk(leadId)), SK, s(after));
        String last = null;
        boolean more = false;
        read:
        do {
            final Map<String, AttributeValue> from = startKey;
            QueryResponse response = table.ddb.query(r -> r.tableName(table.name).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(leadPk(leadId))))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : response.items()) {
                String sk = str(item, SK);
                if (PROFILE.equals(sk)) {
                    last = sk; // read on its own, on every page
                    continue;
                }
                if (!page.add(item, budgetBytes)) {
                    more = true;
                    break read;
                }
                last = sk;
            }
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        page.consents.sort(Comparator.comparing(c -> instant(c.get("at"))));
        List<Map<String, Object>> identities = page.identities();
        Object proposed = lead.get("proposedChanges");
        return new LeadExport(leadId, now, !more, more ? encode(leadId, last) : null, lead,
                proposed instanceof List<?> l ? new ArrayList<Object>(l) : new ArrayList<Object>(),
                page.interactions, page.consents,
                page.scores, page.stageChanges, page.profileChanges, page.ownerChanges, page.activities, page.merges, page.mails, page.nurture, identities,
                page.optIns, page.duplicates, page.other);
    }

    /** The sections of one page as they fill, and the bytes they take. */
    private final class Page {
        final String leadId;
        final List<Map<String, Object>> interactions = new ArrayList<>();
        final List<Map<String, Object>> consents = new ArrayList<>();
        final List<Map<String, Object>> scores = new ArrayList<>();
        final List<Map<String, Object>> stageChanges = new ArrayList<>();
        final List<Map<String, Object>> profileChanges = new ArrayList<>();
        final List<Map<String, Object>> ownerChanges = new ArrayList<>();
        final List<Map<String, Object>> activities = new ArrayList<>();
        final List<Map<String, Object>> merges = new ArrayList<>();
        final List<Map<String, Object>> mails = new ArrayList<>();
        final List<Map<String, Object>> nurture = new ArrayList<>();
        final List<Map<String, Object>> optIns = new ArrayList<>();
        final List<Map<String, Object>> duplicates = new ArrayList<>();
        final List<Map<String, Object>> other = new ArrayList<>();
        final Set<String> claimKeys = new LinkedHashSet<>();
        final Set<String> shownBefore = new LinkedHashSet<>();
        long used;
        int items;

        Page(String leadId) {
            this.leadId = leadId;
        }

        /** Adds one item of the partition; false (and nothing added) when it would exceed the budget. */
        boolean add(Map<String, AttributeValue> item, int budgetBytes) {
            String sk = str(item, SK);
            List<Map<String, Object>> section;
            Map<String, Object> entry;
            Map<String, Object> consent = null;
            List<String> claims = new ArrayList<>();
            if (sk.startsWith(INTERACTION_PREFIX)) {
                section = interactions;
                entry = attributes(item, false);
                if (entry.get("consent") instanceof Map<?, ?> captured) {
                    Map<String, Object> asCaptured = new LinkedHashMap<>();
                    asCaptured.put("record", "interaction");
                    asCaptured.put("interactionId", entry.get("interactionId"));
                    captured.forEach((k, v) -> asCaptured.put(String.valueOf(k), v));
                    Object capturedAt = captured.get("capturedAt");
                    asCaptured.put("at", capturedAt != null ? capturedAt : entry.get("occurredAt"));
                    consent = asCaptured;
                }
                if (item.containsKey("submitted") && item.get("submitted").hasM()) {
                    Map<String, AttributeValue> submitted = item.get("submitted").m();
                    claims.add(claimKey(LeadItems.emailKey(""), str(submitted, "email")));
                    claims.add(claimKey(LeadItems.phoneKey(""), str(submitted, "phone")));
                }
            } else if (sk.startsWith(CONSENT_PREFIX)) {
                section = consents;
                entry = new LinkedHashMap<>();
                entry.put("record", str(item, ITEM_TYPE));
                entry.putAll(attributes(item, false));
            } else if (sk.startsWith(SCORE_PREFIX)) {
                section = scores;
                entry = attributes(item, false);
            } else if (sk.startsWith(LeadScores.STAGE_PREFIX)) {
                section = stageChanges;
                entry = attributes(item, false);
            } else if (sk.startsWith(ProfileChanges.PROFILE_CHANGE_PREFIX)) {
                section = profileChanges;
                entry = attributes(item, false);
            } else if (sk.startsWith(LeadItems.OWNER_PREFIX)) {
                section = ownerChanges;
                entry = attributes(item, false);
            } else if (sk.startsWith(LeadItems.ACTIVITY_PREFIX)) {
                section = activities;
                entry = attributes(item, false);
            } else if (sk.startsWith(LeadMerges.MERGE_PREFIX)) {
                section = merges;
                entry = attributes(item, false);
                strings(item, "emails").forEach(e -> claims.add(claimKey(LeadItems.emailKey(""), e)));
                strings(item, "phones").forEach(p -> claims.add(claimKey(LeadItems.phoneKey(""), p)));
            } else if (sk.startsWith(NOTIFICATION_PREFIX)) {
                section = mails;
                String key = sk.substring(NOTIFICATION_PREFIX.length());
                entry = new LinkedHashMap<>();
                entry.put("notification", key);
                entry.put("kind", Objects.requireNonNullElse(str(item, "kind"), NotificationMarkers.kindOf(key)));
                attributes(item, false).forEach(entry::putIfAbsent);
            } else if (sk.startsWith(LeadNurture.PREFIX)) {
                section = nurture;
                entry = attributes(item, false);
                entry.remove(LeadNurture.DUE_SEQUENCE);
                entry.remove(LeadNurture.DUE_AT);
            } else if (sk.startsWith(OPT_IN_PREFIX)) {
                section = optIns;
                entry = attributes(item, false);
            } else if (sk.startsWith(LeadItems.DUPLICATE_PREFIX)) {
                section = duplicates;
                entry = attributes(item, false);
            } else {
                section = other;
                entry = attributes(item, true);
            }
            claims.removeIf(k -> k == null || claimKeys.contains(k) || shownBefore.contains(k));
            List<String> fresh = List.copyOf(new LinkedHashSet<>(claims));
            long size = size(entry) + (consent == null ? 0 : size(consent)) + (long) fresh.size() * IDENTITY_BYTES;
            if (items > 0 && used + size > budgetBytes) {
                return false;
            }
            section.add(entry);
            if (consent != null) {
                consents.add(consent);
            }
            claimKeys.addAll(fresh);
            used += size;
            items++;
            return true;
        }

        void profileClaims(String email, String phone, boolean show) {
            for (String key : new String[] {claimKey(LeadItems.emailKey(""), email), claimKey(LeadItems.phoneKey(""), phone)}) {
                if (key != null && show) {
                    claimKeys.add(key);
                    used += IDENTITY_BYTES;
                } else if (key != null) {
                    shownBefore.add(key);
                }
            }
        }

        /** The claims among those seen that name this lead (a claim of another lead is another person's). */
        List<Map<String, Object>> identities() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (String key : claimKeys) {
                Optional<Map<String, AttributeValue>> claim = table.item(key, IDENTITY);
                if (claim.isPresent() && leadId.equals(str(claim.get(), "leadId"))) {
                    boolean email = key.startsWith(LeadItems.emailKey(""));
                    Map<String, Object> identity = new LinkedHashMap<>();
                    identity.put("type", email ? "email" : "phone");
                    identity.put("value", key.substring((email ? LeadItems.emailKey("") : LeadItems.phoneKey("")).length()));
                    identity.put("leadId", leadId);
                    out.add(identity);
                }
            }
            return out;
        }
    }

    /** ISO times compared as instants: as strings, "…:00Z" sorts after "…:00.5Z". */
    private static Instant instant(Object iso) {
        try {
            return iso instanceof String t ? Instant.parse(t) : Instant.MIN;
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    private static String claimKey(String prefix, String value) {
        return value == null || value.isBlank() ? null : prefix + value;
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v != null && v.hasSs() ? v.ss() : List.of();
    }

    /** An item's attributes as plain JSON values, without its partition key (and its sort key and type unless kept). */
    private static Map<String, Object> attributes(Map<String, AttributeValue> item, boolean keepKeyAndType) {
        Map<String, Object> out = new TreeMap<>();
        item.forEach((name, value) -> {
            if (!name.equals(PK) && (keepKeyAndType || (!name.equals(SK) && !name.equals(ITEM_TYPE)))) {
                out.put(name, plain(value));
            }
        });
        return out;
    }

    /** A DynamoDB value as JSON: numbers keep every digit, sets become sorted lists, binary becomes base64. */
    static Object plain(AttributeValue v) {
        if (v.s() != null) {
            return v.s();
        }
        if (v.n() != null) {
            return new BigDecimal(v.n());
        }
        if (v.bool() != null) {
            return v.bool();
        }
        if (v.hasM()) {
            Map<String, Object> m = new TreeMap<>();
            v.m().forEach((k, x) -> m.put(k, plain(x)));
            return m;
        }
        if (v.hasL()) {
            List<Object> l = new ArrayList<>();
            v.l().forEach(x -> l.add(plain(x)));
            return l;
        }
        if (v.hasSs()) {
            return v.ss().stream().sorted().toList();
        }
        if (v.hasNs()) {
            return v.ns().stream().map(BigDecimal::new).sorted().toList();
        }
        if (v.b() != null) {
            return Base64.getEncoder().encodeToString(v.b().asByteArray());
        }
        if (v.hasBs()) {
            return v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList();
        }
        return null; // NULL
    }

    private static long size(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value).length + 1L; // and the comma after it
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // The cursor names the lead, so a cursor of one lead's export cannot page through another's.
    private static String encode(String leadId, String sk) {
        String raw = leadId + "\n" + sk;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String leadId, String cursor) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("not an export cursor");
        }
        int nl = raw.indexOf('\n');
        if (nl < 0 || !raw.substring(0, nl).equals(leadId) || nl == raw.length() - 1) {
            throw new InvalidCursorException("not an export cursor of lead " + leadId);
        }
        return raw.substring(nl + 1);
    }
}

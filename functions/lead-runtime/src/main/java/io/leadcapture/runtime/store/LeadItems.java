package io.leadcapture.runtime.store;

import io.leadcapture.core.Attribution;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.Direction;
import io.leadcapture.core.EmailStatus;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.ProposedChange;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.core.Segment;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.Touch;
import io.leadcapture.core.scoring.EngagementLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Mapping between domain records and DynamoDB items. The item layout is documented in docs/data-model.md. */
final class LeadItems {
    static final String PK = "pk";
    static final String SK = "sk";
    static final String ITEM_TYPE = "itemType";
    static final String PROFILE = "PROFILE";
    static final String IDENTITY = "IDENTITY";
    static final String INTERACTION_PREFIX = "INTERACTION#";
    static final String DUPLICATE_PREFIX = "DUPLICATE#";
    static final String OWNER_PREFIX = "OWNER#";
    static final String ACTIVITY_PREFIX = "ACTIVITY#";
    /** An activity request's idempotency key (hashed) and the activity it recorded. */
    static final String ACTIVITY_KEY_PREFIX = "ACTIVITYKEY#";
    static final String OWNER = "owner";
    static final String OWNER_SINCE = "ownerSince";
    static final String MQL_AT = "mqlAt";
    static final String STAGE_CHANGED_AT = "stageChangedAt";
    static final String FIRST_ACTIVITY_AT = "firstActivityAt";
    static final String LAST_ACTIVITY_AT = "lastActivityAt";
    static final String FOLLOW_UP = "followUp";
    /** On the profile: when the lead was first enrolled in a nurture sequence (set once; docs/notifications.md). */
    static final String NURTURED_AT = "nurturedAt";
    /** The lead's engagement ledger (docs/data-model.md#engagement-ledger). */
    static final String ENGAGEMENT = "ENGAGEMENT";
    /** A ledger entry's attribute: {@code e#<interactionId>} = {@code <type>|<occurredAt>}. */
    static final String ENTRY_PREFIX = "e#";
    static final String LEDGER_FOLDED = "folded";
    static final String LEDGER_COMPLETE = "complete";
    static final String LEDGER_ADDS = "adds";
    static final String LEDGER_GENERATION = "generation";
    /** On the ledger item: the UTC day whose stored free text {@code textBytes} counts (the daily cap). */
    static final String TEXT_DAY = "textDay";
    static final String TEXT_BYTES = "textBytes";

    private LeadItems() {
    }

    static String leadPk(String leadId) {
        return "LEAD#" + leadId;
    }

    /** The key under which a lead claims a normalised email. */
    static String emailKey(String normalisedEmail) {
        return "EMAIL#" + normalisedEmail;
    }

    /** The key under which a lead claims an E.164 phone. */
    static String phoneKey(String e164) {
        return "PHONE#" + e164;
    }

    static String interactionSk(Interaction i) {
        return INTERACTION_PREFIX + Times.sortable(i.occurredAt()) + "#" + i.interactionId();
    }

    static Map<String, AttributeValue> leadItem(Lead lead) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(leadPk(lead.leadId())));
        m.put(SK, s(PROFILE));
        m.put(ITEM_TYPE, s("lead"));
        m.put("leadId", s(lead.leadId()));
        m.putAll(profileFields(lead.profile()));
        if (lead.consent() != null) {
            m.put("consent", consent(lead.consent()));
        }
        if (lead.firstTouch() != null) {
            m.put("firstTouch", touch(lead.firstTouch()));
        }
        if (lead.lastTouch() != null) {
            m.put("lastTouch", touch(lead.lastTouch()));
        }
        m.put("interactionCount", n(lead.interactionCount()));
        m.put("test", AttributeValue.fromBool(lead.test()));
        m.put("createdAt", s(lead.createdAt().toString()));
        m.put("updatedAt", s(lead.updatedAt().toString()));
        m.put("version", n(lead.version()));
        m.put("stage", s(lead.stage().wireName()));
        if (lead.scoring() != null) {
            m.putAll(scoreAttributes(lead.scoring()));
            m.putAll(LeadDecay.dueAttributes(lead.scoring().decayDueAt()));
        }
        if (!lead.proposedChanges().isEmpty()) {
            m.put("proposedChanges", AttributeValue.fromL(lead.proposedChanges().stream().map(c -> AttributeValue.fromM(
                    Map.of("field", s(c.field()), "value", s(c.value()), "interactionId", s(c.interactionId()),
                            "at", s(c.at().toString())))).toList()));
        }
        if (lead.emailStatus() != null) {
            m.put("emailStatus", emailStatus(lead.emailStatus()));
        }
        if (lead.sales() != null) {
            m.putAll(salesAttributes(lead.sales()));
        }
        m.putAll(listAttributes(lead));
        return m;
    }

    /** The sales follow-up attributes of a profile item (owner, activity times, SLA state; docs/data-model.md). */
    static Map<String, AttributeValue> salesAttributes(SalesFollowUp f) {
        Map<String, AttributeValue> m = new HashMap<>();
        put(m, OWNER, f.owner());
        put(m, OWNER_SINCE, iso(f.ownerSince()));
        put(m, MQL_AT, iso(f.mqlAt()));
        put(m, STAGE_CHANGED_AT, iso(f.stageChangedAt()));
        put(m, FIRST_ACTIVITY_AT, iso(f.firstActivityAt()));
        put(m, LAST_ACTIVITY_AT, iso(f.lastActivityAt()));
        put(m, NURTURED_AT, iso(f.nurturedAt()));
        if (f.followUp() != null) {
            m.put(FOLLOW_UP, followUp(f.followUp()));
        }
        return m;
    }

    /**
     * The keys of the list indexes (docs/data-model.md#lead-lists), derived from the profile: written
     * with every full write of the profile, and by every update that changes temperature or last touch.
     */
    static Map<String, AttributeValue> listAttributes(Lead lead) {
        Map<String, AttributeValue> m = new HashMap<>(listOrder(lead, lead.scoring() == null ? null : lead.scoring().temperature()));
        String source = source(lead.firstTouch());
        if (source != null) {
            m.put(LeadLists.SOURCE, s(source));
        }
        return m;
    }

    /** {@code listTemperature} and {@code listSk} of the lead at {@code temperature} (null: not yet scored). */
    static Map<String, AttributeValue> listOrder(Lead lead, Temperature temperature) {
        Touch touch = lead.lastTouch() != null ? lead.lastTouch() : lead.firstTouch();
        java.time.Instant lastTouchAt = touch != null ? touch.occurredAt() : lead.createdAt();
        String bucket = LeadLists.bucket(temperature);
        return Map.of(LeadLists.TEMPERATURE, s(bucket),
                LeadLists.SORT, s(LeadLists.rank(bucket) + "#" + Times.sortable(lastTouchAt) + "#" + lead.leadId()));
    }

    /** The lead's source: its first touch's utm_source, else its channel; lower-cased, so filters match any spelling. */
    static String source(Touch first) {
        if (first == null) {
            return null;
        }
        String utm = first.attribution() == null ? null : first.attribution().utmSource();
        String source = utm != null && !utm.isBlank() ? utm : first.channel();
        return source == null || source.isBlank() ? null : source.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static AttributeValue followUp(SalesFollowUp.FollowUp f) {
        Map<String, AttributeValue> m = new HashMap<>();
        put(m, "dueAt", iso(f.dueAt()));
        put(m, "breachedAt", iso(f.breachedAt()));
        put(m, "escalatedTo", f.escalatedTo());
        return AttributeValue.fromM(m);
    }

    /** The follow-up state of a profile item; null when it holds none. */
    static SalesFollowUp sales(Map<String, AttributeValue> m) {
        SalesFollowUp.FollowUp followUp = null;
        if (m.containsKey(FOLLOW_UP)) {
            Map<String, AttributeValue> f = m.get(FOLLOW_UP).m();
            followUp = new SalesFollowUp.FollowUp(Times.parse(str(f, "dueAt")), Times.parse(str(f, "breachedAt")),
                    str(f, "escalatedTo"));
        }
        SalesFollowUp s = new SalesFollowUp(str(m, OWNER), Times.parse(str(m, OWNER_SINCE)), Times.parse(str(m, MQL_AT)),
                Times.parse(str(m, STAGE_CHANGED_AT)), Times.parse(str(m, FIRST_ACTIVITY_AT)),
                Times.parse(str(m, LAST_ACTIVITY_AT)), followUp, List.of(), Times.parse(str(m, NURTURED_AT)));
        return s.equals(SalesFollowUp.NONE) ? null : s;
    }

    private static String iso(java.time.Instant t) {
        return t == null ? null : t.toString();
    }

    /** The score fields of a lead item, as the scoring function writes them. */
    static Map<String, AttributeValue> scoreAttributes(LeadScore score) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("score", n(score.score()));
        m.put("fitScore", n(score.fitScore()));
        m.put("engagementScore", n(score.engagementScore()));
        m.put("temperature", s(score.temperature().wireName()));
        m.put("scoreReasons", AttributeValue.fromL(score.scoreReasons().stream().map(r -> {
            Map<String, AttributeValue> reason = new HashMap<>();
            reason.put("rule", s(r.rule()));
            put(reason, "detail", r.detail());
            reason.put("points", AttributeValue.fromN(BigDecimal.valueOf(r.points()).stripTrailingZeros().toPlainString()));
            return AttributeValue.fromM(reason);
        }).toList()));
        m.put("scoredAt", s(score.scoredAt().toString()));
        return m;
    }

    static LeadScore score(Map<String, AttributeValue> m) {
        if (!m.containsKey("temperature")) {
            return null;
        }
        List<ScoreReason> reasons = m.containsKey("scoreReasons")
                ? m.get("scoreReasons").l().stream().map(v -> new ScoreReason(str(v.m(), "rule"), str(v.m(), "detail"),
                        Double.parseDouble(v.m().get("points").n()))).toList()
                : List.of();
        return new LeadScore(Integer.parseInt(m.get("score").n()), Integer.parseInt(m.get("fitScore").n()),
                Integer.parseInt(m.get("engagementScore").n()), Temperature.fromWireName(str(m, "temperature")),
                reasons, Times.parse(str(m, "scoredAt")), Times.parse(str(m, LeadDecay.DUE_AT)));
    }

    static Lead lead(Map<String, AttributeValue> m) {
        ContactProfile p = profile(m);
        List<ProposedChange> proposed = m.containsKey("proposedChanges")
                ? m.get("proposedChanges").l().stream().map(v -> new ProposedChange(str(v.m(), "field"),
                        str(v.m(), "value"), str(v.m(), "interactionId"), Times.parse(str(v.m(), "at")))).toList()
                : List.of();
        return new Lead(str(m, "leadId"), p, m.containsKey("consent") ? consent(m.get("consent").m()) : null,
                m.containsKey("firstTouch") ? touch(m.get("firstTouch").m()) : null,
                m.containsKey("lastTouch") ? touch(m.get("lastTouch").m()) : null,
                Long.parseLong(m.get("interactionCount").n()),
                m.containsKey("test") && Boolean.TRUE.equals(m.get("test").bool()),
                Times.parse(str(m, "createdAt")), Times.parse(str(m, "updatedAt")),
                Long.parseLong(m.get("version").n()),
                m.containsKey("stage") ? Stage.fromWireName(str(m, "stage")) : Stage.LEAD, score(m), proposed,
                List.of(), null, m.containsKey("emailStatus") ? emailStatus(m.get("emailStatus").m()) : null, sales(m));
    }

    /** The profile's {@code emailStatus} map (docs/data-model.md). */
    static AttributeValue emailStatus(EmailStatus e) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("status", s(e.status().wireName()));
        put(m, "reason", e.reason() == null ? null : e.reason().wireName());
        put(m, "at", e.at() == null ? null : e.at().toString());
        m.put("transientBounces", n(e.transientBounces()));
        put(m, "lastTransientAt", e.lastTransientAt() == null ? null : e.lastTransientAt().toString());
        return AttributeValue.fromM(m);
    }

    private static EmailStatus emailStatus(Map<String, AttributeValue> m) {
        return new EmailStatus(EmailStatus.Status.fromWireName(str(m, "status")),
                m.containsKey("reason") ? EmailStatus.Reason.fromWireName(str(m, "reason")) : null,
                Times.parse(str(m, "at")), m.containsKey("transientBounces") ? Integer.parseInt(m.get("transientBounces").n()) : 0,
                Times.parse(str(m, "lastTransientAt")));
    }

    /** The contact fields of an item (a lead profile, or an interaction's submitted values). */
    private static ContactProfile profile(Map<String, AttributeValue> m) {
        return new ContactProfile(str(m, "email"), str(m, "phone"), str(m, "firstName"),
                str(m, "lastName"), str(m, "company"), str(m, "jobTitle"), str(m, "industry"),
                str(m, "companySize"), m.containsKey("budgetResponsibility") ? m.get("budgetResponsibility").bool() : null,
                str(m, "country"), str(m, "postalCode"), str(m, "city"),
                m.containsKey("segment") ? Segment.valueOf(str(m, "segment")) : null);
    }

    private static AttributeValue profileValue(ContactProfile p) {
        return AttributeValue.fromM(profileFields(p));
    }

    /** The contact fields as attributes: on the lead profile item, and as an interaction's submitted values. */
    private static Map<String, AttributeValue> profileFields(ContactProfile p) {
        Map<String, AttributeValue> m = new HashMap<>();
        put(m, "email", p.email());
        put(m, "phone", p.phone());
        put(m, "firstName", p.firstName());
        put(m, "lastName", p.lastName());
        put(m, "company", p.company());
        put(m, "jobTitle", p.jobTitle());
        put(m, "industry", p.industry());
        put(m, "companySize", p.companySize());
        if (p.budgetResponsibility() != null) {
            m.put("budgetResponsibility", AttributeValue.fromBool(p.budgetResponsibility()));
        }
        put(m, "country", p.country());
        put(m, "postalCode", p.postalCode());
        put(m, "city", p.city());
        put(m, "segment", p.segment() == null ? null : p.segment().name());
        return m;
    }

    /** The link from one lead to another it may be the same person as. */
    static Map<String, AttributeValue> duplicateLink(String leadId, String otherLeadId) {
        return Map.of(PK, s(leadPk(leadId)), SK, s(DUPLICATE_PREFIX + otherLeadId), ITEM_TYPE, s("duplicateLink"),
                "leadId", s(leadId), "otherLeadId", s(otherLeadId));
    }

    static Map<String, AttributeValue> interactionItem(String leadId, Interaction i, boolean test) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(PK, s(leadPk(leadId)));
        m.put(SK, s(interactionSk(i)));
        m.put(ITEM_TYPE, s("interaction"));
        m.put("leadId", s(leadId));
        m.put("interactionId", s(i.interactionId()));
        m.put("interactionType", s(i.type().wireName()));
        m.put("channel", s(i.channel()));
        m.put("direction", s(i.direction().wireName()));
        m.put("occurredAt", s(i.occurredAt().toString()));
        put(m, "formId", i.formId());
        if (!i.sourceIds().isEmpty()) {
            m.put("sourceIds", stringMap(i.sourceIds()));
        }
        if (!i.attribution().isEmpty()) {
            m.put("attribution", stringMap(i.attribution().asMap()));
        }
        m.put("consent", consent(i.consent()));
        put(m, "message", i.message());
        if (!i.customAnswers().isEmpty()) {
            Map<String, AttributeValue> answers = new LinkedHashMap<>();
            i.customAnswers().forEach((k, v) -> answers.put(k, AttributeValue.fromL(v.stream().map(LeadItems::s).toList())));
            m.put("customAnswers", AttributeValue.fromM(answers));
        }
        if (i.submitted() != null) {
            m.put("submitted", profileValue(i.submitted()));
        }
        if (!i.truncated().isEmpty()) {
            m.put("truncated", AttributeValue.fromL(i.truncated().stream().map(LeadItems::s).toList()));
        }
        if (test) {
            m.put("test", AttributeValue.fromBool(true));
        }
        return m;
    }

    static Interaction interaction(Map<String, AttributeValue> m) {
        Map<String, List<String>> answers = new LinkedHashMap<>();
        if (m.containsKey("customAnswers")) {
            m.get("customAnswers").m().forEach((k, v) -> answers.put(k, v.l().stream().map(AttributeValue::s).toList()));
        }
        return new Interaction(str(m, "interactionId"), InteractionType.fromWireName(str(m, "interactionType")),
                str(m, "channel"), Direction.fromWireName(str(m, "direction")), Times.parse(str(m, "occurredAt")),
                str(m, "formId"), m.containsKey("sourceIds") ? strings(m.get("sourceIds").m()) : Map.of(),
                m.containsKey("attribution") ? Attribution.fromMap(strings(m.get("attribution").m())) : Attribution.EMPTY,
                consent(m.get("consent").m()), str(m, "message"), answers,
                m.containsKey("submitted") ? profile(m.get("submitted").m()) : null,
                m.containsKey("truncated") ? m.get("truncated").l().stream().map(AttributeValue::s).toList() : List.of());
    }

    static String entryAttribute(String interactionId) {
        return ENTRY_PREFIX + interactionId;
    }

    static AttributeValue entryValue(EngagementLedger.Entry e) {
        return s(e.type().wireName() + "|" + e.occurredAt());
    }

    /** The entries and folded summary of an engagement ledger item. */
    static EngagementLedger ledger(Map<String, AttributeValue> m) {
        List<EngagementLedger.Entry> entries = new ArrayList<>();
        m.forEach((name, v) -> {
            if (name.startsWith(ENTRY_PREFIX)) {
                String[] typeAndTime = v.s().split("\\|", 2);
                entries.add(new EngagementLedger.Entry(name.substring(ENTRY_PREFIX.length()),
                        InteractionType.fromWireName(typeAndTime[0]), Instant.parse(typeAndTime[1])));
            }
        });
        return new EngagementLedger(entries, m.containsKey(LEDGER_FOLDED) ? folded(m.get(LEDGER_FOLDED).m()) : null);
    }

    /** The ledger's own attributes (entries and summary), without keys and bookkeeping. */
    static Map<String, AttributeValue> ledgerAttributes(EngagementLedger ledger) {
        Map<String, AttributeValue> m = new HashMap<>();
        ledger.entries().forEach(e -> m.put(entryAttribute(e.interactionId()), entryValue(e)));
        EngagementLedger.Folded f = ledger.folded();
        if (f != null) {
            Map<String, AttributeValue> folded = new HashMap<>();
            folded.put("through", s(f.through().toString()));
            put(folded, "firstCountedAt", iso(f.firstCountedAt()));
            put(folded, "newestCountedAt", iso(f.newestCountedAt()));
            Map<String, AttributeValue> byType = new HashMap<>();
            // The weight as text: DynamoDB numbers stop at 1E-130, a long-folded weight goes below.
            f.byType().forEach((t, tally) -> byType.put(t.wireName(), AttributeValue.fromM(Map.of(
                    "counted", n(tally.counted()), "overCap", n(tally.overCap()),
                    "weight", s(Double.toString(tally.weight()))))));
            folded.put("byType", AttributeValue.fromM(byType));
            Map<String, AttributeValue> seed = new HashMap<>();
            f.capSeed().forEach((t, times) -> seed.put(t.wireName(),
                    AttributeValue.fromL(times.stream().map(at -> s(at.toString())).toList())));
            folded.put("capSeed", AttributeValue.fromM(seed));
            m.put(LEDGER_FOLDED, AttributeValue.fromM(folded));
        }
        return m;
    }

    private static EngagementLedger.Folded folded(Map<String, AttributeValue> m) {
        Map<InteractionType, EngagementLedger.Tally> byType = new EnumMap<>(InteractionType.class);
        m.get("byType").m().forEach((t, v) -> byType.put(InteractionType.fromWireName(t), new EngagementLedger.Tally(
                Long.parseLong(v.m().get("counted").n()), Long.parseLong(v.m().get("overCap").n()),
                Double.parseDouble(v.m().get("weight").s()))));
        Map<InteractionType, List<Instant>> seed = new EnumMap<>(InteractionType.class);
        if (m.containsKey("capSeed")) {
            m.get("capSeed").m().forEach((t, v) -> seed.put(InteractionType.fromWireName(t),
                    v.l().stream().map(at -> Instant.parse(at.s())).toList()));
        }
        return new EngagementLedger.Folded(Instant.parse(str(m, "through")), byType, Times.parse(str(m, "firstCountedAt")),
                Times.parse(str(m, "newestCountedAt")), seed);
    }

    static Map<String, AttributeValue> identityItem(String identityKey, String leadId) {
        return Map.of(PK, s(identityKey), SK, s(IDENTITY), ITEM_TYPE, s("identity"), "leadId", s(leadId));
    }

    static AttributeValue consentValue(Consent c) {
        return consent(c);
    }

    private static AttributeValue consent(Consent c) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("purpose", s(c.purpose()));
        m.put("status", s(c.status().wireName()));
        put(m, "textVersion", c.textVersion());
        put(m, "capturedAt", c.capturedAt() == null ? null : c.capturedAt().toString());
        put(m, "source", c.source());
        put(m, "ipHash", c.ipHash());
        return AttributeValue.fromM(m);
    }

    private static Consent consent(Map<String, AttributeValue> m) {
        return new Consent(str(m, "purpose"), ConsentStatus.fromWireName(str(m, "status")), str(m, "textVersion"),
                Times.parse(str(m, "capturedAt")), str(m, "source"), str(m, "ipHash"));
    }

    private static AttributeValue touch(Touch t) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("interactionId", s(t.interactionId()));
        m.put("type", s(t.type().wireName()));
        m.put("channel", s(t.channel()));
        m.put("occurredAt", s(t.occurredAt().toString()));
        put(m, "formId", t.formId());
        if (t.attribution() != null && !t.attribution().isEmpty()) {
            m.put("attribution", stringMap(t.attribution().asMap()));
        }
        return AttributeValue.fromM(m);
    }

    private static Touch touch(Map<String, AttributeValue> m) {
        return new Touch(str(m, "interactionId"), InteractionType.fromWireName(str(m, "type")), str(m, "channel"),
                Times.parse(str(m, "occurredAt")), str(m, "formId"),
                m.containsKey("attribution") ? Attribution.fromMap(strings(m.get("attribution").m())) : null);
    }

    private static AttributeValue stringMap(Map<String, String> values) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    private static Map<String, String> strings(Map<String, AttributeValue> m) {
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.s()));
        return out;
    }

    /** An item's size as DynamoDB counts it, near enough for paging by bytes: names and values in UTF-8. */
    static long size(Map<String, AttributeValue> item) {
        long bytes = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            bytes += utf8(e.getKey()) + size(e.getValue());
        }
        return bytes;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return v.n().length();
        }
        if (v.hasM()) {
            return 3 + size(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToLong(x -> 1 + size(x)).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(LeadItems::utf8).sum();
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        return 1;
    }

    private static long utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    static String str(Map<String, AttributeValue> m, String key) {
        AttributeValue v = m.get(key);
        return v == null ? null : v.s();
    }

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static void put(Map<String, AttributeValue> m, String key, String value) {
        if (value != null) {
            m.put(key, s(value));
        }
    }
}

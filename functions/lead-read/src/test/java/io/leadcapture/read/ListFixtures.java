package io.leadcapture.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadScore;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Leads for list and export tests: captured through the real capture path, scored and staged by the store. */
final class ListFixtures {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());

    final LeadStore store;
    final MovableClock clock = new MovableClock(Instant.parse("2026-11-02T08:00:00Z"));
    private final CaptureLead capture;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<WriteRequest> copies = new ArrayList<>();
    private static final List<String> BUCKETS = List.of("hot", "warm", "cold", "unscored");
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    ListFixtures() {
        store = new LeadStore(DDB, LocalAws.freshLeadsTable(DDB));
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
    }

    /** A unique address of this test run. */
    String email(String local) {
        return local + "." + run + "@beispiel-firma.de";
    }

    /** A web-form lead, its source the utm_source (or the channel web_form), created and touched at {@code at}. */
    String lead(String local, String utmSource, Instant at) {
        return lead(local, utmSource, at, Map.of());
    }

    String lead(String local, String utmSource, Instant at, Map<String, String> extra) {
        FormFields fields = new FormFields();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("email", email(local));
        values.put("first_name", "Jörg");
        values.put("last_name", "Weiß");
        values.put("company", "Müller & Söhne GmbH");
        if (utmSource != null) {
            values.put("utm_source", utmSource);
        }
        values.putAll(extra);
        values.forEach(fields::add);
        clock.set(at);
        return capture.capture(new CaptureCommand(CaptureCommand.platformChannel("web_form", InteractionType.CONTACT_FORM,
                "DE"), fields, at, "hmac-sha256:ab", null, Map.of(), false, null, false, false)).leadId();
    }

    /** A lead from another channel without utm: its source is the channel. */
    String channelLead(String local, String channel, Instant at) {
        FormFields fields = new FormFields();
        fields.add("email", email(local));
        fields.add("first_name", "Anna");
        clock.set(at);
        return capture.capture(new CaptureCommand(CaptureCommand.platformChannel(channel,
                InteractionType.WEBINAR_REGISTRATION, "DE"), fields, at, null, null, Map.of(), false, null, false, false))
                .leadId();
    }

    /** Scores a lead as the scoring function writes it. */
    void score(String leadId, Temperature temperature, Stage stage) {
        Lead read = store.reads().findLead(leadId).orElseThrow();
        int points = switch (temperature) {
            case HOT -> 90;
            case WARM -> 50;
            case COLD -> 10;
        };
        assertThat(store.scores().writeScore(read, new LeadScore(points, points / 2, points / 2, temperature, List.of(),
                clock.instant()), stage)).isTrue();
    }

    /** Assigns the owner as PATCH /leads/{leadId} does, through the store. */
    void own(String leadId, String owner) {
        Lead read = store.reads().findLead(leadId).orElseThrow();
        assertThat(store.followUps().assignOwner(read, owner, "ops@example.com", "list test", clock.instant())).isTrue();
    }

    /**
     * A copy of the profile of {@code templateId} (captured and scored here at {@code templateAt}) as
     * another lead: new id, email and times, the list index keys recomputed for them. Written by
     * {@link #writeCopies()}: moto copies the whole table on every transaction, so capturing hundreds of
     * leads through the real path takes minutes, while the lists read nothing but profile items.
     */
    String copy(String templateId, Instant templateAt, String local, Instant at) {
        Map<String, AttributeValue> template = profile(templateId);
        // the store's index keys of the captured lead are what the copies' keys are computed like
        assertThat(template.get("listSk").s()).isEqualTo(listSk(template, templateAt, templateId));
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>(template);
        item.put("pk", AttributeValue.fromS("LEAD#" + id));
        item.put("leadId", AttributeValue.fromS(id));
        item.put("email", AttributeValue.fromS(email(local)));
        for (String time : List.of("createdAt", "updatedAt", "scoredAt", "mqlAt", "stageChangedAt")) {
            if (template.containsKey(time)) {
                assertThat(template.get(time).s()).as(time).isEqualTo(templateAt.toString());
                item.put(time, AttributeValue.fromS(at.toString()));
            }
        }
        for (String touch : List.of("firstTouch", "lastTouch")) {
            Map<String, AttributeValue> t = new HashMap<>(template.get(touch).m());
            t.put("occurredAt", AttributeValue.fromS(at.toString()));
            item.put(touch, AttributeValue.fromM(t));
        }
        // listTemperature, stage and source are the template's; the sort key embeds the time and the id
        item.put("listSk", AttributeValue.fromS(listSk(item, at, id)));
        copies.add(WriteRequest.builder().putRequest(r -> r.item(item)).build());
        return id;
    }

    /** Writes the copies made since the last call, 25 to a BatchWriteItem, retrying what comes back unprocessed. */
    void writeCopies() {
        for (int from = 0; from < copies.size(); from += 25) {
            Map<String, List<WriteRequest>> pending = Map.of(store.tableName(),
                    List.copyOf(copies.subList(from, Math.min(from + 25, copies.size()))));
            while (!pending.isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                Map<String, List<WriteRequest>> left = DDB.batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                pending = left == null ? Map.of() : left;
            }
        }
        copies.clear();
    }

    private Map<String, AttributeValue> profile(String leadId) {
        return DDB.getItem(r -> r.tableName(store.tableName()).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS("PROFILE")))).item();
    }

    /** The list sort key as docs/data-model.md#lead-lists defines it: temperature rank, last touch, lead id. */
    private static String listSk(Map<String, AttributeValue> profile, Instant lastTouchAt, String leadId) {
        int rank = BUCKETS.indexOf(profile.get("listTemperature").s()) + 1;
        assertThat(rank).isPositive();
        return rank + "#" + SORTABLE.format(lastTouchAt) + "#" + leadId;
    }
}

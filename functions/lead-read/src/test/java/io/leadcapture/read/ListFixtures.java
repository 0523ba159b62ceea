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
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Leads for list and export tests: captured through the real capture path, scored and staged by the store. */
final class ListFixtures {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());

    final LeadStore store;
    final TestClock clock = new TestClock(Instant.parse("2026-11-02T08:00:00Z"));
    private final CaptureLead capture;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

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

    /** The owner as routing and PATCH write it (a profile attribute beside the lead's own). */
    void own(String leadId, String owner) {
        DDB.updateItem(r -> r.tableName(store.tableName())
                .key(Map.of("pk", AttributeValue.fromS("LEAD#" + leadId), "sk", AttributeValue.fromS("PROFILE")))
                .updateExpression("SET #o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromS(owner))));
    }

    /** A clock the test moves: leads are created at the time it shows. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

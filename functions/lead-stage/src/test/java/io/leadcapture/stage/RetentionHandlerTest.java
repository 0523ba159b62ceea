package io.leadcapture.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.MergeRequest;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.retention.RetentionConfig;
import io.leadcapture.core.retention.RetentionPolicy;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The daily retention run against moto: what it erases (through the erasure) and what it keeps. */
class RetentionHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final FormCatalog FORMS = FormCatalog.bundled();
    static final Instant RUN_AT = Instant.parse("2026-06-30T02:45:00Z");

    LeadStore store;
    String table;

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
    }

    CaptureResult post(String form, Instant at, String email, String... more) {
        FormFields fields = new FormFields().add("email", email);
        for (int i = 0; i < more.length; i += 2) {
            fields.add(more[i], more[i + 1]);
        }
        return UseCases.captureLead(store, FreeMailDomains.bundled(), Clock.fixed(at, ZoneOffset.UTC))
                .capture(CaptureCommand.formPost(FORMS.find(form).orElseThrow(), fields, "iphash-test", null, null));
    }

    static String email(String who) {
        return who + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-handel.de";
    }

    RetentionHandler handler(Clock clock) {
        return new RetentionHandler(store.scan(), store.reads(), UseCases.eraseLead(store, clock),
                new RetentionPolicy(RetentionConfig.bundled()), clock);
    }

    @Test
    void erasesAnUnconfirmedSignupOlderThanTheWindowAndKeepsANewerAndAConfirmedOne() {
        String oldEmail = email("alt");
        Instant old = RUN_AT.minus(Duration.ofDays(40));
        String unconfirmedOld = post("newsletter", old, oldEmail, "consent", "on", "first_name", "Greta").leadId();
        String unconfirmedNew = post("newsletter", RUN_AT.minus(Duration.ofDays(5)), email("neu"), "consent", "on").leadId();
        CaptureResult confirmedSignup = post("newsletter", old, email("bestaetigt"), "consent", "on");
        assertThat(store.consents().confirmConsent(confirmedSignup.leadId(), confirmedSignup.interactionId(),
                old.plus(Duration.ofHours(2)))).isEqualTo(ConsentChange.CHANGED);
        // a demo request with the consent box ticked: a request of its own, not only an opt-in
        String demo = post("demo", old, email("demo"), "consent", "on", "company", "Beispiel Handel GmbH").leadId();

        Map<String, Integer> counts = handler(Clock.fixed(RUN_AT, ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("RetentionFunction", 900));

        assertThat(counts).containsEntry("scanned", 4).containsEntry("kept", 3)
                .containsEntry("erased_pending_opt_in", 1).containsEntry("erased_inactive", 0)
                .containsEntry("unfinished", 0);
        assertThat(store.reads().findLead(unconfirmedOld)).isEmpty();
        assertThat(store.reads().findLeadIdByEmail(oldEmail)).isEmpty();
        List<Map<String, AttributeValue>> left = DDB.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + unconfirmedOld)))).items();
        assertThat(left).hasSize(1);
        assertThat(left.getFirst().get("sk").s()).isEqualTo("ERASED");
        assertThat(left.getFirst().get("requestedBy").s()).isEqualTo("retention");
        assertThat(left.getFirst().get("reason").s()).contains("pending_opt_in");
        assertThat(List.of(unconfirmedNew, confirmedSignup.leadId(), demo))
                .allSatisfy(id -> assertThat(store.reads().findLead(id)).isPresent());
    }

    @Test
    void erasesLeadsWithoutAnyInteractionForTheInactivityPeriodOnTheNextRuns() {
        Instant longAgo = RUN_AT.minus(Duration.ofDays(2 * 365 + 10));
        String inactive = post("demo", longAgo, email("ruhend"), "company", "Ruhend AG").leadId();
        String active = post("demo", RUN_AT.minus(Duration.ofDays(300)), email("aktiv"), "company", "Aktiv AG").leadId();

        Map<String, Integer> first = handler(Clock.fixed(RUN_AT, ZoneOffset.UTC)).handleRequest(new ScheduledEvent(), null);
        // a day later nothing more is due
        Map<String, Integer> second = handler(Clock.fixed(RUN_AT.plus(Duration.ofDays(1)), ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), null);

        assertThat(first).containsEntry("erased_inactive", 1).containsEntry("kept", 1);
        assertThat(second).containsEntry("scanned", 1).containsEntry("kept", 1).containsEntry("erased_inactive", 0);
        assertThat(store.reads().findLead(inactive)).isEmpty();
        assertThat(store.reads().findLead(active)).isPresent();
    }

    @Test
    void aDueLeadInTheMiddleOfAMergeIsLeftForALaterRun() {
        Instant old = RUN_AT.minus(Duration.ofDays(40));
        String due = post("newsletter", old, email("faellig"), "consent", "on").leadId();
        String other = post("demo", RUN_AT.minus(Duration.ofDays(5)), email("anderer"), "company", "Anders AG").leadId();
        assertThat(store.merges().mark(store.captures().profile(other).orElseThrow(),
                store.captures().profile(due).orElseThrow(), null,
                new MergeRequest("arn:aws:iam::123456789012:user/vertrieb", null, RUN_AT.minus(Duration.ofHours(1)))))
                .isTrue();

        Map<String, Integer> counts = handler(Clock.fixed(RUN_AT, ZoneOffset.UTC))
                .handleRequest(new ScheduledEvent(), new LocalContext("RetentionFunction", 900));

        assertThat(counts).containsEntry("merging", 1).containsEntry("erased_pending_opt_in", 0);
        assertThat(store.reads().findLead(due)).isPresent();
        assertThat(store.merges().mergesInto(due)).containsExactly(other);
    }
}

package io.leadcapture.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.RecordContentClick;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.ScoreReason;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.StreamImages;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A followed nurture link feeds back into the score: the content_click the click use case records is
 * handed to the scoring function as the stream delivers it (the INSERT of the interaction item read
 * from moto), and the lead's score rises by the configured points for content consumed.
 */
class ContentClickScoringTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");

    final String table = LocalAws.freshLeadsTable(DDB);
    final LeadStore store = new LeadStore(DDB, table);
    final MovableClock clock = new MovableClock(T0);
    final ScoringHandler scoring = new ScoringHandler(ScoringHandler.defaultRescorer(store, clock));
    final RecordContentClick clicks = UseCases.recordContentClick(store, clock);

    @Test
    void aRecordedClickRaisesTheScoreOnceAndTheSameDaysRepeatAddsNothing() {
        String email = "clara." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
        String leadId = UseCases.captureLead(store, FreeMailDomains.bundled(), clock).capture(CaptureCommand.formPost(
                FormCatalog.bundled().find("newsletter").orElseThrow(), new FormFields().add("email", email)
                        .add("company", "Beispiel Werke GmbH").add("consent", "on"), "hmac-sha256:t1:test", null, null))
                .leadId();
        deliverNewInteractions(leadId);
        Lead signedUp = store.reads().findLead(leadId).orElseThrow();
        int before = signedUp.scoring().score();

        clock.advance(Duration.ofHours(2));
        String token = "token-of-the-mail-" + UUID.randomUUID();
        assertThat(clicks.record(new RecordContentClick.Click(leadId, "newsletter-welcome", 1, token)))
                .isEqualTo(RecordContentClick.Outcome.RECORDED);
        deliverNewInteractions(leadId);

        Lead clicked = store.reads().findLead(leadId).orElseThrow();
        assertThat(clicked.scoring().score()).isGreaterThan(before);
        assertThat(clicked.scoring().engagementScore()).isGreaterThan(signedUp.scoring().engagementScore());
        assertThat(clicked.scoring().scoreReasons()).extracting(ScoreReason::rule).anyMatch(d -> d.contains("content_click"));

        clock.advance(Duration.ofMinutes(10));
        assertThat(clicks.record(new RecordContentClick.Click(leadId, "newsletter-welcome", 1, token)))
                .isEqualTo(RecordContentClick.Outcome.ALREADY_RECORDED);
        assertThat(deliverNewInteractions(leadId)).isZero();
        assertThat(store.reads().findLead(leadId).orElseThrow().scoring().score()).isEqualTo(clicked.scoring().score());
    }

    final java.util.Set<String> delivered = new java.util.HashSet<>();

    /** Every interaction item of the lead not delivered yet, as its stream INSERT record; how many. */
    int deliverNewInteractions(String leadId) {
        List<Map<String, AttributeValue>> items = DDB.queryPaginator(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :i)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId),
                        ":i", AttributeValue.fromS("INTERACTION#")))).items().stream()
                .filter(i -> delivered.add(i.get("sk").s())).toList();
        for (Map<String, AttributeValue> item : items) {
            DynamodbEvent event = new DynamodbEvent();
            event.setRecords(List.of(StreamImages.insert(item)));
            assertThat(scoring.handleRequest(event, new LocalContext("ScoringFunction", 30)).getBatchItemFailures()).isEmpty();
        }
        return items.size();
    }
}

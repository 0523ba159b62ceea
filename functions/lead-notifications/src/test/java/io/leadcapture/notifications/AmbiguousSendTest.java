package io.leadcapture.notifications;

import static io.leadcapture.notifications.MailEmulator.DDB;
import static io.leadcapture.notifications.MailEmulator.ENDPOINT;
import static io.leadcapture.notifications.MailEmulator.SENDER;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.local.aws.FaultProxy;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * A mail whose send has no known outcome is neither lost nor left to the dead-letter queue: an
 * SES call without an answer lets the next delivery send at once, and a claim in flight (its sender
 * died) is waited for within the record's retries until it goes stale.
 */
class AmbiguousSendTest {
    static SesV2Client ses;
    /** Accepts connections and never answers: an SES call through it ends without an outcome. */
    static ServerSocket silent;
    static SesV2Client silentSes;

    FreshLeads leads;

    @BeforeAll
    static void emulator() throws IOException {
        ses = client(ENDPOINT, Duration.ofSeconds(30));
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        silentSes = client(URI.create("http://127.0.0.1:" + silent.getLocalPort()), Duration.ofSeconds(1));
    }

    static SesV2Client client(URI at, Duration timeout) {
        return StreamFixtures.ses(at)
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void close() throws IOException {
        ses.close();
        silentSes.close();
        silent.close();
    }

    @BeforeEach
    void fresh() {
        leads = FreshLeads.at(DDB, Instant.parse("2026-11-27T09:00:00Z"));
    }

    NotificationHandler handler(SesV2Client client) {
        return MailEmulator.notifications(leads.store(), new MailSender(client, SENDER), leads.clock())
                .pausingWith(leads.clock()::advance);
    }

    /** A whitepaper download (it has an auto-response); the stream's INSERT of its interaction. */
    DynamodbEvent whitepaper(String email) {
        String interactionId = leads.capture().capture(CaptureCommand.formPost(FormCatalog.bundled().find("whitepaper").orElseThrow(),
                new FormFields().add("email", email), "hmac-sha256:test", null, null)).interactionId();
        Map<String, AttributeValue> item = DDB.scanPaginator(r -> r.tableName(leads.table()).consistentRead(true)).items().stream()
                .filter(i -> "interaction".equals(i.get("itemType").s()) && interactionId.equals(i.get("interactionId").s()))
                .findFirst().orElseThrow();
        return StreamFixtures.insertOf(item);
    }

    Map<String, AttributeValue> marker(DynamodbEvent event) {
        var image = event.getRecords().get(0).getDynamodb().getNewImage();
        return DDB.getItem(r -> r.tableName(leads.table()).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS("LEAD#" + image.get("leadId").getS()),
                "sk", AttributeValue.fromS("NOTIFICATION#AUTO#" + image.get("interactionId").getS())))).item();
    }

    static StreamsEventResponse deliver(NotificationHandler handler, DynamodbEvent event) {
        return handler.handleRequest(event, new LocalContext("NotificationFunction", 60));
    }

    @Test
    void aSendWithoutAnAnswerIsTakenOverAtOnceByTheNextDelivery() throws Exception {
        String email = NotificationHandlerTest.address("leser");
        DynamodbEvent event = whitepaper(email);

        StreamsEventResponse first = deliver(handler(silentSes), event);
        assertThat(first.getBatchItemFailures()).as("retried").hasSize(1);
        Map<String, AttributeValue> uncertain = marker(event);
        assertThat(uncertain.get("status").s()).isEqualTo("sending");
        assertThat(uncertain).containsKey("uncertainAt");

        Instant before = leads.clock().instant();
        StreamsEventResponse retry = deliver(handler(ses), event);
        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(leads.clock().instant()).as("no waiting for a claim whose send has ended").isEqualTo(before);
        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
        assertThat(marker(event).get("status").s()).isEqualTo("sent");
        assertThat(marker(event)).doesNotContainKey("uncertainAt");

        deliver(handler(ses), event);
        assertThat(StreamFixtures.mailsTo(email)).as("a replay sends nothing").hasSize(1);
    }

    @Test
    void sesTimingOutOnceAndThrottlingOnceEndsInExactlyOneMail() throws Exception {
        String email = NotificationHandlerTest.address("proxy");
        DynamodbEvent event = whitepaper(email);
        FaultProxy.Match send = FaultProxy.Match.sesV2("POST", "/outbound-emails");
        try (FaultProxy proxy = FaultProxy.start(ENDPOINT)
                .on(send, FaultProxy.Fault.unanswered(Duration.ofSeconds(3)), FaultProxy.Fault.sesV2TooManyRequests());
             SesV2Client throughProxy = StreamFixtures.ses(proxy.endpoint())
                     // the whole call times out before the proxy gives up; a throttled attempt is retried by the SDK
                     .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(1))).build()) {
            NotificationHandler handler = handler(throughProxy);

            StreamsEventResponse first = deliver(handler, event);
            assertThat(first.getBatchItemFailures()).as("no answer from SES: retried").hasSize(1);
            assertThat(marker(event)).containsKey("uncertainAt");
            StreamsEventResponse retry = deliver(handler, event);

            assertThat(retry.getBatchItemFailures()).isEmpty();
            assertThat(proxy.seen(send)).extracting(FaultProxy.Seen::status).containsExactly(-1, 429, 200);
            assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
            assertThat(marker(event).get("status").s()).isEqualTo("sent");
        }
    }

    @Test
    void aSendSesTookWhoseAnswerWasLostIsSentAgainTheDocumentedDuplicateWindow() throws Exception {
        String email = NotificationHandlerTest.address("doppelt");
        DynamodbEvent event = whitepaper(email);
        FaultProxy.Match send = FaultProxy.Match.sesV2("POST", "/outbound-emails");
        try (FaultProxy proxy = FaultProxy.start(ENDPOINT).on(send, FaultProxy.Fault.answerDropped());
             SesV2Client throughProxy = StreamFixtures.ses(proxy.endpoint())
                     .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            NotificationHandler handler = handler(throughProxy);

            assertThat(deliver(handler, event).getBatchItemFailures()).hasSize(1);
            assertThat(deliver(handler, event).getBatchItemFailures()).isEmpty();

            assertThat(StreamFixtures.mailsTo(email)).as("never lost; twice when SES took it and its answer was lost")
                    .hasSize(2);
        }
    }

    @Test
    void aClaimWhoseSenderDiedIsWaitedForAcrossRetriesUntilItIsStale() throws Exception {
        String email = NotificationHandlerTest.address("wartend");
        DynamodbEvent event = whitepaper(email);
        String leadId = leads.store().reads().findLeadIdByEmail(email).orElseThrow();
        String interactionId = event.getRecords().get(0).getDynamodb().getNewImage().get("interactionId").getS();
        // an invocation claimed the mail and died before it could send or mark it
        assertThat(leads.store().markers().claim(Notification.autoResponse(leadId, interactionId), null, leads.clock().instant(),
                NotificationHandler.CLAIM_STALE_AFTER)).isEqualTo(NotificationClaim.CLAIMED);
        Instant claimedAt = leads.clock().instant();
        NotificationHandler handler = handler(ses);

        int deliveries = 0;
        StreamsEventResponse answer;
        do {
            answer = deliver(handler, event);
            deliveries++;
        } while (!answer.getBatchItemFailures().isEmpty() && deliveries < 8);

        assertThat(answer.getBatchItemFailures()).as("sent within the retries the event source mapping allows").isEmpty();
        assertThat(deliveries).as("each delivery waits up to 50 s of its 60 s").isEqualTo(3);
        assertThat(leads.clock().instant()).isAfterOrEqualTo(claimedAt.plus(NotificationHandler.CLAIM_STALE_AFTER));
        assertThat(StreamFixtures.mailsTo(email)).hasSize(1);
        assertThat(marker(event).get("status").s()).isEqualTo("sent");
    }
}

package io.leadcapture.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureRetryPolicy;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.local.aws.FaultProxy;
import io.leadcapture.local.aws.FaultProxy.Fault;
import io.leadcapture.local.aws.FaultProxy.Match;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.store.LeadStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The write path under faults moto never produces, injected by a proxy between the SDK (configured
 * as in Lambda: URLConnection client, its timeouts and retries) and moto: a slow DynamoDB, throttling,
 * cancelled transactions, a reused token, a commit whose answer is lost.
 */
class FormCaptureFaultsTest {
    /** Short, so the tests are quick; the function's own is 6 s of 10 (CaptureRetryPolicy.DEFAULT). */
    static final Duration BUDGET = Duration.ofSeconds(3);
    static final Match TRANSACT = Match.dynamoDb("TransactWriteItems");

    FaultProxy proxy;
    DynamoDbClient direct;
    String table;
    LeadStore store;
    FormCaptureHandler handler;

    @BeforeEach
    void start() {
        direct = LocalAws.dynamoDb(MotoServer.endpoint());
        table = LocalAws.freshLeadsTable(direct);
        proxy = FaultProxy.start(MotoServer.endpoint());
        DynamoDbClient viaProxy = DynamoDbClient.builder()
                .endpointOverride(proxy.endpoint())
                .region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(AwsClients.httpClient())
                .overrideConfiguration(AwsClients.overrides())
                .build();
        store = new LeadStore(viaProxy, table);
        handler = handler(store, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    static FormCaptureHandler handler(LeadStore store, Clock clock) {
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        CaptureLead capture = new CaptureLead(store.captures(), new SubmissionBuilder(freeMail), new LeadMerge(freeMail),
                clock, CaptureRetryPolicy.withBudget(BUDGET));
        return new FormCaptureHandler(FormCatalog.bundled(), capture, new IpHasher(FormCaptureHandlerTest.SALT));
    }

    /** A browser's form post: no idempotency key, HTML answer expected. */
    static APIGatewayV2HTTPEvent browserPost(String email) {
        return FormPosts.to("contact").urlEncoded("first_name=Jana&last_name=Roth&email=" + email
                + "&company=Roth+GmbH&message=Bitte+um+R%C3%BCckruf").event();
    }

    static String email() {
        return "jana." + UUID.randomUUID().toString().substring(0, 8) + "@example-werke.de";
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("FormCaptureFunction", 10));
    }

    List<Map<String, AttributeValue>> items() {
        return direct.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    List<Interaction> interactionsOf(String email) {
        LeadStore directStore = new LeadStore(direct, table);
        Lead lead = directStore.reads().findLeadIdByEmail(email).flatMap(directStore.reads()::findLead).orElseThrow();
        return lead.interactions();
    }

    /** The client request tokens of the transactions the proxy passed, in order. */
    List<String> tokens() {
        return proxy.seen(TRANSACT).stream().map(s -> token(s.request().body())).toList();
    }

    static String token(String body) {
        try {
            return Json.MAPPER.readTree(body).path("ClientRequestToken").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aDynamoDbSlowerThanTheDeadlineGets503WithRetryAfterInTimeAndNothingStored() {
        proxy.on(Match.dynamoDb("BatchGetItem"), Fault.latency(Duration.ofSeconds(5)), Fault.latency(Duration.ofSeconds(5)),
                Fault.latency(Duration.ofSeconds(5)));
        long started = System.nanoTime();

        APIGatewayV2HTTPResponse r = post(browserPost(email()));

        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        // answered long before the platform's 10 s, not cut by it
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(proxy.seen(TRANSACT)).isEmpty();
        assertThat(items()).isEmpty();
    }

    @Test
    void throttlingThenSuccessIsAnsweredOnceAndStoredOnce() {
        String email = email();
        proxy.on(TRANSACT, Fault.dynamoDbThrottling());

        APIGatewayV2HTTPResponse r = post(browserPost(email));

        assertThat(r.getStatusCode()).isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(1);
        // the SDK retried the same request: same token
        List<String> tokens = tokens();
        assertThat(tokens).hasSize(2).containsOnly(tokens.get(0));
    }

    @Test
    void aConflictingTransactionAndAReusedTokenAreContentionRetriedUnderNewTokens() {
        String email = email();
        proxy.on(TRANSACT, Fault.transactionCanceled("None", "TransactionConflict"), Fault.idempotentParameterMismatch());

        APIGatewayV2HTTPResponse r = post(browserPost(email));

        assertThat(r.getStatusCode()).isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(1);
        assertThat(tokens()).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void aCommitWhoseAnswerIsLostThenAResubmitOfTheSamePostRecordsOneInteraction() {
        String email = email();
        // every transaction goes through, no answer arrives before the deadline
        proxy.on(TRANSACT, Fault.answerDelayed(Duration.ofSeconds(5)), Fault.answerDelayed(Duration.ofSeconds(5)),
                Fault.answerDelayed(Duration.ofSeconds(5)));

        APIGatewayV2HTTPResponse first = post(browserPost(email));

        assertThat(first.getStatusCode()).isEqualTo(503);
        assertThat(first.getHeaders()).containsKey("retry-after");
        assertThat(interactionsOf(email)).as("the commit went through").hasSize(1);

        proxy.clear();
        APIGatewayV2HTTPResponse resubmit = post(browserPost(email));

        assertThat(resubmit.getStatusCode()).isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(1);
    }

    @Test
    void aLostAnswerTheSdkRetriesIsAnsweredFromTheRecordOfTheFirstCommit() {
        String email = email();
        proxy.on(TRANSACT, Fault.answerDropped());

        APIGatewayV2HTTPResponse r = post(browserPost(email));

        // the SDK's retry (same token) lost against the first commit; the next attempt found its record
        assertThat(r.getStatusCode()).isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(1);
    }

    @Test
    void aLostAnswerOfAPostWithoutAnyKeyIsStillOneInteraction() throws Exception {
        String email = email();
        proxy.on(TRANSACT, Fault.answerDropped());

        APIGatewayV2HTTPResponse r = post(FormPosts.to("contact")
                .json("{\"email\":\"" + email + "\",\"first_name\":\"Jana\"}").event());

        // the SDK's retry lost against the first commit; the interaction it wrote names this request
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        assertThat(interactionsOf(email)).extracting(Interaction::interactionId)
                .containsExactly(Json.MAPPER.readTree(r.getBody()).path("submissionId").asText());
    }

    @Test
    void theSameBrowserPostIsOneInteractionWithinTenMinutesAndANewOneAfter() {
        MovableClock clock = new MovableClock(Instant.parse("2026-11-02T09:00:00Z"));
        LeadStore directStore = new LeadStore(direct, table);
        FormCaptureHandler h = handler(directStore, clock);
        String email = email();

        assertThat(h.handleRequest(browserPost(email), new LocalContext("FormCaptureFunction", 10)).getStatusCode())
                .isEqualTo(303);
        clock.advance(Duration.ofMinutes(9));
        assertThat(h.handleRequest(browserPost(email), new LocalContext("FormCaptureFunction", 10)).getStatusCode())
                .isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(1);

        clock.advance(Duration.ofMinutes(2));
        assertThat(h.handleRequest(browserPost(email), new LocalContext("FormCaptureFunction", 10)).getStatusCode())
                .isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(2);

        // another browser (or a changed field) is another post at once
        APIGatewayV2HTTPEvent other = FormPosts.to("contact").urlEncoded("first_name=Jana&last_name=Roth&email=" + email
                + "&company=Roth+GmbH&message=Bitte+um+R%C3%BCckruf").from("198.51.100.4").event();
        assertThat(h.handleRequest(other, new LocalContext("FormCaptureFunction", 10)).getStatusCode()).isEqualTo(303);
        assertThat(interactionsOf(email)).hasSize(3);
        Set<String> ids = new HashSet<>(interactionsOf(email).stream().map(Interaction::interactionId).toList());
        assertThat(ids).hasSize(3);
    }

    @Test
    void aBrowserPostReadsItsResubmitRecordAndTheOwnersInOneRequest() {
        String email = email();

        assertThat(post(browserPost(email)).getStatusCode()).isEqualTo(303);
        assertThat(post(browserPost(email)).getStatusCode()).as("the resubmit").isEqualTo(303);

        assertThat(proxy.seen().stream().map(s -> s.request().target()).toList()).containsExactly(
                "DynamoDB_20120810.BatchGetItem", "DynamoDB_20120810.TransactWriteItems",
                "DynamoDB_20120810.BatchGetItem");
        String read = proxy.seen(Match.dynamoDb("BatchGetItem")).get(0).request().body();
        assertThat(read).contains("IDENTITY").contains("IDEMPOTENCY").contains("\"ConsistentRead\":true");
        assertThat(interactionsOf(email)).hasSize(1);
    }
}

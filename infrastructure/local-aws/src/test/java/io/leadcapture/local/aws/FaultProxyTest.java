package io.leadcapture.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.local.aws.FaultProxy.Fault;
import io.leadcapture.local.aws.FaultProxy.Match;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** The fault proxy in front of moto, seen through the SDK as the functions use it. */
class FaultProxyTest {
    FaultProxy proxy;
    DynamoDbClient direct;
    DynamoDbClient viaProxy;
    String table;

    @BeforeEach
    void start() {
        direct = LocalAws.dynamoDb(MotoServer.endpoint());
        table = LocalAws.freshLeadsTable(direct);
        proxy = FaultProxy.start(MotoServer.endpoint());
        // no SDK retries: each scripted fault is seen as it is
        viaProxy = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(LocalAws.REGION)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).retryStrategy(b -> b.maxAttempts(1))
                        .apiCallAttemptTimeout(Duration.ofSeconds(4)))
                .build();
    }

    @AfterEach
    void stop() {
        proxy.close();
    }

    List<TransactWriteItem> putOf(String pk) {
        return List.of(TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("X")))
                .conditionExpression("attribute_not_exists(pk)")).build());
    }

    boolean stored(String pk) {
        return direct.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS("X")))).hasItem();
    }

    @Test
    void forwardsWhatIsNotScriptedAndAppliesScriptedFaultsInOrder() {
        proxy.on(Match.dynamoDb("TransactWriteItems"), Fault.dynamoDbThrottling(),
                Fault.transactionCanceled("None", "TransactionConflict"), Fault.idempotentParameterMismatch());

        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("a"))))
                .isInstanceOf(ProvisionedThroughputExceededException.class)
                .satisfies(e -> assertThat(((DynamoDbException) e).isThrottlingException()).isTrue());
        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("a"))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                        .extracting(CancellationReason::code).containsExactly("None", "TransactionConflict"));
        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("a"))))
                .isInstanceOf(IdempotentParameterMismatchException.class);
        assertThat(stored("a")).isFalse();

        viaProxy.transactWriteItems(r -> r.transactItems(putOf("a")));
        assertThat(stored("a")).isTrue();
        // other operations were never scripted
        viaProxy.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("X"))));
        assertThat(proxy.seen(Match.dynamoDb("TransactWriteItems"))).extracting(FaultProxy.Seen::status)
                .containsExactly(400, 400, 400, 200);
        assertThat(proxy.seen(Match.dynamoDb("GetItem"))).hasSize(1);
    }

    @Test
    void aLostAnswerLeavesTheWriteDoneWhileTheCallerSeesAFailure() {
        proxy.on(Match.dynamoDb("TransactWriteItems"), Fault.answerDelayed(Duration.ofSeconds(8)), Fault.answerDropped());

        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("late"))))
                .isInstanceOf(SdkClientException.class);
        assertThat(stored("late")).isTrue();
        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("dropped"))))
                .isInstanceOf(SdkClientException.class);
        assertThat(stored("dropped")).isTrue();
    }

    @Test
    void anUnansweredRequestNeverReachesTheService() {
        proxy.on(Match.dynamoDb("TransactWriteItems"), Fault.unanswered(Duration.ofSeconds(5)));

        assertThatThrownBy(() -> viaProxy.transactWriteItems(r -> r.transactItems(putOf("never"))))
                .isInstanceOf(SdkClientException.class);
        assertThat(stored("never")).isFalse();
        assertThat(proxy.seen(Match.dynamoDb("TransactWriteItems"))).extracting(FaultProxy.Seen::status).containsExactly(-1);
    }

    @Test
    void latencyDelaysTheAnswer() {
        proxy.on(Match.dynamoDb("GetItem"), Fault.latency(Duration.ofSeconds(8)));

        assertThatThrownBy(() -> viaProxy.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("a"), "sk", AttributeValue.fromS("X")))))
                .isInstanceOf(SdkClientException.class).hasMessageContaining("timeout");
    }
}

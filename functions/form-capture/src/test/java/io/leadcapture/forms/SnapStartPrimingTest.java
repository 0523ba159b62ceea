package io.leadcapture.forms;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The form function's SnapStart hooks, called as Lambda calls them around a snapshot, against moto:
 * priming takes the request path to DynamoDB and writes nothing; after the restore hook the handler
 * captures as before.
 */
class SnapStartPrimingTest {
    /** Operations the SDK sent, in order. */
    final List<String> operations = new CopyOnWriteArrayList<>();
    DynamoDbClient ddb;
    String table;
    LeadStore store;
    FormCaptureHandler handler;

    @BeforeEach
    void handlerOnAFreshTable() {
        ddb = DynamoDbClient.builder()
                .endpointOverride(MotoServer.endpoint())
                .region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        operations.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                }))
                .build();
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
        FreeMailDomains freeMail = FreeMailDomains.bundled();
        handler = new FormCaptureHandler(FormCatalog.bundled(), UseCases.captureLead(store, freeMail, Clock.systemUTC()),
                UseCases.primingCapture(store, freeMail, Clock.systemUTC()), new IpHasher(FormCaptureHandlerTest.SALT),
                CaptchaVerifier.NONE);
    }

    List<Map<String, AttributeValue>> items() {
        return ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    @Test
    void primingReadsAndSendsACancelledTransactionButWritesNothing() throws Exception {
        handler.snapStart().beforeCheckpoint(null);

        assertThat(operations).as("the capture path as far as DynamoDB: idempotency record and identities in one read, the commit")
                .contains("BatchGetItem", "TransactWriteItems")
                .doesNotContain("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");
        assertThat(items()).isEmpty();
    }

    @Test
    void aRestoredHandlerCapturesAsBefore() throws Exception {
        handler.snapStart().beforeCheckpoint(null);
        handler.snapStart().afterRestore(null);

        APIGatewayV2HTTPResponse r = handler.handleRequest(FormPosts.to("contact")
                .json("{\"email\":\"restored.priming@beispiel-gmbh.de\",\"first_name\":\"Ada\"}").event(),
                new LocalContext("FormCaptureFunction", 10));

        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        assertThat(store.reads().findLeadIdByEmail("restored.priming@beispiel-gmbh.de")).isPresent();
        assertThat(store.reads().findLeadIdByEmail("snapstart.priming@example.com")).isEmpty();
    }

    @Test
    void primingTwiceStillWritesNothing() throws Exception {
        handler.snapStart().beforeCheckpoint(null);
        handler.snapStart().afterRestore(null);
        handler.snapStart().beforeCheckpoint(null);

        assertThat(items()).isEmpty();
    }
}

package io.leadcapture.bench;

import io.leadcapture.core.FormCatalog;
import io.leadcapture.forms.FormCaptureHandler;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB requests per submission, counted on the wire by an SDK interceptor (every HTTP attempt):
 * a new lead, then a repeat submission of the same person, then a replay with the same key.
 * Usage: WriteCounter EMULATOR_URL
 */
public final class WriteCounter {
    static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private WriteCounter() {
    }

    public static void main(String[] args) {
        Map<String, Integer> calls = new TreeMap<>();
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
            }
        };
        URI endpoint = URI.create(args[0]);
        String table;
        try (DynamoDbClient setup = LocalAws.dynamoDb(endpoint)) {
            table = LocalAws.freshLeadsTable(setup);
        }
        DynamoDbClient ddb = DynamoDbClient.builder().endpointOverride(endpoint).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(counter)).build();
        FormCaptureHandler handler = new FormCaptureHandler(FormCatalog.bundled(),
                UseCases.captureLead(new LeadStore(ddb, table)), new IpHasher("bench1:bench-salt-0123456789"));
        String[][] steps = {
                {"new lead", "{\"email\":\"count@beispiel.de\",\"phone\":\"030 1234567\",\"company\":\"Beispiel GmbH\"}", "k1"},
                {"repeat submission (same person)", "{\"email\":\"count@beispiel.de\",\"job_title\":\"CEO\"}", "k2"},
                {"replay (same Idempotency-Key)", "{\"email\":\"count@beispiel.de\",\"job_title\":\"CEO\"}", "k2"},
        };
        System.out.println("| Submission | Status | Write requests | Read requests | Requests by operation |");
        System.out.println("|---|---|---|---|---|");
        for (String[] step : steps) {
            calls.clear();
            int status = handler.handleRequest(HttpApiEvents.event("POST /forms/{formId}", "POST", "/forms/contact", "",
                    Map.of("content-type", List.of("application/json"), "idempotency-key", List.of(step[2])),
                    step[1].getBytes(StandardCharsets.UTF_8), "203.0.113.1", Map.of("formId", "contact")),
                    new LocalContext("bench", 10)).getStatusCode();
            int writes = calls.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToInt(Map.Entry::getValue).sum();
            int reads = calls.values().stream().mapToInt(Integer::intValue).sum() - writes;
            System.out.println("| " + step[0] + " | " + status + " | " + writes + " | " + reads + " | " + calls + " |");
        }
    }
}

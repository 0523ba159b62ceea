package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.forms.FormCaptureHandler;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The same capture path against LocalStack, for machines with Docker. Pinned to 4.14.0, the last
 * tag that runs without an auth token. Skipped (not failed) where no Docker engine is reachable.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSuiteTest {
    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.14.0")).withServices("dynamodb");

    @Test
    void formPostsBecomeOneLeadPerPersonInLocalStack() {
        DynamoDbClient ddb = DynamoDbClient.builder()
                .endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        SamTemplate.Table table = SamTemplate.bundled().tables().get(0);
        LocalTables.create(ddb, table, "leads-localstack");
        FormCaptureHandler handler = new FormCaptureHandler(FormCatalog.bundled(),
                UseCases.captureLead(new LeadStore(ddb, "leads-localstack")), new IpHasher("ls1:localstack-salt-0123456789"));

        int[] statuses = new int[2];
        for (int i = 0; i < 2; i++) {
            APIGatewayV2HTTPResponse r = handler.handleRequest(HttpApiEvents.event("POST /forms/{formId}", "POST",
                    "/forms/contact", "", Map.of("content-type", List.of("application/json"), "accept", List.of("application/json")),
                    "{\"email\":\"Joerg@Müller.de\",\"first_name\":\"Jörg\"}".getBytes(StandardCharsets.UTF_8), "203.0.113.9",
                    Map.of("formId", "contact")), new LocalContext("FormCaptureFunction", 10));
            statuses[i] = r.getStatusCode();
        }
        assertThat(statuses).as("the same answer for a new and a known person").containsExactly(202, 202);
        long leads = ddb.scan(r -> r.tableName("leads-localstack")).items().stream()
                .filter(i -> "lead".equals(i.get("itemType").s())).count();
        assertThat(leads).isEqualTo(1);
    }
}

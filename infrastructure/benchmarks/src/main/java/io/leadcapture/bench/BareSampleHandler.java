package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The reference of the cold-path benchmark: what a team would ship from the AWS samples
 * (serverless-test-samples, java-test-samples/apigw-lambda-ddb) — parse the body with Jackson, write
 * it with one {@code PutItem}, answer 201. The SDK client is built as the product builds its own
 * (URLConnection HTTP client, region and credentials from the environment, the same timeouts and
 * retry mode); no validation, normalisation, identity merge, consent or idempotency.
 */
public class BareSampleHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DynamoDbClient ddb = DynamoDbClient.builder()
            .httpClient(UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(2))
                    .socketTimeout(Duration.ofSeconds(3))
                    .build())
            .region(Region.of(System.getenv("AWS_REGION")))
            .credentialsProvider(EnvironmentVariableCredentialsProvider.create())
            .overrideConfiguration(ClientOverrideConfiguration.builder()
                    .retryStrategy(RetryMode.STANDARD)
                    .apiCallTimeout(Duration.ofSeconds(6))
                    .apiCallAttemptTimeout(Duration.ofSeconds(3))
                    .build())
            .build();
    private final String tableName = System.getenv("TABLE_NAME");

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Map<String, Object> body = MAPPER.readValue(event.getBody(), new TypeReference<Map<String, Object>>() { });
            String id = UUID.randomUUID().toString();
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("pk", AttributeValue.fromS("SAMPLE#" + id));
            item.put("sk", AttributeValue.fromS("SUBMISSION"));
            item.put("receivedAt", AttributeValue.fromS(Instant.now().toString()));
            body.forEach((k, v) -> item.put(k, AttributeValue.fromS(String.valueOf(v))));
            ddb.putItem(PutItemRequest.builder().tableName(tableName).item(item).build());
            return APIGatewayV2HTTPResponse.builder().withStatusCode(201)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody(MAPPER.writeValueAsString(Map.of("id", id))).build();
        } catch (Exception e) {
            context.getLogger().log("failed: " + e);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(500).withBody("{}").build();
        }
    }
}

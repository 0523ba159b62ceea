package io.leadcapture.local.aws;

import java.net.URI;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** Clients and resources against a local emulator: for tests and the local runner, never for Lambda. */
public final class LocalAws {
    public static final Region REGION = Region.EU_CENTRAL_1;

    private LocalAws() {
    }

    public static DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * The DynamoDB Streams client against the emulator (same endpoint, region and credentials as
     * {@link #dynamoDb(URI)}), with a bounded time per call so a stream poller never hangs.
     */
    public static DynamoDbStreamsClient dynamoDbStreams(URI endpoint) {
        return DynamoDbStreamsClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(2))
                        .socketTimeout(java.time.Duration.ofSeconds(10))
                        .build())
                .overrideConfiguration(o -> o.apiCallTimeout(java.time.Duration.ofSeconds(15)))
                .build();
    }

    /** A fresh leads table, named uniquely so test classes never see each other's data. */
    public static String freshLeadsTable(DynamoDbClient ddb) {
        String name = "leads-" + UUID.randomUUID().toString().substring(0, 8);
        SamTemplate.Table table = SamTemplate.bundled().tables().stream()
                .filter(t -> t.logicalId().equals("LeadsTable")).findFirst()
                .orElseThrow(() -> new IllegalStateException("template.yaml has no LeadsTable"));
        LocalTables.create(ddb, table, name);
        return name;
    }
}

package io.leadcapture.local.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/** Creates a table exactly as template.yaml declares it (keys, indexes, stream, TTL) in an emulator. */
public final class LocalTables {
    private LocalTables() {
    }

    /** Creates the table if it is missing; returns true when it was created now. */
    public static boolean create(DynamoDbClient ddb, SamTemplate.Table table, String tableName) {
        JsonNode p = table.properties();
        CreateTableRequest.Builder req = CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.fromValue(p.path("BillingMode").asText("PAY_PER_REQUEST")))
                .attributeDefinitions(attributes(p.path("AttributeDefinitions")))
                .keySchema(keys(p.path("KeySchema")));
        List<GlobalSecondaryIndex> gsis = new ArrayList<>();
        for (JsonNode g : p.path("GlobalSecondaryIndexes")) {
            gsis.add(GlobalSecondaryIndex.builder()
                    .indexName(g.path("IndexName").asText())
                    .keySchema(keys(g.path("KeySchema")))
                    .projection(Projection.builder().projectionType(g.path("Projection").path("ProjectionType").asText("ALL")).build())
                    .build());
        }
        if (!gsis.isEmpty()) {
            req.globalSecondaryIndexes(gsis);
        }
        JsonNode stream = p.path("StreamSpecification");
        if (!stream.isMissingNode()) {
            req.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                    .streamViewType(stream.path("StreamViewType").asText()).build());
        }
        try {
            ddb.createTable(req.build());
        } catch (ResourceInUseException e) {
            return false;
        }
        ddb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
        JsonNode ttl = p.path("TimeToLiveSpecification");
        if (ttl.path("Enabled").asBoolean(false)) {
            ddb.updateTimeToLive(r -> r.tableName(tableName).timeToLiveSpecification(
                    t -> t.enabled(true).attributeName(ttl.path("AttributeName").asText())));
        }
        return true;
    }

    private static List<AttributeDefinition> attributes(JsonNode defs) {
        List<AttributeDefinition> out = new ArrayList<>();
        for (JsonNode d : defs) {
            out.add(AttributeDefinition.builder().attributeName(d.path("AttributeName").asText())
                    .attributeType(d.path("AttributeType").asText()).build());
        }
        return out;
    }

    private static List<KeySchemaElement> keys(JsonNode schema) {
        List<KeySchemaElement> out = new ArrayList<>();
        for (JsonNode k : schema) {
            out.add(KeySchemaElement.builder().attributeName(k.path("AttributeName").asText())
                    .keyType(k.path("KeyType").asText()).build());
        }
        return out;
    }
}

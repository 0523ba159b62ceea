package io.leadcapture.bench;

import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalTables;
import io.leadcapture.local.aws.SamTemplate;
import java.net.URI;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Creates the leads table of template.yaml in the emulator. Usage: CreateTable EMULATOR_URL TABLE_NAME */
public final class CreateTable {
    private CreateTable() {
    }

    public static void main(String[] args) {
        try (DynamoDbClient ddb = LocalAws.dynamoDb(URI.create(args[0]))) {
            SamTemplate.Table table = SamTemplate.bundled().tables().stream()
                    .filter(t -> t.logicalId().equals("LeadsTable")).findFirst().orElseThrow();
            LocalTables.create(ddb, table, args[1]);
        }
    }
}

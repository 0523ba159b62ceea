package io.leadcapture.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming of the capture store (the webhook functions' hook) against moto: it reads, it writes nothing. */
class CapturePrimingTest {

    @Test
    void primingWritesNothingAndLeavesTheStoreWorking() {
        try (DynamoDbClient ddb = LocalAws.dynamoDb(MotoServer.endpoint())) {
            String table = LocalAws.freshLeadsTable(ddb);
            LeadStore store = new LeadStore(ddb, table);

            store.captures().prime();
            store.captures().prime();

            assertThat(ddb.scan(r -> r.tableName(table).consistentRead(true)).count()).isZero();
            assertThat(store.captures().owners("snapstart.priming@example.com", null).emailOwner()).isNull();
        }
    }
}

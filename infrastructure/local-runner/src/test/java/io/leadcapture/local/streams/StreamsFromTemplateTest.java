package io.leadcapture.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the runner calls: the template's stream event sources, handlers built by no-arg constructors, against moto. */
class StreamsFromTemplateTest {

    /** Built by LocalStreams through its no-arg constructor, as Lambda builds handlers. */
    public static final class InteractionHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        public InteractionHandler() {
        }

        @Override
        public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
            event.getRecords().forEach(r -> SEEN.add(r.getDynamodb().getKeys().get("pk").getS()));
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }
    }

    static final String TEMPLATE = """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              LeadsTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  StreamSpecification:
                    StreamViewType: NEW_AND_OLD_IMAGES
              ScoringFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: %s::handleRequest
                  Events:
                    NewInteraction:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt LeadsTable.StreamArn
                        StartingPosition: TRIM_HORIZON
                        MaximumRetryAttempts: 2
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        FilterCriteria:
                          Filters:
                            - Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"itemType":{"S":["interaction"]}}}}'
            """.formatted(InteractionHandler.class.getName());

    @Test
    void theTemplatesEventSourcesRunAgainstTheEmulator(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, TEMPLATE);
        URI endpoint = MotoServer.endpoint();
        try (DynamoDbClient ddb = LocalAws.dynamoDb(endpoint)) {
            String table = LocalAws.freshLeadsTable(ddb);
            try (LocalStreams streams = LocalStreams.fromTemplate(SamTemplate.load(file), endpoint,
                    logicalId -> logicalId.equals("LeadsTable") ? table : logicalId).start()) {
                assertThat(streams.pollers()).extracting(p -> p.source().id()).containsExactly("ScoringFunction/NewInteraction");
                assertThat(streams.poller("ScoringFunction/NewInteraction")).isPresent();
                for (String[] item : new String[][] {{"LEAD#1", "PROFILE", "lead"}, {"LEAD#1", "INTERACTION#1", "interaction"}}) {
                    ddb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(item[0]),
                            "sk", AttributeValue.fromS(item[1]), "itemType", AttributeValue.fromS(item[2]))));
                }
                StreamTesting.await("the interaction reaches the handler", () -> InteractionHandler.SEEN.contains("LEAD#1"));
                assertThat(streams.awaitCaughtUp(Duration.ofSeconds(5))).isTrue();
                assertThat(streams.invocations()).isEqualTo(1);
                assertThat(streams.failedRecords()).isEmpty();
                assertThat(streams.pollers().get(0).describe())
                        .contains("ScoringFunction/NewInteraction <- " + table, "TRIM_HORIZON", "1 filter", "retries 2", "ReportBatchItemFailures");
            }
        }
    }

    @Test
    void everyStreamEventOfTheBundledTemplateIsOneTheLocalRunnerCanHonour() {
        SamTemplate template = SamTemplate.bundled();
        for (SamTemplate.StreamEvent e : template.streamEvents()) {
            StreamPoller.validate(e);
            assertThat(template.tables()).extracting(SamTemplate.Table::logicalId).contains(e.tableLogicalId());
        }
    }
}

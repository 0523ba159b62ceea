package io.leadcapture.local.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadcapture.local.aws.SamTemplate;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SamTemplate#streamEvents()} on a small template with every form the parser must read. */
class StreamEventsTemplateTest {
    static final String TEMPLATE = """
            AWSTemplateFormatVersion: '2010-09-09'
            Transform: AWS::Serverless-2016-10-31
            Parameters:
              ScoringBatchSize:
                Type: Number
                Default: 25
            Globals:
              Function:
                Runtime: java21
                Timeout: 10
            Resources:
              LeadsTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  StreamSpecification:
                    StreamViewType: NEW_AND_OLD_IMAGES
              PlainTable:
                Type: AWS::DynamoDB::Table
                Properties: {}
              ScoringFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.leadcapture.scoring.ScoringHandler::handleRequest
                  Timeout: 30
                  Events:
                    NewInteraction:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt LeadsTable.StreamArn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: !Ref ScoringBatchSize
                        MaximumBatchingWindowInSeconds: 1
                        MaximumRetryAttempts: 5
                        BisectBatchOnFunctionError: true
                        MaximumRecordAgeInSeconds: 3600
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        FilterCriteria:
                          Filters:
                            - Pattern: '{"eventName":["INSERT"],"dynamodb":{"NewImage":{"itemType":{"S":["interaction"]}}}}'
                        DestinationConfig:
                          OnFailure:
                            Type: SQS
                            Destination: !GetAtt ScoringDeadLetterQueue.Arn
                    Api:
                      Type: HttpApi
                      Properties:
                        Method: GET
                        Path: /scores
              NotificationFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.leadcapture.notify.NotificationHandler::handleRequest
                  Events:
                    LeadChanged:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt [LeadsTable, StreamArn]
                        StartingPosition: LATEST
                        FilterCriteria:
                          Filters:
                            - Pattern: '{"eventName":["MODIFY"],"dynamodb":{"NewImage":{"itemType":{"S":["lead"]}}}}'
                            - Pattern: '{"eventName":["REMOVE"],"userIdentity":{"type":["Service"]}}'
                    Audit:
                      Type: DynamoDB
                      Properties:
                        Stream:
                          Fn::GetAtt: [LeadsTable, StreamArn]
                        StartingPosition: TRIM_HORIZON
                        Enabled: false
                        DestinationConfig:
                          OnFailure:
                            Destination: arn:aws:sns:eu-central-1:123456789012:audit-failures
              ApiOnlyFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: io.leadcapture.read.LeadReadHandler::handleRequest
            """;

    static SamTemplate template(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("template.yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return SamTemplate.load(file);
    }

    @Test
    void everyDynamoDbEventWithItsSettings(@TempDir Path dir) throws IOException {
        List<SamTemplate.StreamEvent> events = template(dir, TEMPLATE).streamEvents();
        assertThat(events).extracting(SamTemplate.StreamEvent::id)
                .containsExactly("ScoringFunction/NewInteraction", "NotificationFunction/LeadChanged", "NotificationFunction/Audit");

        SamTemplate.StreamEvent scoring = events.get(0);
        assertThat(scoring.functionLogicalId()).isEqualTo("ScoringFunction");
        assertThat(scoring.handler()).isEqualTo("io.leadcapture.scoring.ScoringHandler::handleRequest");
        assertThat(scoring.handlerClass()).isEqualTo("io.leadcapture.scoring.ScoringHandler");
        assertThat(scoring.eventName()).isEqualTo("NewInteraction");
        assertThat(scoring.tableLogicalId()).isEqualTo("LeadsTable");
        assertThat(scoring.streamRef()).isEqualTo("LeadsTable.StreamArn");
        assertThat(scoring.startingPosition()).isEqualTo("TRIM_HORIZON");
        assertThat(scoring.batchSize()).isEqualTo(25); // !Ref to a parameter reads its Default
        assertThat(scoring.maximumBatchingWindowInSeconds()).isEqualTo(1);
        assertThat(scoring.maximumRetryAttempts()).isEqualTo(5);
        assertThat(scoring.bisectBatchOnFunctionError()).isTrue();
        assertThat(scoring.maximumRecordAgeInSeconds()).isEqualTo(3600);
        assertThat(scoring.reportBatchItemFailures()).isTrue();
        assertThat(scoring.functionResponseTypes()).containsExactly("ReportBatchItemFailures");
        assertThat(scoring.filterPatterns()).containsExactly(
                "{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"NewImage\":{\"itemType\":{\"S\":[\"interaction\"]}}}}");
        assertThat(scoring.onFailureDestination()).isEqualTo("ScoringDeadLetterQueue.Arn");
        assertThat(scoring.enabled()).isTrue();
        assertThat(scoring.timeoutSeconds()).isEqualTo(30);
        StreamPoller.validate(scoring);
    }

    @Test
    void lambdasDefaultsForWhatTheTemplateLeavesOut(@TempDir Path dir) throws IOException {
        SamTemplate.StreamEvent notify = template(dir, TEMPLATE).streamEvents().get(1);
        assertThat(notify.tableLogicalId()).isEqualTo("LeadsTable"); // !GetAtt [LeadsTable, StreamArn]
        assertThat(notify.startingPosition()).isEqualTo("LATEST");
        assertThat(notify.batchSize()).isEqualTo(100);
        assertThat(notify.maximumBatchingWindowInSeconds()).isZero();
        assertThat(notify.maximumRetryAttempts()).isEqualTo(-1);
        assertThat(notify.bisectBatchOnFunctionError()).isFalse();
        assertThat(notify.maximumRecordAgeInSeconds()).isEqualTo(-1);
        assertThat(notify.reportBatchItemFailures()).isFalse();
        assertThat(notify.filterPatterns()).hasSize(2);
        assertThat(notify.onFailureDestination()).isNull();
        assertThat(notify.timeoutSeconds()).isEqualTo(10); // Globals
        StreamPoller.validate(notify);

        SamTemplate.StreamEvent audit = template(dir, TEMPLATE).streamEvents().get(2);
        assertThat(audit.tableLogicalId()).isEqualTo("LeadsTable"); // Fn::GetAtt long form
        assertThat(audit.enabled()).isFalse();
        assertThat(audit.filterPatterns()).isEmpty();
        assertThat(audit.onFailureDestination()).isEqualTo("arn:aws:sns:eu-central-1:123456789012:audit-failures");
    }

    @Test
    void wrongTypesAreRefusedWithTheirPlace(@TempDir Path dir) throws IOException {
        SamTemplate t = template(dir, TEMPLATE.replace("MaximumRetryAttempts: 5", "MaximumRetryAttempts: many"));
        assertThatThrownBy(t::streamEvents).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ScoringFunction event NewInteraction: MaximumRetryAttempts must be an integer, got \"many\"");
    }

    @Test
    void settingsLambdaWouldRefuseFailAtStartUp(@TempDir Path dir) throws IOException {
        assertRefused(dir, TEMPLATE.replace("StartingPosition: LATEST", "StartingPosition: AT_TIMESTAMP"),
                "NotificationFunction/LeadChanged: StartingPosition must be TRIM_HORIZON or LATEST");
        assertRefused(dir, TEMPLATE.replace("Default: 25", "Default: 0"), "ScoringFunction/NewInteraction: BatchSize must be between 1 and 10000");
        assertRefused(dir, TEMPLATE.replace("MaximumRecordAgeInSeconds: 3600", "MaximumRecordAgeInSeconds: 30"),
                "MaximumRecordAgeInSeconds (or -1) must be between 60 and 604800");
        assertRefused(dir, TEMPLATE.replace("MaximumRetryAttempts: 5", "MaximumRetryAttempts: -2"), "MaximumRetryAttempts must be between -1");
        assertRefused(dir, TEMPLATE.replace("FunctionResponseTypes: [ReportBatchItemFailures]", "FunctionResponseTypes: [ReportItemFailures]"),
                "FunctionResponseTypes may only contain ReportBatchItemFailures");
        assertRefused(dir, TEMPLATE.replace("MaximumBatchingWindowInSeconds: 1", "TumblingWindowInSeconds: 60"),
                "TumblingWindowInSeconds is not supported by the local stream poller");
        assertRefused(dir, TEMPLATE.replace("'{\"eventName\":[\"MODIFY\"]", "'{\"eventName\":\"MODIFY\""),
                "NotificationFunction/LeadChanged: FilterCriteria.Filters[0].Pattern");
    }

    @Test
    void theStreamMustBeATableOfTheTemplate(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> LocalStreams.fromTemplate(template(dir, TEMPLATE.replace("!GetAtt LeadsTable.StreamArn", "!GetAtt PlainTable.StreamArn")),
                URI.create("http://127.0.0.1:9"), id -> id))
                .hasMessage("ScoringFunction/NewInteraction: table PlainTable has no StreamSpecification");
        assertThatThrownBy(() -> LocalStreams.fromTemplate(template(dir, TEMPLATE.replace("!GetAtt LeadsTable.StreamArn", "!GetAtt Nope.StreamArn")),
                URI.create("http://127.0.0.1:9"), id -> id))
                .hasMessageContaining("Stream names Nope, which is no AWS::DynamoDB::Table");
    }

    @Test
    void handlersAreBuiltThroughTheirNoArgConstructor(@TempDir Path dir) throws IOException {
        SamTemplate t = template(dir, TEMPLATE.replace("io.leadcapture.scoring.ScoringHandler", StreamTesting.NoArgHandler.class.getName()));
        assertThat(LocalStreams.newHandler(t.streamEvents().get(0))).isInstanceOf(StreamTesting.NoArgHandler.class);
        assertThatThrownBy(() -> LocalStreams.newHandler(t.streamEvents().get(1)))
                .hasMessageContaining("cannot build handler io.leadcapture.notify.NotificationHandler");
    }

    static void assertRefused(Path dir, String yaml, String message) throws IOException {
        List<SamTemplate.StreamEvent> events = template(dir, yaml).streamEvents();
        assertThatThrownBy(() -> events.forEach(StreamPoller::validate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}

package io.leadcapture.local.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.StreamImages;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/** SDK stream records into the records and JSON Lambda delivers, every attribute type included. */
class StreamRecordsTest {
    static final String STREAM_ARN = "arn:aws:dynamodb:eu-central-1:123456789012:table/leads-local/stream/2026-11-27T09:15:02.123";

    static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue convert(AttributeValue v) {
        return StreamImages.toLambda(v);
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void scalarTypes() {
        assertThat(convert(AttributeValue.fromS("Jörg")).getS()).isEqualTo("Jörg");
        assertThat(convert(AttributeValue.fromN("-12.50")).getN()).isEqualTo("-12.50");
        assertThat(bytes(convert(AttributeValue.fromB(SdkBytes.fromUtf8String("hi"))).getB())).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(convert(AttributeValue.fromBool(false)).getBOOL()).isFalse();
        assertThat(convert(AttributeValue.fromBool(true)).getBOOL()).isTrue();
        assertThat(convert(AttributeValue.fromNul(true)).getNULL()).isTrue();
        // one type only: nothing else is set
        var s = convert(AttributeValue.fromS("x"));
        assertThat(s.getN()).isNull();
        assertThat(s.getM()).isNull();
        assertThat(s.getBOOL()).isNull();
    }

    @Test
    void setTypes() {
        assertThat(convert(AttributeValue.fromSs(List.of("b2b", "webinar"))).getSS()).containsExactly("b2b", "webinar");
        assertThat(convert(AttributeValue.fromNs(List.of("1", "2.5"))).getNS()).containsExactly("1", "2.5");
        List<ByteBuffer> bs = convert(AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("a"), SdkBytes.fromUtf8String("b")))).getBS();
        assertThat(bs).hasSize(2);
        assertThat(bytes(bs.get(1))).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mapsAndListsRecursively() {
        Map<String, AttributeValue> consent = new LinkedHashMap<>();
        consent.put("status", AttributeValue.fromS("pending"));
        consent.put("history", AttributeValue.fromL(List.of(
                AttributeValue.fromM(Map.of("at", AttributeValue.fromN("1"))),
                AttributeValue.fromL(List.of(AttributeValue.fromBool(true), AttributeValue.fromNul(true))))));
        var m = convert(AttributeValue.fromM(consent)).getM();
        assertThat(m.get("status").getS()).isEqualTo("pending");
        var history = m.get("history").getL();
        assertThat(history.get(0).getM().get("at").getN()).isEqualTo("1");
        assertThat(history.get(1).getL().get(0).getBOOL()).isTrue();
        assertThat(history.get(1).getL().get(1).getNULL()).isTrue();
        assertThat(convert(AttributeValue.fromM(Map.of())).getM()).isEmpty();
        assertThat(convert(AttributeValue.fromL(List.of())).getL()).isEmpty();
    }

    static Record modify() {
        Map<String, AttributeValue> keys = Map.of("pk", AttributeValue.fromS("LEAD#1"), "sk", AttributeValue.fromS("PROFILE"));
        Map<String, AttributeValue> oldImage = new LinkedHashMap<>(keys);
        oldImage.put("itemType", AttributeValue.fromS("lead"));
        oldImage.put("version", AttributeValue.fromN("1"));
        Map<String, AttributeValue> newImage = new LinkedHashMap<>(oldImage);
        newImage.put("version", AttributeValue.fromN("2"));
        newImage.put("avatar", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, (byte) 255})));
        return Record.builder().eventID("0f1e2d").eventName(OperationType.MODIFY).eventVersion("1.0")
                .eventSource("aws:dynamodb").awsRegion("us-east-1")
                .dynamodb(StreamRecord.builder()
                        .approximateCreationDateTime(Instant.parse("2026-11-27T09:15:02.789Z"))
                        .keys(keys).oldImage(oldImage).newImage(newImage)
                        .sequenceNumber("1100000000017454423010").sizeBytes(321L)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    @Test
    void aRecordAsLambdaDeliversIt() {
        DynamodbEvent.DynamodbStreamRecord r = StreamRecords.toLambda(modify(), STREAM_ARN);
        assertThat(r.getEventID()).isEqualTo("0f1e2d");
        assertThat(r.getEventName()).isEqualTo("MODIFY");
        assertThat(r.getEventVersion()).isEqualTo("1.1");
        assertThat(r.getEventSource()).isEqualTo("aws:dynamodb");
        assertThat(r.getAwsRegion()).isEqualTo("eu-central-1"); // from the ARN, not moto's us-east-1
        assertThat(r.getEventSourceARN()).isEqualTo(STREAM_ARN);
        assertThat(r.getUserIdentity()).isNull();
        var d = r.getDynamodb();
        assertThat(d.getApproximateCreationDateTime().toInstant()).isEqualTo(Instant.parse("2026-11-27T09:15:02Z"));
        assertThat(d.getKeys()).containsOnlyKeys("pk", "sk");
        assertThat(d.getOldImage().get("version").getN()).isEqualTo("1");
        assertThat(d.getNewImage().get("version").getN()).isEqualTo("2");
        assertThat(d.getSequenceNumber()).isEqualTo("1100000000017454423010");
        assertThat(d.getSizeBytes()).isEqualTo(321L);
        assertThat(d.getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
    }

    @Test
    void aTtlDeletionCarriesTheServiceIdentity() {
        Record ttl = modify().toBuilder().eventName(OperationType.REMOVE)
                .userIdentity(Identity.builder().principalId("dynamodb.amazonaws.com").type("Service").build())
                .dynamodb(StreamRecord.builder().keys(Map.of("pk", AttributeValue.fromS("OPTIN#1")))
                        .oldImage(Map.of("pk", AttributeValue.fromS("OPTIN#1"), "itemType", AttributeValue.fromS("optIn")))
                        .sequenceNumber("1100000000017454423011").sizeBytes(40L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)
                        .approximateCreationDateTime(Instant.parse("2026-11-27T09:15:03Z")).build())
                .build();
        DynamodbEvent.DynamodbStreamRecord r = StreamRecords.toLambda(ttl, STREAM_ARN);
        assertThat(r.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(r.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(r.getDynamodb().getNewImage()).isNull();
        JsonNode json = StreamRecords.toJson(r);
        assertThat(json.path("userIdentity").path("type").asText()).isEqualTo("Service");
        assertThat(json.path("dynamodb").has("NewImage")).isFalse();
        assertThat(FilterPattern.parse("{\"eventName\":[\"REMOVE\"],\"userIdentity\":{\"principalId\":[\"dynamodb.amazonaws.com\"]},"
                + "\"dynamodb\":{\"OldImage\":{\"itemType\":{\"S\":[\"optIn\"]}}}}").matches(json)).isTrue();
    }

    @Test
    void theJsonLambdaFiltersOn() {
        JsonNode json = StreamRecords.toJson(StreamRecords.toLambda(modify(), STREAM_ARN));
        assertThat(json.path("eventName").asText()).isEqualTo("MODIFY");
        assertThat(json.path("eventSource").asText()).isEqualTo("aws:dynamodb");
        assertThat(json.path("eventSourceARN").asText()).isEqualTo(STREAM_ARN);
        JsonNode d = json.path("dynamodb");
        assertThat(d.path("ApproximateCreationDateTime").isNumber()).isTrue();
        assertThat(d.path("ApproximateCreationDateTime").asLong()).isEqualTo(Instant.parse("2026-11-27T09:15:02Z").getEpochSecond());
        assertThat(d.path("Keys").path("pk").path("S").asText()).isEqualTo("LEAD#1");
        assertThat(d.path("NewImage").path("itemType").toString()).isEqualTo("{\"S\":\"lead\"}");
        assertThat(d.path("NewImage").path("version").toString()).isEqualTo("{\"N\":\"2\"}");
        assertThat(d.path("NewImage").path("avatar").path("B").asText()).isEqualTo("AQL/");
        assertThat(d.path("OldImage").path("version").path("N").asText()).isEqualTo("1");
        assertThat(d.path("SequenceNumber").isTextual()).isTrue();
        assertThat(d.path("SizeBytes").asLong()).isEqualTo(321);
        assertThat(d.path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(json.has("userIdentity")).isFalse();
    }

    @Test
    void everyTypeInDynamoDbJson() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("s", AttributeValue.fromS("x"));
        item.put("n", AttributeValue.fromN("5"));
        item.put("b", AttributeValue.fromB(SdkBytes.fromUtf8String("hi")));
        item.put("ss", AttributeValue.fromSs(List.of("a", "b")));
        item.put("ns", AttributeValue.fromNs(List.of("1", "2")));
        item.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("hi"))));
        item.put("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromS("v"))));
        item.put("l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"), AttributeValue.fromS("two"))));
        item.put("nul", AttributeValue.fromNul(true));
        item.put("bool", AttributeValue.fromBool(true));
        assertThat(StreamRecords.toJson(StreamImages.toLambda(item)).toString()).isEqualTo(
                "{\"s\":{\"S\":\"x\"},\"n\":{\"N\":\"5\"},\"b\":{\"B\":\"aGk=\"},\"ss\":{\"SS\":[\"a\",\"b\"]},"
                        + "\"ns\":{\"NS\":[\"1\",\"2\"]},\"bs\":{\"BS\":[\"aGk=\"]},\"m\":{\"M\":{\"k\":{\"S\":\"v\"}}},"
                        + "\"l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"two\"}]},\"nul\":{\"NULL\":true},\"bool\":{\"BOOL\":true}}");
    }

    @Test
    void regionOfAnArn() {
        assertThat(StreamRecords.regionOf(STREAM_ARN)).isEqualTo("eu-central-1");
        assertThat(StreamRecords.regionOf("not-an-arn")).isNull();
        assertThat(StreamRecords.regionOf(null)).isNull();
    }
}

package io.leadcapture.local.aws;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item images as a DynamoDB stream record carries them to a function: the SDK's attribute values
 * turned into the events library's ({@code com.amazonaws.services.lambda.runtime.events.models.dynamodb}),
 * for the local stream poller, and the records of items that tests read and hand to a function.
 */
public final class StreamImages {
    private StreamImages() {
    }

    /** The stream's INSERT record of {@code item} (a leads-table item: keyed by pk and sk), as a function receives it. */
    public static DynamodbEvent.DynamodbStreamRecord insert(Map<String, AttributeValue> item) {
        return record("INSERT", null, item);
    }

    /** The stream's MODIFY record of a leads-table item from {@code before} to {@code after}. */
    public static DynamodbEvent.DynamodbStreamRecord modify(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        return record("MODIFY", before, after);
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String eventName, Map<String, AttributeValue> before,
                                                              Map<String, AttributeValue> after) {
        StreamRecord change = new StreamRecord();
        change.setKeys(Map.of("pk", toLambda(after.get("pk")), "sk", toLambda(after.get("sk"))));
        if (before != null) {
            change.setOldImage(toLambda(before));
        }
        change.setNewImage(toLambda(after));
        change.setSequenceNumber(Long.toString(System.nanoTime()));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName(eventName);
        record.setDynamodb(change);
        return record;
    }

    /** An item image or key map, every attribute converted. */
    public static Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> toLambda(
            Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> out = new LinkedHashMap<>();
        item.forEach((k, v) -> out.put(k, toLambda(v)));
        return out;
    }

    /** One attribute value of any DynamoDB type (S, N, B, SS, NS, BS, M, L, NULL, BOOL), recursively. */
    public static com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue toLambda(AttributeValue v) {
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue out =
                new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue();
        switch (v.type()) {
            case S -> out.setS(v.s());
            case N -> out.setN(v.n());
            case B -> out.setB(ByteBuffer.wrap(v.b().asByteArray()));
            case SS -> out.setSS(new ArrayList<>(v.ss()));
            case NS -> out.setNS(new ArrayList<>(v.ns()));
            case BS -> {
                List<ByteBuffer> bs = new ArrayList<>();
                for (SdkBytes b : v.bs()) {
                    bs.add(ByteBuffer.wrap(b.asByteArray()));
                }
                out.setBS(bs);
            }
            case M -> out.setM(toLambda(v.m()));
            case L -> {
                List<com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> l = new ArrayList<>();
                for (AttributeValue e : v.l()) {
                    l.add(toLambda(e));
                }
                out.setL(l);
            }
            case NUL -> out.setNULL(true);
            case BOOL -> out.setBOOL(v.bool());
            default -> throw new IllegalArgumentException("attribute value of a type this SDK does not know: " + v);
        }
        return out;
    }
}

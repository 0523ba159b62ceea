package io.leadcapture.local.streams;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.local.aws.StreamImages;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * DynamoDB stream records as Lambda delivers them: the SDK's {@link Record} (from DynamoDB Streams
 * {@code GetRecords}) turned into the events library's {@link DynamodbEvent.DynamodbStreamRecord},
 * and that into the JSON Lambda's event filters see.
 *
 * <p>What Lambda's event source mapping sets regardless of the stream: {@code eventVersion} "1.1",
 * {@code eventSource} "aws:dynamodb", {@code eventSourceARN} = the stream ARN, {@code awsRegion} = the
 * stream's region (moto reports "us-east-1" whatever the region; the ARN is right).
 * {@code ApproximateCreationDateTime} is whole epoch seconds, as DynamoDB Streams rounds it down.
 */
public final class StreamRecords {
    public static final String EVENT_VERSION = "1.1";
    public static final String EVENT_SOURCE = "aws:dynamodb";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private StreamRecords() {
    }

    /** One record of a {@code GetRecords} answer as the function receives it. */
    public static DynamodbEvent.DynamodbStreamRecord toLambda(Record record, String streamArn) {
        DynamodbEvent.DynamodbStreamRecord out = new DynamodbEvent.DynamodbStreamRecord();
        out.setEventID(record.eventID());
        out.setEventName(record.eventNameAsString());
        out.setEventVersion(EVENT_VERSION);
        out.setEventSource(EVENT_SOURCE);
        String region = regionOf(streamArn);
        out.setAwsRegion(region != null ? region : record.awsRegion());
        out.setEventSourceARN(streamArn);
        if (record.userIdentity() != null) {
            Identity identity = new Identity();
            identity.setPrincipalId(record.userIdentity().principalId());
            identity.setType(record.userIdentity().type());
            out.setUserIdentity(identity);
        }
        StreamRecord d = record.dynamodb();
        if (d != null) {
            com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord s =
                    new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
            Instant created = d.approximateCreationDateTime();
            if (created != null) {
                s.setApproximateCreationDateTime(Date.from(Instant.ofEpochSecond(created.getEpochSecond())));
            }
            if (d.hasKeys()) {
                s.setKeys(StreamImages.toLambda(d.keys()));
            }
            if (d.hasNewImage()) {
                s.setNewImage(StreamImages.toLambda(d.newImage()));
            }
            if (d.hasOldImage()) {
                s.setOldImage(StreamImages.toLambda(d.oldImage()));
            }
            s.setSequenceNumber(d.sequenceNumber());
            s.setSizeBytes(d.sizeBytes());
            if (d.streamViewTypeAsString() != null) {
                s.setStreamViewType(StreamViewType.fromValue(d.streamViewTypeAsString()));
            }
            out.setDynamodb(s);
        }
        return out;
    }

    /**
     * The record as JSON, the form Lambda sends and filters on: {@code eventID}, {@code eventName},
     * {@code eventVersion}, {@code eventSource}, {@code awsRegion}, {@code dynamodb} with
     * {@code ApproximateCreationDateTime} (epoch seconds), {@code Keys}, {@code NewImage},
     * {@code OldImage} (DynamoDB JSON such as {@code {"itemType":{"S":"lead"}}}),
     * {@code SequenceNumber}, {@code SizeBytes}, {@code StreamViewType}; {@code eventSourceARN}; and
     * {@code userIdentity} when present.
     */
    public static ObjectNode toJson(DynamodbEvent.DynamodbStreamRecord r) {
        ObjectNode o = JSON.objectNode();
        putIfNotNull(o, "eventID", r.getEventID());
        putIfNotNull(o, "eventName", r.getEventName());
        putIfNotNull(o, "eventVersion", r.getEventVersion());
        putIfNotNull(o, "eventSource", r.getEventSource());
        putIfNotNull(o, "awsRegion", r.getAwsRegion());
        var d = r.getDynamodb();
        if (d != null) {
            ObjectNode dj = o.putObject("dynamodb");
            if (d.getApproximateCreationDateTime() != null) {
                dj.put("ApproximateCreationDateTime", d.getApproximateCreationDateTime().getTime() / 1000);
            }
            if (d.getKeys() != null) {
                dj.set("Keys", toJson(d.getKeys()));
            }
            if (d.getNewImage() != null) {
                dj.set("NewImage", toJson(d.getNewImage()));
            }
            if (d.getOldImage() != null) {
                dj.set("OldImage", toJson(d.getOldImage()));
            }
            putIfNotNull(dj, "SequenceNumber", d.getSequenceNumber());
            if (d.getSizeBytes() != null) {
                dj.put("SizeBytes", d.getSizeBytes());
            }
            putIfNotNull(dj, "StreamViewType", d.getStreamViewType());
        }
        putIfNotNull(o, "eventSourceARN", r.getEventSourceARN());
        if (r.getUserIdentity() != null) {
            ObjectNode id = o.putObject("userIdentity");
            putIfNotNull(id, "principalId", r.getUserIdentity().getPrincipalId());
            putIfNotNull(id, "type", r.getUserIdentity().getType());
        }
        return o;
    }

    /** An image or key map in DynamoDB JSON. */
    public static ObjectNode toJson(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> item) {
        ObjectNode o = JSON.objectNode();
        item.forEach((k, v) -> o.set(k, toJson(v)));
        return o;
    }

    /** One attribute in DynamoDB JSON: {@code {"S":"x"}}, {@code {"N":"5"}}, {@code {"B":"<base64>"}}, … */
    public static JsonNode toJson(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        ObjectNode o = JSON.objectNode();
        if (v.getS() != null) {
            o.put("S", v.getS());
        } else if (v.getN() != null) {
            o.put("N", v.getN());
        } else if (v.getB() != null) {
            o.put("B", base64(v.getB()));
        } else if (v.getSS() != null) {
            ArrayNode a = o.putArray("SS");
            v.getSS().forEach(a::add);
        } else if (v.getNS() != null) {
            ArrayNode a = o.putArray("NS");
            v.getNS().forEach(a::add);
        } else if (v.getBS() != null) {
            ArrayNode a = o.putArray("BS");
            v.getBS().forEach(b -> a.add(base64(b)));
        } else if (v.getM() != null) {
            o.set("M", toJson(v.getM()));
        } else if (v.getL() != null) {
            ArrayNode a = o.putArray("L");
            v.getL().forEach(e -> a.add(toJson(e)));
        } else if (v.getNULL() != null) {
            o.put("NULL", v.getNULL());
        } else if (v.getBOOL() != null) {
            o.put("BOOL", v.getBOOL());
        }
        return o;
    }

    /** The region of an ARN ({@code arn:aws:dynamodb:eu-central-1:…}), or null. */
    public static String regionOf(String arn) {
        if (arn == null) {
            return null;
        }
        String[] parts = arn.split(":", 6);
        return parts.length >= 4 && parts[0].equals("arn") && !parts[3].isEmpty() ? parts[3] : null;
    }

    /** The event a function receives for a batch. */
    public static DynamodbEvent event(List<DynamodbEvent.DynamodbStreamRecord> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(records));
        return event;
    }

    private static String base64(ByteBuffer b) {
        ByteBuffer dup = b.duplicate();
        byte[] bytes = new byte[dup.remaining()];
        dup.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void putIfNotNull(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}

package io.leadcapture.runtime.stream;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stream images (the Lambda events library's attribute values) as SDK v2 attribute values, for the store's item mapping. */
public final class StreamImages {
    private StreamImages() {
    }

    public static Map<String, AttributeValue> toSdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        if (image != null) {
            image.forEach((k, v) -> out.put(k, toSdk(v)));
        }
        return out;
    }

    static AttributeValue toSdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getNULL() != null) {
            return AttributeValue.fromNul(v.getNULL());
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(toSdk(v.getM()));
        }
        if (v.getL() != null) {
            return AttributeValue.fromL(v.getL().stream().map(StreamImages::toSdk).toList());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB().duplicate()));
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(ByteBuffer::duplicate).map(SdkBytes::fromByteBuffer).toList());
        }
        return AttributeValue.fromNul(true);
    }

    /** The string value of an attribute of an image, or null. */
    public static String string(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image,
                                String name) {
        if (image == null || image.get(name) == null) {
            return null;
        }
        return image.get(name).getS();
    }
}

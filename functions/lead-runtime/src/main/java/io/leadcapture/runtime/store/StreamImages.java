package io.leadcapture.runtime.store;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.Map;

/** Attribute values of stream images (the Lambda events library's type). */
final class StreamImages {
    private StreamImages() {
    }

    /** The string value of an attribute of an image, or null. */
    static String string(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null ? null : image.get(name).getS();
    }

    /** The number value of an attribute of an image, or null. */
    static Long number(Map<String, AttributeValue> image, String name) {
        return image == null || image.get(name) == null || image.get(name).getN() == null
                ? null : Long.valueOf(image.get(name).getN());
    }

    /** The boolean value of an attribute of an image; false when absent. */
    static boolean bool(Map<String, AttributeValue> image, String name) {
        return image != null && image.get(name) != null && Boolean.TRUE.equals(image.get(name).getBOOL());
    }
}

package io.leadcapture.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Platform payloads kept as files under src/test/resources, in the package of the test that sends them. */
public final class Payloads {

    private Payloads() {
    }

    /** The exact UTF-8 text of {@code name} in the package of {@code near}. */
    public static String text(Class<?> near, String name) {
        try (InputStream in = near.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " not found next to " + near.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The payload file {@code name} as a JSON object of its own, for a test to change. */
    public static ObjectNode object(Class<?> near, String name) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text(near, name));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(name + " is not JSON", e);
        }
    }

    /** As the platforms send it: no whitespace, keys in their order, numbers with every digit, characters unescaped. */
    public static String compact(JsonNode payload) {
        return Json.write(payload);
    }
}

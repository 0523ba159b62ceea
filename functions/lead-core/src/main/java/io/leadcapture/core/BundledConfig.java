package io.leadcapture.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the YAML files of {@code infrastructure/config/}, which the lead-core build bundles under
 * {@code /config/} on the classpath. Reading is strict (a key the model does not declare fails) and a
 * model's own check fails with its own message, so a broken file stops the function at start.
 */
public final class BundledConfig {

    /** Reads one config file; each config class's {@code load(InputStream)}. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(InputStream yaml) throws IOException;
    }

    // Shared: building a mapper is a cold-start cost, and a configured mapper is thread-safe.
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundledConfig() {
    }

    /**
     * The file at {@code resource} (a classpath path such as {@code /config/forms.yaml}) read by
     * {@code loader}. A missing file is an {@link IllegalStateException}; a read failure an
     * {@link UncheckedIOException}; whatever the loader throws otherwise passes unchanged.
     */
    public static <T> T bundled(String resource, Loader<T> loader) {
        try (InputStream in = BundledConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return loader.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The strict reader for {@code type}; a model may add checks of its own with {@code with(…)}. */
    public static ObjectReader reader(Class<?> type) {
        return YAML.readerFor(type);
    }

    /** {@code yaml} read as {@code type} with the strict reader. */
    public static <T> T read(InputStream yaml, Class<T> type) throws IOException {
        return read(reader(type), yaml);
    }

    /**
     * {@code yaml} read with {@code reader}. A check in the model's constructors throws an
     * {@link IllegalArgumentException} naming the key; Jackson wraps it, so it is handed out as it
     * was thrown. Broken YAML or a missing, mistyped or unknown key stays a Jackson exception.
     */
    public static <T> T read(ObjectReader reader, InputStream yaml) throws IOException {
        try {
            return reader.readValue(yaml);
        } catch (JsonMappingException e) {
            // Exactly IAE: subclasses such as NumberFormatException come from Jackson, whose message is better.
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t.getClass() == IllegalArgumentException.class) {
                    throw (IllegalArgumentException) t;
                }
            }
            throw e;
        }
    }
}

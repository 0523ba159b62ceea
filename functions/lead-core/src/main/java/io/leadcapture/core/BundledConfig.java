package io.leadcapture.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    // Shared: building a mapper is a cold-start cost, and a configured mapper is thread-safe. The YAML
    // mapper is built on first use: a function reading only bundled JSON never loads the YAML parser.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BundledConfig() {
    }

    private static final class Yaml {
        static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Whether the stream holds JSON (its first character after white space opens an object), which
     * a JSON parser reads for a fraction of the YAML parser's start-up; the stream is left unread.
     */
    private static boolean isJson(InputStream in) throws IOException {
        in.mark(64);
        try {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c == '{';
        } finally {
            in.reset();
        }
    }

    /**
     * The file at {@code resource} (a classpath path such as {@code /config/forms.yaml}) read by
     * {@code loader}: its JSON form ({@code /config/forms.json}, which the lead-core build writes with
     * {@link ConfigJson}) when bundled, else the YAML itself. A missing file is an
     * {@link IllegalStateException}; a read failure an {@link UncheckedIOException}; whatever the
     * loader throws otherwise passes unchanged.
     */
    public static <T> T bundled(String resource, Loader<T> loader) {
        InputStream json = resource.endsWith(".yaml")
                ? BundledConfig.class.getResourceAsStream(resource.substring(0, resource.length() - 5) + ".json") : null;
        try (InputStream in = json != null ? json : BundledConfig.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " missing from the classpath");
            }
            return loader.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The strict reader for {@code type}; a model may add checks of its own with {@code with(…)}.
     * {@link #read} gives it the YAML parser only for input that is not JSON.
     */
    public static ObjectReader reader(Class<?> type) {
        return JSON.readerFor(type);
    }

    /** {@code yaml} as a tree, for a model that reads it key by key ({@link ConfigTree}). */
    public static JsonNode tree(InputStream yaml) throws IOException {
        InputStream in = new BufferedInputStream(yaml);
        return (isJson(in) ? JSON : Yaml.MAPPER).readTree(in);
    }

    /** {@code tree} as the JSON {@link ConfigJson} bundles. */
    static void writeJson(JsonNode tree, OutputStream out) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, tree);
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
            InputStream in = new BufferedInputStream(yaml);
            return (isJson(in) ? reader : reader.with(Yaml.MAPPER.getFactory())).readValue(in);
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

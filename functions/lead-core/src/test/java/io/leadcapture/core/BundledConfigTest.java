package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundledConfigTest {

    record Limit(String name, int max) {
        Limit {
            if (max < 1) {
                throw new IllegalArgumentException("limit '" + name + "': max must be 1 or more");
            }
        }
    }

    private static InputStream yaml(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsABundledFile() {
        String text = BundledConfig.bundled(FormCatalog.BUNDLED_RESOURCE,
                in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));

        assertThat(text).startsWith("{").contains("\"forms\"");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> BundledConfig.bundled("/config/nope.yaml", in -> in))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("/config/nope.yaml missing from the classpath");
    }

    @Test
    void aReadFailureIsUnchecked() {
        assertThatThrownBy(() -> BundledConfig.bundled(FormCatalog.BUNDLED_RESOURCE, in -> {
            throw new IOException("disk gone");
        })).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk gone");
    }

    @Test
    void readsTheModel() throws IOException {
        assertThat(BundledConfig.read(yaml("name: burst\nmax: 3\n"), Limit.class)).isEqualTo(new Limit("burst", 3));
    }

    @Test
    void theModelsOwnCheckFailsWithItsOwnMessage() {
        assertThatThrownBy(() -> BundledConfig.read(yaml("name: burst\nmax: 0\n"), Limit.class))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit 'burst': max must be 1 or more");
    }

    @Test
    void anUnknownKeyFails() {
        assertThatThrownBy(() -> BundledConfig.read(yaml("name: burst\nmax: 3\nmin: 1\n"), Limit.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("\"min\"");
    }

    @Test
    void aReaderCanCheckMore() {
        // Lenient by default: a missing key is the type's default value, which the model's check sees.
        assertThatThrownBy(() -> BundledConfig.read(yaml("name: burst\n"), Limit.class))
                .isExactlyInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BundledConfig.read(BundledConfig.reader(Limit.class)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES), yaml("name: burst\n")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("max");
    }

    @Test
    void jsonIsReadAsTheSameModelWithTheSameChecks() throws IOException {
        assertThat(BundledConfig.read(yaml(" {\"name\": \"burst\", \"max\": 3}"), Limit.class)).isEqualTo(new Limit("burst", 3));
        assertThatThrownBy(() -> BundledConfig.read(yaml("{\"name\": \"burst\", \"max\": 3, \"min\": 1}"), Limit.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("\"min\"");
        assertThatThrownBy(() -> BundledConfig.read(BundledConfig.reader(Limit.class)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES), yaml("{\"name\": \"burst\"}")))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("max");
        assertThat(BundledConfig.tree(yaml("\n{\"a\": [1, \"b\"]}"))).isEqualTo(BundledConfig.tree(yaml("a: [ 1, b ]\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"forms", "scoring", "routing", "retention", "nurture"})
    void theBundledJsonSaysWhatTheVersionedYamlSays(String name) throws IOException {
        JsonNode versioned;
        try (InputStream in = Files.newInputStream(Path.of("../../infrastructure/config", name + ".yaml"))) {
            versioned = BundledConfig.tree(in);
        }

        String bundled = BundledConfig.bundled("/config/" + name + ".yaml", in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));

        assertThat(bundled).as("the build bundles " + name + ".json").startsWith("{");
        assertThat(BundledConfig.tree(yaml(bundled))).isEqualTo(versioned);
    }
}

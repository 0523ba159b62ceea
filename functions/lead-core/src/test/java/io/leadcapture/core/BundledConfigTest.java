package io.leadcapture.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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

        assertThat(text).contains("forms:");
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
}

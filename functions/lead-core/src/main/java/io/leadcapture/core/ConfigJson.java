package io.leadcapture.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step of lead-core (its pom runs it after compiling): writes each bundled {@code config/*.yaml}
 * as a JSON file beside it, which {@link BundledConfig#bundled} reads instead. The YAML files stay the
 * versioned source; a function then reads its configuration without loading a YAML parser on every
 * cold start (benchmarks.md). Usage: {@code ConfigJson DIRECTORY}.
 */
public final class ConfigJson {
    private ConfigJson() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.yaml")) {
            for (Path yaml : files) {
                String name = yaml.getFileName().toString();
                Path json = dir.resolve(name.substring(0, name.length() - ".yaml".length()) + ".json");
                try (InputStream in = Files.newInputStream(yaml); OutputStream out = Files.newOutputStream(json)) {
                    BundledConfig.writeJson(BundledConfig.tree(in), out);
                }
            }
        }
    }
}

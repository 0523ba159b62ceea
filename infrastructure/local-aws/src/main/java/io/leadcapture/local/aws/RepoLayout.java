package io.leadcapture.local.aws;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the folder holding template.yaml) from the working directory upwards. */
public final class RepoLayout {
    private RepoLayout() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("template.yaml")) && Files.isDirectory(p.resolve("functions"))) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("not inside the lead-capture repository (no template.yaml above "
                + Path.of("").toAbsolutePath() + ")");
    }

    public static Path template() {
        return root().resolve("template.yaml");
    }
}

package io.leadcapture.core.scoring;

import io.leadcapture.core.Stage;
import java.util.Objects;

/**
 * A manual stage change that {@link StageRules#validateManual} allowed.
 *
 * @param forced true when the change skips stages and was only allowed because force was set;
 *               worth recording, since it bypasses the usual path
 */
public record StageChange(Stage from, Stage to, boolean forced) {
    public StageChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}

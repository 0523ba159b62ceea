package io.leadcapture.core.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.leadcapture.core.InteractionType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RetentionConfigTest {

    static RetentionConfig load(String yaml) throws IOException {
        return RetentionConfig.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theShippedFileHasTheDocumentedDefaults() {
        RetentionConfig c = RetentionConfig.bundled();

        assertThat(c.version()).isEqualTo(1);
        assertThat(c.pendingOptInDays()).isEqualTo(30);
        assertThat(c.inactiveMonths()).isEqualTo(24);
        assertThat(c.optInOnlyTypes()).containsExactly(InteractionType.NEWSLETTER_SIGNUP);
    }

    @Test
    void nonPositivePeriodsAreRefusedByName() {
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\npendingOptInDays: 0\ninactiveMonths: 24\noptInOnlyInteractionTypes: []\n"))
                .withMessageContaining("pendingOptInDays");
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\npendingOptInDays: 30\ninactiveMonths: -1\noptInOnlyInteractionTypes: []\n"))
                .withMessageContaining("inactiveMonths");
    }

    @Test
    void anUnknownInteractionTypeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> load(
                "version: 1\npendingOptInDays: 30\ninactiveMonths: 24\noptInOnlyInteractionTypes: [newsletter]\n"))
                .withMessageContaining("'newsletter'");
    }

    @Test
    void aMissingKeyFails() {
        assertThatThrownBy(() -> load("version: 1\npendingOptInDays: 30\noptInOnlyInteractionTypes: []\n"))
                .isInstanceOf(MismatchedInputException.class);
    }
}

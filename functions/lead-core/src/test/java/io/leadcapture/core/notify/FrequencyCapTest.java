package io.leadcapture.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FrequencyCapTest {
    private static final Instant LAST = Instant.parse("2026-11-27T09:00:00Z");

    @Test
    void defaultWindowIsOneDay() {
        FrequencyCap cap = new FrequencyCap();

        assertThat(cap.window()).isEqualTo(Duration.ofHours(24));
        assertThat(cap.allows(null, LAST)).isTrue();
        assertThat(cap.allows(LAST, LAST)).isFalse();
        assertThat(cap.allows(LAST, LAST.plus(Duration.ofHours(24)).minusNanos(1))).isFalse();
        assertThat(cap.allows(LAST, LAST.plus(Duration.ofHours(24)))).isTrue();
        assertThat(cap.allows(LAST, LAST.plus(Duration.ofDays(30)))).isTrue();
    }

    @Test
    void lastMailInTheFutureBlocks() {
        FrequencyCap cap = new FrequencyCap(Duration.ofHours(1));

        assertThat(cap.allows(LAST.plusSeconds(600), LAST)).isFalse();
        assertThat(cap.allows(LAST, LAST.plusSeconds(3600))).isTrue();
    }

    @Test
    void windowMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FrequencyCap(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new FrequencyCap(Duration.ofSeconds(-1)));
    }
}

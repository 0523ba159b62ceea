package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** {@code POST /_local/schedule?now=…}: the time the scheduled functions' event carries. */
class ScheduleTimeTest {

    @Test
    void nowComesFromTheQueryWithItsOffset() {
        assertThat(LocalRunner.scheduleTime("now=2026-12-07T10:00:00Z")).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(LocalRunner.scheduleTime("x=1&now=2026-12-07T10%3A00%3A00%2B01%3A00"))
                .isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void withoutNowItIsTheCurrentTime() {
        assertThat(Duration.between(LocalRunner.scheduleTime(null), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
        assertThat(Duration.between(LocalRunner.scheduleTime("x=1"), Instant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void aMalformedTimeIsRefused() {
        assertThatThrownBy(() -> LocalRunner.scheduleTime("now=tomorrow")).isInstanceOf(DateTimeParseException.class);
    }
}

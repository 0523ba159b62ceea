package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The capture's deadline and pacing, on given times and random numbers. */
class CaptureRetryPolicyTest {
    static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
    final CaptureRetryPolicy policy = CaptureRetryPolicy.DEFAULT;

    @Test
    void theDeadlineIsTheBudgetOrThePlatformsEndLessTheMarginWhicheverComesFirst() {
        assertThat(policy.deadline(START, null)).isEqualTo(START.plusSeconds(6));
        assertThat(policy.deadline(START, Duration.ofSeconds(10))).isEqualTo(START.plusSeconds(6));
        // a slow cold start left 7 s of the 10: answer 2 s before the platform ends the call
        assertThat(policy.deadline(START, Duration.ofSeconds(7))).isEqualTo(START.plusSeconds(5));
        assertThat(policy.deadline(START, Duration.ofSeconds(1))).isEqualTo(START);
    }

    @Test
    void theDefaultDeadlineLiesWellInsideTheFunctionAndGatewayTimeouts() {
        Duration formFunctionTimeout = Duration.ofSeconds(10); // template.yaml Globals
        assertThat(policy.budget().plus(policy.margin())).isLessThanOrEqualTo(formFunctionTimeout);
        assertThat(formFunctionTimeout).isLessThan(Duration.ofSeconds(30)); // API Gateway's integration limit
    }

    @Test
    void aCallGetsWhatIsLeftAndNoCallStartsWithTooLittle() {
        Instant deadline = START.plusSeconds(6);
        assertThat(policy.callTime(START, deadline)).contains(Duration.ofSeconds(6));
        assertThat(policy.callTime(START.plusMillis(5_900), deadline)).contains(Duration.ofMillis(100));
        assertThat(policy.callTime(START.plusMillis(5_901), deadline)).isEmpty();
        assertThat(policy.callTime(START.plusSeconds(7), deadline)).isEmpty();
    }

    @Test
    void pausesGrowFromTenMillisecondsAndStopAtTwoHundred() {
        Instant deadline = START.plusSeconds(6);
        assertThat(policy.pauseBefore(2, START, deadline, 0.999)).contains(Duration.ofMillis(10));
        assertThat(policy.pauseBefore(3, START, deadline, 0.999)).contains(Duration.ofMillis(20));
        assertThat(policy.pauseBefore(4, START, deadline, 0.999)).contains(Duration.ofMillis(40));
        assertThat(policy.pauseBefore(7, START, deadline, 0.999)).contains(Duration.ofMillis(200));
        assertThat(policy.pauseBefore(12, START, deadline, 0.999)).contains(Duration.ofMillis(200));
    }

    @Test
    void pausesAreJitteredDownToOneMillisecond() {
        Instant deadline = START.plusSeconds(6);
        assertThat(policy.pauseBefore(7, START, deadline, 0.0)).contains(Duration.ofMillis(1));
        assertThat(policy.pauseBefore(7, START, deadline, 0.5)).contains(Duration.ofMillis(100));
    }

    @Test
    void noAttemptAfterTheLast() {
        assertThat(policy.pauseBefore(12, START, START.plusSeconds(6), 0.5)).isPresent();
        assertThat(policy.pauseBefore(13, START, START.plusSeconds(6), 0.5)).isEmpty();
    }

    @Test
    void noAttemptWhosePauseAndOneCallWouldEndAfterTheDeadline() {
        Instant deadline = START.plusSeconds(6);
        Instant late = deadline.minusMillis(200);
        assertThat(policy.pauseBefore(7, late, deadline, 0.5)).contains(Duration.ofMillis(100));
        assertThat(policy.pauseBefore(7, late, deadline, 0.6)).isEmpty();
        assertThat(policy.pauseBefore(2, deadline, deadline, 0.0)).isEmpty();
    }

    @Test
    void aPolicyWithOneAttemptNeverRetries() {
        CaptureRetryPolicy once = new CaptureRetryPolicy(Duration.ofSeconds(6), Duration.ofSeconds(2), 1,
                Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(100));
        assertThat(once.pauseBefore(2, START, START.plusSeconds(6), 0.5)).isEqualTo(Optional.empty());
    }
}

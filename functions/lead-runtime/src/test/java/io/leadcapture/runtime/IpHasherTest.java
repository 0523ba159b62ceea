package io.leadcapture.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IpHasherTest {
    @Test
    void aHashNamesItsSaltAndNeverHoldsTheIp() {
        IpHasher hasher = new IpHasher("2026a:a-long-random-salt-0123456789");

        String hash = hasher.hash(" 203.0.113.7 ");

        assertThat(hash).matches("hmac-sha256:2026a:[0-9a-f]{64}").doesNotContain("203.0.113.7");
        assertThat(hasher.hash("203.0.113.7")).isEqualTo(hash);
        assertThat(hasher.hash(null)).isNull();
        assertThat(hasher.saltId()).isEqualTo("2026a");
    }

    @Test
    void aRotatedSaltIsDistinguishable() {
        String before = new IpHasher("2026a:a-long-random-salt-0123456789").hash("203.0.113.7");
        String after = new IpHasher("2026b:another-random-salt-9876543210").hash("203.0.113.7");

        assertThat(after).startsWith("hmac-sha256:2026b:");
        assertThat(after.substring(after.lastIndexOf(':'))).isNotEqualTo(before.substring(before.lastIndexOf(':')));
    }

    @Test
    void comesFromSecretsAndRefusesASaltWithoutIdWithoutShowingIt() {
        assertThat(IpHasher.fromSecrets(Secrets.of(Map.of("IP_HASH_SALT", "s1:a-long-random-salt-0123456789\n")))
                .hash("::1")).startsWith("hmac-sha256:s1:");
        for (String bad : new String[] {"a-long-random-salt-0123456789", ":a-long-random-salt-0123456789", "s1:short",
                "s!:a-long-random-salt-0123456789"}) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> new IpHasher(bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.getMessage()).doesNotContain("a-long-random-salt").doesNotContain("short");
        }
    }
}

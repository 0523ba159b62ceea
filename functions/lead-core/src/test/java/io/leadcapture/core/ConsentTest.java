package io.leadcapture.core;

import static io.leadcapture.core.ConsentStatus.CONFIRMED;
import static io.leadcapture.core.ConsentStatus.GRANTED;
import static io.leadcapture.core.ConsentStatus.NONE;
import static io.leadcapture.core.ConsentStatus.PENDING;
import static io.leadcapture.core.ConsentStatus.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ConsentTest {
    private static final Instant EARLIER = Instant.parse("2026-01-01T08:00:00Z");
    private static final Instant LATER = Instant.parse("2026-02-01T08:00:00Z");

    private static Consent consent(ConsentStatus status, String textVersion, Instant at) {
        return new Consent(Consent.MARKETING, status, textVersion, at, "form:test", "hash");
    }

    @ParameterizedTest(name = "[{index}] incoming {0} onto {1} -> {2} wins")
    @CsvSource({
            // none never lowers anything
            "NONE, PENDING, current",
            "NONE, GRANTED, current",
            "NONE, CONFIRMED, current",
            "NONE, WITHDRAWN, current",
            "NONE, NONE, current",
            // stronger or equal replaces
            "PENDING, NONE, incoming",
            "GRANTED, NONE, incoming",
            "GRANTED, PENDING, incoming",
            "GRANTED, GRANTED, incoming",
            "CONFIRMED, GRANTED, incoming",
            "CONFIRMED, PENDING, incoming",
            // weaker does not
            "PENDING, GRANTED, current",
            "PENDING, CONFIRMED, current",
            "GRANTED, CONFIRMED, current",
            // a withdrawal always applies
            "WITHDRAWN, CONFIRMED, incoming",
            "WITHDRAWN, GRANTED, incoming",
            "WITHDRAWN, PENDING, incoming",
            "WITHDRAWN, NONE, incoming",
            // a withdrawal stands: no submission lifts it (only the confirmation link does)
            "GRANTED, WITHDRAWN, current",
            "PENDING, WITHDRAWN, current",
            "CONFIRMED, WITHDRAWN, current",
            "WITHDRAWN, WITHDRAWN, current",
    })
    void mergeRules(ConsentStatus incoming, ConsentStatus current, String winner) {
        Consent newer = consent(incoming, "v2", LATER);
        Consent older = consent(current, "v1", EARLIER);

        Consent merged = newer.mergeInto(older);

        assertThat(merged).isSameAs(winner.equals("incoming") ? newer : older);
    }

    @ParameterizedTest
    @EnumSource(ConsentStatus.class)
    void anythingMergedIntoNothingIsItself(ConsentStatus status) {
        Consent c = consent(status, "v1", LATER);
        assertThat(c.mergeInto(null)).isSameAs(c);
    }

    @Test
    void equalStrengthRecordsTheNewerTextVersion() {
        Consent merged = consent(GRANTED, "contact-2026-02", LATER).mergeInto(consent(GRANTED, "contact-2026-01", EARLIER));
        assertThat(merged.textVersion()).isEqualTo("contact-2026-02");
        assertThat(merged.capturedAt()).isEqualTo(LATER);
    }

    @Test
    void noneFactory() {
        Consent c = Consent.none(EARLIER, "form:contact");
        assertThat(c).isEqualTo(new Consent("marketing", NONE, null, EARLIER, "form:contact", null));
    }

    @Test
    void purposeAndStatusAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> new Consent(null, GRANTED, null, null, null, null));
        assertThatNullPointerException().isThrownBy(() -> new Consent(Consent.MARKETING, null, null, null, null, null));
    }

    @Test
    void statusWireNames() {
        assertThat(PENDING.wireName()).isEqualTo("pending");
        assertThat(ConsentStatus.fromWireName("Confirmed")).isEqualTo(CONFIRMED);
        assertThat(WITHDRAWN.strength()).isLessThan(NONE.strength());
    }
}

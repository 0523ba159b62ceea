package io.leadcapture.core.notify;

import static io.leadcapture.core.notify.Fixtures.lead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.leadcapture.core.notify.Router.Territory;
import java.io.IOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** routing.yaml's {@code active: false} reps and per-territory follow-up SLA, and how routing uses them. */
class InactiveRepsAndFollowUpTest {
    static final String YAML = """
            version: 1
            territories:
              - name: dach
                countries: [ DE, AT ]
                reps:
                  - a@example.com
                  - { email: B@example.com, active: false }
                  - { email: c@example.com, active: true }
                followUp:
                  firstContactWithinHours: 4
                  businessHours: { days: [ MON, TUE, WED, THU, FRI ], from: "08:00", to: "18:00", timeZone: Europe/Berlin }
                  escalateTo: Lead@example.com
                  reassignOnBreach: true
            default:
              reps: [ sales@example.com ]
            """;

    @Test
    void inactiveRepsAreKnownButNeverPicked() throws IOException {
        Router router = new Router(RoutingConfigTest.load(YAML));
        Territory dach = router.territoryFor(lead(Fixtures.joerg()));

        assertThat(dach.reps()).containsExactly("a@example.com", "b@example.com", "c@example.com");
        assertThat(dach.activeReps()).containsExactly("a@example.com", "c@example.com");
        List<String> picks = new ArrayList<>();
        for (long counter = 0; counter < 5; counter++) {
            picks.add(router.pick(dach, counter));
        }
        assertThat(picks).containsExactly("a@example.com", "c@example.com", "a@example.com", "c@example.com",
                "a@example.com");
        assertThat(router.isActiveRep("a@example.com")).isTrue();
        assertThat(router.isActiveRep("b@example.com")).isFalse();
        assertThat(router.territoryOfRep("b@example.com")).contains(dach);
        assertThat(router.isActiveRep("sales@example.com")).isTrue();
        assertThat(router.isActiveRep("someone@example.com")).isFalse();
        assertThat(router.territoryOfRep("someone@example.com")).isEmpty();
    }

    @Test
    void pickOtherNeverHandsALeadBackToItsOwner() throws IOException {
        Router router = new Router(RoutingConfigTest.load(YAML));
        Territory dach = router.territoryFor(lead(Fixtures.joerg()));

        for (long counter = 0; counter < 4; counter++) {
            assertThat(router.pickOther(dach, counter, "a@example.com")).isEqualTo("c@example.com");
            assertThat(router.pickOther(dach, counter, "b@example.com")).isIn("a@example.com", "c@example.com");
        }
        Territory alone = router.territoryFor(lead(Fixtures.profile().withCountry("US")));
        assertThat(router.pickOther(alone, 7, "sales@example.com")).isEqualTo("sales@example.com");
    }

    @Test
    void followUpIsReadPerTerritory() throws IOException {
        RoutingConfig c = RoutingConfigTest.load(YAML);
        FollowUpPolicy p = c.find("dach").orElseThrow().followUp();

        assertThat(p.firstContactWithin()).isEqualTo(Duration.ofHours(4));
        assertThat(p.escalateTo()).isEqualTo("lead@example.com");
        assertThat(p.reassignOnBreach()).isTrue();
        assertThat(p.hours()).isEqualTo(new BusinessHours(java.util.EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(8, 0), LocalTime.of(18, 0), ZoneId.of("Europe/Berlin")));
        // Friday 16:00 CET: due Monday 10:00 CET
        assertThat(p.dueAt(Instant.parse("2026-11-27T15:00:00Z"))).isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(c.defaultTerritory().followUp()).isNull();
    }

    @Test
    void theBundledConfigHasAFollowUpForDach() {
        RoutingConfig c = RoutingConfig.bundled();

        assertThat(c.find("dach").orElseThrow().followUp()).isNotNull();
        assertThat(c.find("dach").orElseThrow().activeReps()).isNotEmpty();
    }

    @Test
    void mistakesAreRefused() {
        String territory = """
                version: 1
                territories:
                  - name: dach
                    countries: [ DE ]
                    reps: %s
                %s
                default:
                  reps: [ sales@example.com ]
                """;
        String sla = """
                    followUp:
                      firstContactWithinHours: %s
                      businessHours: { days: [ %s ], from: "%s", to: "18:00", timeZone: %s }
                      escalateTo: %s
                """;
        // every rep inactive
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingConfigTest.load(territory.formatted(
                "[ { email: a@example.com, active: false } ]", "")));
        // a rep entry with another key, or no address
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingConfigTest.load(territory.formatted(
                "[ { mail: a@example.com } ]", "")));
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingConfigTest.load(territory.formatted(
                "[ { email: not-an-address } ]", "")));
        assertThatIllegalArgumentException().isThrownBy(() -> RoutingConfigTest.load(territory.formatted(
                "[ { email: a@example.com, active: maybe } ]", "")));
        String reps = "[ a@example.com ]";
        for (String[] bad : new String[][]{
                {"0", "MON", "08:00", "Europe/Berlin", "lead@example.com"},
                {"-2", "MON", "08:00", "Europe/Berlin", "lead@example.com"},
                {"4", "MONDAY", "08:00", "Europe/Berlin", "lead@example.com"},
                {"4", "MON", "19:00", "Europe/Berlin", "lead@example.com"},
                {"4", "MON", "8am", "Europe/Berlin", "lead@example.com"},
                {"4", "MON", "08:00", "Mars/Olympus", "lead@example.com"},
                {"4", "MON", "08:00", "Europe/Berlin", "not-an-address"}}) {
            assertThatIllegalArgumentException().as(String.join(" ", bad)).isThrownBy(() -> RoutingConfigTest.load(
                    territory.formatted(reps, sla.formatted((Object[]) bad))));
        }
    }
}

package io.leadcapture.core.notify;

import static io.leadcapture.core.notify.Fixtures.lead;
import static io.leadcapture.core.notify.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.core.TestResources;
import io.leadcapture.core.notify.Router.Territory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouterTest {
    private static final Router BUNDLED = new Router(RoutingConfig.bundled());

    /** dach (three reps), benelux (one) and the default territory (two). */
    private static Router router() throws IOException {
        return new Router(RoutingConfigTest.load(TestResources.text(RouterTest.class, "routing-dach-benelux.yaml")));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "DE, dach", "AT, dach", "CH, dach", "NL, benelux", "LU, benelux", "US, default", "FR, default",
            "null, default", "'', default", "' ', default", "de, dach", "' at ', dach", "ZZ, default"})
    void territoryByCountry(String country, String territory) throws IOException {
        assertThat(router().territoryFor(lead(profile().withEmail("x@example.org").withCountry(country))).name())
                .isEqualTo(territory);
    }

    @Test
    void bundledRoutesDachLeadsToDachSales() {
        Territory t = BUNDLED.territoryFor(lead(Fixtures.joerg()));

        assertThat(t.name()).isEqualTo("dach");
        assertThat(BUNDLED.pick(t, 0)).startsWith("dach-sales");
        assertThat(BUNDLED.territoryFor(lead(profile().withPhone("+15551234567"))).name())
                .isEqualTo("default");
    }

    @Test
    void pickIsRoundRobin() throws IOException {
        Router r = router();
        Territory dach = r.territoryFor(lead(Fixtures.joerg()));
        List<String> picks = new ArrayList<>();
        for (long counter = 0; counter < 7; counter++) {
            picks.add(r.pick(dach, counter));
        }

        assertThat(picks).containsExactly("a@example.com", "b@example.com", "c@example.com", "a@example.com",
                "b@example.com", "c@example.com", "a@example.com");
    }

    @Test
    void pickHandlesAnyCounter() throws IOException {
        Router r = router();
        Territory dach = r.territoryFor(lead(Fixtures.joerg()));

        assertThat(r.pick(dach, -1)).isEqualTo("c@example.com");
        assertThat(r.pick(dach, -3)).isEqualTo("a@example.com");
        assertThat(r.pick(dach, Long.MAX_VALUE)).isEqualTo(dach.reps().get((int) Math.floorMod(Long.MAX_VALUE, 3L)));
        assertThat(r.pick(dach, Long.MIN_VALUE)).isEqualTo(dach.reps().get((int) Math.floorMod(Long.MIN_VALUE, 3L)));
        Territory single = r.territoryFor(lead(profile().withEmail("x@example.org").withCountry("NL")));
        assertThat(r.pick(single, 12345)).isEqualTo("nl@example.com");
    }
}

package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.s;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Times in conditions compare as instants: "…:02Z" is before "…:02.5Z", though it sorts after it
 * as a string. Each case here would fail with ISO strings compared as strings.
 */
class TimeComparisonTest {
    static final Duration STALE = Duration.ofMinutes(2);
    static DynamoDbClient ddb;

    String table;
    NotificationMarkers markers;
    String leadId;

    @BeforeAll
    static void emulator() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
    }

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(ddb);
        markers = new LeadStore(ddb, table).markers();
        leadId = UUID.randomUUID().toString();
        ddb.putItem(r -> r.tableName(table).item(Map.of(PK, s(leadPk(leadId)), SK, s(LeadItems.PROFILE))));
    }

    @Test
    void theStringsCompareTheOtherWay() {
        assertThat("2026-11-02T09:00:02Z".compareTo("2026-11-02T09:00:02.500Z")).isPositive();
        assertThat(Instant.parse("2026-11-02T09:00:02Z")).isBefore(Instant.parse("2026-11-02T09:00:02.500Z"));
    }

    @Test
    void aClaimOlderThanTheStaleWindowByHalfASecondIsTakenOver() {
        Notification n = Notification.sales(leadId, 1);
        Instant claimed = Instant.parse("2026-11-02T09:00:02Z");
        assertThat(markers.claim(n, null, claimed, STALE)).isEqualTo(NotificationClaim.CLAIMED);

        // stale cutoff 09:00:02.5Z: the claim at 09:00:02Z is older
        assertThat(markers.claim(n, null, claimed.plus(STALE).plusMillis(500), STALE))
                .isEqualTo(NotificationClaim.CLAIMED);
    }

    @Test
    void aClaimYoungerThanTheStaleWindowIsInFlight() {
        Notification n = Notification.sales(leadId, 1);
        Instant claimed = Instant.parse("2026-11-02T09:00:02.500Z");
        assertThat(markers.claim(n, null, claimed, STALE)).isEqualTo(NotificationClaim.CLAIMED);

        // stale cutoff 09:00:02Z: the claim at 09:00:02.5Z is half a second younger
        assertThat(markers.claim(n, null, claimed.plus(STALE).minusMillis(500), STALE))
                .isEqualTo(NotificationClaim.IN_FLIGHT);
    }

    @Test
    void aClaimWrittenWithOnlyTheIsoTimeIsStillReadAsAnInstant() {
        Notification n = Notification.sales(leadId, 2);
        ddb.putItem(r -> r.tableName(table).item(Map.of(PK, s(leadPk(leadId)), SK, s("NOTIFICATION#" + n.key()),
                LeadItems.ITEM_TYPE, s("notification"), "status", s("sending"),
                "claimedAt", s("2026-11-02T09:00:02.500Z"), "claimId", s("old"))));
        Instant claimed = Instant.parse("2026-11-02T09:00:02.500Z");

        assertThat(markers.claim(n, null, claimed.plus(STALE).minusMillis(500), STALE))
                .isEqualTo(NotificationClaim.IN_FLIGHT);
        assertThat(markers.claim(n, null, claimed.plus(STALE).plusSeconds(1), STALE))
                .isEqualTo(NotificationClaim.CLAIMED);
    }

    @Test
    void theMailCapHoldsUntilItsWindowHasPassedAsAnInstant() {
        Duration day = Duration.ofDays(1);
        Notification first = Notification.autoResponse(leadId, "i1");
        Instant sent = Instant.parse("2026-11-02T09:00:02.500Z");
        assertThat(markers.takeMailSlot(first, sent, day)).isTrue();

        Notification second = Notification.autoResponse(leadId, "i2");
        assertThat(markers.takeMailSlot(second, Instant.parse("2026-11-03T09:00:02Z"), day)).isFalse();
        assertThat(markers.takeMailSlot(second, Instant.parse("2026-11-03T09:00:02.501Z"), day)).isTrue();
    }

    @Test
    void aMailCapWrittenWithOnlyTheIsoTimeHoldsForItsWholeWindow() {
        ddb.putItem(r -> r.tableName(table).item(Map.of(PK, s(leadPk(leadId)), SK, s("MAILCAP"),
                LeadItems.ITEM_TYPE, s("mailCap"), "holder", s("AUTO#old"),
                "lastAutomatedMailAt", s("2026-11-02T09:00:02.500Z"))));
        Notification next = Notification.autoResponse(leadId, "i3");

        // cutoff 09:00:02Z the next day: the mail went out half a second after it, the cap holds
        assertThat(markers.takeMailSlot(next, Instant.parse("2026-11-03T09:00:02Z"), Duration.ofDays(1))).isFalse();
        assertThat(markers.takeMailSlot(next, Instant.parse("2026-11-03T09:00:04Z"), Duration.ofDays(1))).isTrue();
    }

    @Test
    void sortKeyTimesHaveOneWidth() {
        assertThat(Times.sortable(Instant.parse("2026-11-02T09:00:02Z"))).isEqualTo("2026-11-02T09:00:02.000000Z");
        assertThat(Times.sortable(Instant.parse("2026-11-02T09:00:02.5Z"))).isEqualTo("2026-11-02T09:00:02.500000Z");
        assertThat(Times.sortable(Instant.parse("2026-11-02T09:00:02Z")))
                .isLessThan(Times.sortable(Instant.parse("2026-11-02T09:00:02.5Z")));
    }

    @Test
    void theLegacyBoundIsTheWholeSecondWithoutItsZone() {
        assertThat(NotificationMarkers.legacyCutoff(Instant.parse("2026-11-02T09:00:02.500Z")))
                .isEqualTo("2026-11-02T09:00:02");
        assertThat("2026-11-02T09:00:01.999Z").isLessThan(NotificationMarkers.legacyCutoff(
                Instant.parse("2026-11-02T09:00:02.500Z")));
        assertThat("2026-11-02T09:00:02Z").isGreaterThan(NotificationMarkers.legacyCutoff(
                Instant.parse("2026-11-02T09:00:02.500Z")));
    }
}

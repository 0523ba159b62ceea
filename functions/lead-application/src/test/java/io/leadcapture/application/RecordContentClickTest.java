package io.leadcapture.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadcapture.application.port.CommitCapturePort;
import io.leadcapture.application.port.FindCapturedRequestPort;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.ContactProfile;
import io.leadcapture.core.Direction;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Touch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The click use case's decisions against ports kept in memory: the plan it commits (an existing
 * lead's next version with the click as last touch), a lost race read again, the same click won by
 * a concurrent request, a lead being erased. Against DynamoDB (moto): ContentClickHandlerTest.
 */
class RecordContentClickTest {
    static final Instant NOW = Instant.parse("2026-11-27T23:59:30Z");
    static final Touch SIGNUP = new Touch("i-0", InteractionType.NEWSLETTER_SIGNUP, "web_form",
            NOW.minus(Duration.ofDays(3)), "newsletter", null);

    final AtomicLong version = new AtomicLong(4);
    final List<CapturePlan> committed = new ArrayList<>();
    final List<Boolean> answers = new ArrayList<>();
    Optional<CaptureResult> earlier = Optional.empty();
    ErasureState erasure = new ErasureState.NotErased();
    int profileReads;

    Lead stored() {
        return new Lead("lead-1", new ContactProfile("anna@beispiel-werke.de", null, "Anna", null, "Beispiel Werke GmbH",
                null, null, null, null, null, null, null, null), null, SIGNUP, SIGNUP, 1, false,
                NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(1)), version.get(), Stage.LEAD, null, List.of(),
                List.of(), null, null);
    }

    RecordContentClick useCase() {
        FindCapturedRequestPort requests = key -> earlier;
        CommitCapturePort commits = plan -> {
            committed.add(plan);
            boolean won = answers.isEmpty() || answers.removeFirst();
            if (!won) {
                version.incrementAndGet(); // a rescore wrote the lead meanwhile
            }
            return won;
        };
        return new RecordContentClick(requests, leadId -> {
            profileReads++;
            return Optional.of(stored());
        }, leadId -> erasure, commits, new LeadMerge(FreeMailDomains.bundled()), Clock.fixed(NOW, ZoneOffset.UTC),
                () -> "click-1", CaptureRetryPolicy.withBudget(Duration.ofSeconds(3)));
    }

    static RecordContentClick.Click click() {
        return new RecordContentClick.Click("lead-1", "newsletter-welcome", 2, "tok.en");
    }

    @Test
    void aClickIsCommittedAsTheLeadsNextVersionWithTheClickAsLastTouch() {
        assertThat(useCase().record(click())).isEqualTo(RecordContentClick.Outcome.RECORDED);
        CapturePlan plan = committed.getFirst();
        assertThat(plan.expectedVersion()).isEqualTo(4);
        assertThat(plan.lead().version()).isEqualTo(5);
        assertThat(plan.lead().interactionCount()).isEqualTo(2);
        assertThat(plan.lead().firstTouch()).isEqualTo(SIGNUP);
        assertThat(plan.lead().lastTouch().type()).isEqualTo(InteractionType.CONTENT_CLICK);
        assertThat(plan.lead().profile()).isEqualTo(stored().profile());
        assertThat(plan.claimEmail()).isNull();
        assertThat(plan.claimPhone()).isNull();
        assertThat(plan.interaction().channel()).isEqualTo("nurture");
        assertThat(plan.interaction().direction()).isEqualTo(Direction.INBOUND);
        assertThat(plan.interaction().formId()).isNull();
        assertThat(plan.interaction().submitted()).isNull();
        assertThat(plan.interaction().consent().status()).isEqualTo(ConsentStatus.NONE);
        assertThat(plan.interaction().sourceIds()).isEqualTo(Map.of("sequence", "newsletter-welcome", "step", "2"));
        assertThat(plan.idempotency()).isEqualTo(RecordContentClick.key("tok.en", LocalDate.parse("2026-11-27")));
        assertThat(plan.idempotency().ttl()).isGreaterThanOrEqualTo(Duration.ofHours(24));
    }

    @Test
    void aLostRaceIsReadAgainAndCommittedOnTheNewVersionUnderTheSameInteraction() {
        answers.addAll(List.of(false, true));
        assertThat(useCase().record(click())).isEqualTo(RecordContentClick.Outcome.RECORDED);
        assertThat(committed).hasSize(2);
        assertThat(committed.get(1).expectedVersion()).isEqualTo(5);
        assertThat(committed.get(1).attempt()).isEqualTo(2);
        assertThat(committed.get(1).interaction()).isEqualTo(committed.get(0).interaction());
    }

    @Test
    void theSameClickAlreadyRecordedOrALeadBeingErasedCommitsNothing() {
        earlier = Optional.of(new CaptureResult("lead-1", "click-0", CaptureResult.Outcome.MERGED, true));
        assertThat(useCase().record(click())).isEqualTo(RecordContentClick.Outcome.ALREADY_RECORDED);

        earlier = Optional.empty();
        erasure = new ErasureState.Erasing(new ErasureRequest("dpo", "request", NOW), 3);
        assertThat(useCase().record(click())).isEqualTo(RecordContentClick.Outcome.LEAD_GONE);
        assertThat(committed).isEmpty();
        assertThat(profileReads).isZero();
    }

    @Test
    void oneKeyPerTokenAndUtcDay() {
        LocalDate day = LocalDate.parse("2026-11-27");
        assertThat(RecordContentClick.key("a.b", day)).isEqualTo(RecordContentClick.key("a.b", day));
        assertThat(RecordContentClick.key("a.b", day).digest()).isNotEqualTo(RecordContentClick.key("a.b", day.plusDays(1)).digest())
                .isNotEqualTo(RecordContentClick.key("a.c", day).digest());
        assertThat(RecordContentClick.key("a.b", day).key()).doesNotContain("a.b");
    }
}

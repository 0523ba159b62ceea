package io.leadcapture.application;

import io.leadcapture.application.port.CommitCapturePort;
import io.leadcapture.application.port.FindCapturedRequestPort;
import io.leadcapture.application.port.FindErasureStatePort;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.core.Consent;
import io.leadcapture.core.Direction;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A followed nurture link becomes one {@code content_click} interaction on the lead (inbound, channel
 * {@code nurture}, {@code sourceIds} sequence and step), committed as a capture of an existing lead
 * is: the interaction, its engagement-ledger entry and the profile's last touch and count in one
 * transaction under the profile's version, with an idempotency record. The stream rescoring then
 * counts it as content consumed.
 *
 * <p>At most one interaction per link token and UTC day: link scanners, previews and double clicks
 * fetch a link several times, and a click retried after a failure is recognised by the same record.
 * A lead that is gone (erased, being erased, merged away, never known) records nothing.
 */
public final class RecordContentClick {
    /** The channel of every click interaction. */
    public static final String CHANNEL = "nurture";
    /** The idempotency scope of click records: never collides with a form's. */
    static final String SCOPE = "nurture-click";
    /** Longer than the UTC day the key names, whatever hour the click came at. */
    static final Duration KEY_TTL = Duration.ofHours(48);

    /** A verified click: the lead followed the link of {@code sequence}'s {@code step} (1-based), mailed as {@code token}. */
    public record Click(String leadId, String sequence, int step, String token) {
        public Click {
            Objects.requireNonNull(leadId, "leadId");
            Objects.requireNonNull(sequence, "sequence");
            Objects.requireNonNull(token, "token");
        }
    }

    public enum Outcome {
        /** one content_click recorded now */
        RECORDED,
        /** this link was followed before on the same UTC day: nothing new */
        ALREADY_RECORDED,
        /** no lead to record it on */
        LEAD_GONE
    }

    private final FindCapturedRequestPort requests;
    private final LoadLeadProfilePort profiles;
    private final FindErasureStatePort erasures;
    private final CommitCapturePort commits;
    private final LeadMerge merge;
    private final Clock clock;
    private final Supplier<String> ids;
    private final CaptureRetryPolicy policy;

    public RecordContentClick(FindCapturedRequestPort requests, LoadLeadProfilePort profiles,
                              FindErasureStatePort erasures, CommitCapturePort commits, LeadMerge merge, Clock clock,
                              Supplier<String> ids, CaptureRetryPolicy policy) {
        this.requests = requests;
        this.profiles = profiles;
        this.erasures = erasures;
        this.commits = commits;
        this.merge = merge;
        this.clock = clock;
        this.ids = ids;
        this.policy = policy;
    }

    /**
     * @throws StoreUnavailableException the store failed or stayed contended within the policy's budget;
     *                                   whether the click was recorded is then unknown, and the next
     *                                   click of the day finds the record if it was
     */
    public Outcome record(Click click) {
        Instant started = clock.instant();
        Instant deadline = policy.deadline(started, null);
        IdempotencyKey key = key(click.token(), LocalDate.ofInstant(started, ZoneOffset.UTC));
        if (!(erasures.erasureState(click.leadId()) instanceof ErasureState.NotErased)) {
            return Outcome.LEAD_GONE;
        }
        Interaction interaction = interaction(ids.get(), click, started);
        for (int attempt = 1; ; attempt++) {
            if (requests.earlier(key, clock.instant(), callTime(deadline)).isPresent()) {
                return Outcome.ALREADY_RECORDED;
            }
            Optional<Lead> existing = profiles.profile(click.leadId(), callTime(deadline));
            if (existing.isEmpty()) {
                return Outcome.LEAD_GONE;
            }
            Instant now = clock.instant();
            Lead lead = merge.addInteraction(existing.get(), interaction, now);
            CaptureResult result = new CaptureResult(lead.leadId(), interaction.interactionId(),
                    CaptureResult.Outcome.MERGED, false);
            CapturePlan plan = new CapturePlan(lead, existing.get().version(), interaction, false, null, null, null,
                    key, result, now, attempt);
            if (commits.commit(plan, callTime(deadline))) {
                return Outcome.RECORDED;
            }
            // the profile changed (a rescore, a sales write) or the same click won meanwhile: read again
            Optional<Duration> pause = policy.pauseBefore(attempt + 1, clock.instant(), deadline,
                    ThreadLocalRandom.current().nextDouble());
            if (pause.isEmpty()) {
                throw new StoreUnavailableException("content click not recorded under contention", null);
            }
            Backoff.sleep(pause.get());
        }
    }

    /** The idempotency key of a link token on a UTC day: the token hashed, so no token is stored. */
    static IdempotencyKey key(String token, LocalDate day) {
        return new IdempotencyKey(SCOPE, IdempotencyKey.sha256Hex(token) + "#" + day, null, KEY_TTL);
    }

    /** The interaction a click records: no contact data, no form, no consent of its own. */
    static Interaction interaction(String interactionId, Click click, Instant at) {
        return new Interaction(interactionId, InteractionType.CONTENT_CLICK, CHANNEL, Direction.INBOUND, at, null,
                Map.of("sequence", click.sequence(), "step", Integer.toString(click.step())), null,
                Consent.none(at, CHANNEL), null, null, null);
    }

    private Duration callTime(Instant deadline) {
        return policy.callTime(clock.instant(), deadline).orElseThrow(
                () -> new StoreUnavailableException("content click deadline passed", null));
    }
}

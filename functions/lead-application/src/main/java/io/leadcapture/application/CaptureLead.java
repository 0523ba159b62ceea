package io.leadcapture.application;

import io.leadcapture.application.port.CommitCapturePort;
import io.leadcapture.application.port.FindCapturedRequestPort;
import io.leadcapture.application.port.FindIdentityOwnersPort;
import io.leadcapture.application.port.FindIdentityOwnersPort.IdentityOwners;
import io.leadcapture.application.port.LoadLeadProfilePort;
import io.leadcapture.application.port.LookUpCapturePort;
import io.leadcapture.application.port.LookUpCapturePort.CaptureLookUp;
import io.leadcapture.core.CaptureContext;
import io.leadcapture.core.Consent;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.IdentityMatch;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.Submission;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.core.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one place where a submission — a form post, a webinar registration, an ad-platform lead, any
 * later channel — becomes a lead or joins the lead of its person.
 *
 * <p>Normalise and validate ({@link SubmissionBuilder}); find who owns the email and phone; let
 * {@link LeadMerge} decide "new person" or "this lead" and what the submission may change (a phone
 * never joins an email to another lead; an unverified submission only fills missing fields and
 * proposes the rest); plan the writes (lead, interaction, identity claims, duplicate links,
 * idempotency record) and commit them in one transaction. When a concurrent capture won a
 * condition in between, nothing was written: read again, decide again, retry with back-off. So two
 * submissions of one person never create two leads and never lose an interaction.
 *
 * <p>Every capture has a deadline ({@link CaptureRetryPolicy}): each store call gets only the time
 * left, no attempt starts that cannot finish, and when the time is up the caller gets
 * {@link StoreUnavailableException} (503 + Retry-After) while it can still answer.
 */
public final class CaptureLead {
    private final FindCapturedRequestPort requests;
    /** The first read of each attempt: both reads in one request where the store can (see the constructor). */
    private final LookUpCapturePort lookUps;
    private final LoadLeadProfilePort profiles;
    private final CommitCapturePort commits;
    private final SubmissionBuilder submissions;
    private final LeadMerge merge;
    private final Clock clock;
    private final Supplier<String> ids;
    private final CaptureRetryPolicy policy;

    /** The capture ports, usually one store implementing all four. */
    public <S extends FindCapturedRequestPort & FindIdentityOwnersPort & LoadLeadProfilePort & CommitCapturePort>
    CaptureLead(S store, SubmissionBuilder submissions, LeadMerge merge, Clock clock) {
        this(store, submissions, merge, clock, CaptureRetryPolicy.DEFAULT);
    }

    /** As above, with the deadline and pacing of {@code policy}. */
    public <S extends FindCapturedRequestPort & FindIdentityOwnersPort & LoadLeadProfilePort & CommitCapturePort>
    CaptureLead(S store, SubmissionBuilder submissions, LeadMerge merge, Clock clock, CaptureRetryPolicy policy) {
        this(store, store, store, store, submissions, merge, clock, () -> UUID.randomUUID().toString(), policy);
    }

    public CaptureLead(FindCapturedRequestPort requests, FindIdentityOwnersPort identities, LoadLeadProfilePort profiles,
                       CommitCapturePort commits, SubmissionBuilder submissions, LeadMerge merge, Clock clock,
                       Supplier<String> ids) {
        this(requests, identities, profiles, commits, submissions, merge, clock, ids, CaptureRetryPolicy.DEFAULT);
    }

    public CaptureLead(FindCapturedRequestPort requests, FindIdentityOwnersPort identities, LoadLeadProfilePort profiles,
                       CommitCapturePort commits, SubmissionBuilder submissions, LeadMerge merge, Clock clock,
                       Supplier<String> ids, CaptureRetryPolicy policy) {
        this.requests = requests;
        // One store serving both reads may read them at once; otherwise they are asked in turn.
        this.lookUps = requests == identities && requests instanceof LookUpCapturePort both ? both
                : LookUpCapturePort.inTurn(requests, identities);
        this.profiles = profiles;
        this.commits = commits;
        this.submissions = submissions;
        this.merge = merge;
        this.clock = clock;
        this.ids = ids;
        this.policy = policy;
    }

    /**
     * The deadline of a capture starting now, in a function the platform ends after
     * {@code platformRemaining} (null where none is known).
     */
    public Instant deadline(Duration platformRemaining) {
        return policy.deadline(clock.instant(), platformRemaining);
    }

    /** Whether a form post filled the form's honeypot field: a bot, to be answered as usual and not stored. */
    public boolean isSpam(CaptureCommand command) {
        return !command.platform() && submissions.isSpam(command.channel(), command.fields());
    }

    /**
     * What an earlier request with the command's idempotency key recorded, if anything: a retry of a
     * stored submission is answered as before, without repeating checks that hold only once (a
     * bot-check token verifies once).
     *
     * @return the earlier result, marked {@code replayed}; empty without a key or an earlier request
     * @throws IdempotencyConflictException the key was used before with another body
     * @throws StoreUnavailableException    the store could not be read
     */
    public Optional<CaptureResult> earlier(CaptureCommand command) {
        if (command.idempotency() == null) {
            return Optional.empty();
        }
        Instant deadline = deadline(null);
        return requests.earlier(command.idempotency(), clock.instant(), callTime(deadline));
    }

    /**
     * Records one submission on the lead of its person, creating the lead if it is the first.
     *
     * @throws ValidationException          the submission is not acceptable (nothing stored); for a platform
     *                                      lead only when no valid email or phone remains
     * @throws IdempotencyConflictException the idempotency key was used before with another body
     * @throws StoreUnavailableException    the store failed or stayed contended; nothing may be assumed stored
     */
    public CaptureResult capture(CaptureCommand command) {
        return capture(command, deadline(null));
    }

    /**
     * As {@link #capture(CaptureCommand)}, answering by {@code deadline}.
     *
     * @throws StoreUnavailableException also when the deadline passed: whether the last attempt was
     *                                   written is then unknown, and a retry with the same idempotency
     *                                   key is answered by what it wrote, if anything
     */
    public CaptureResult capture(CaptureCommand command, Instant deadline) {
        Submission submission = command.platform() ? PlatformFields.build(this::submission, command)
                : submission(command, command.fields());
        for (int attempt = 1; ; attempt++) {
            CaptureLookUp found = lookUps.lookUp(command.idempotency(), clock.instant(), submission.contact().email(),
                    submission.contact().phone(), callTime(deadline));
            if (found.earlier().isPresent()) {
                return found.earlier().get();
            }
            Optional<CaptureResult> done = tryCapture(submission, command, found.owners(), attempt, deadline);
            if (done.isPresent()) {
                return done.get();
            }
            Optional<Duration> pause = policy.pauseBefore(attempt + 1, clock.instant(), deadline,
                    ThreadLocalRandom.current().nextDouble());
            if (pause.isEmpty()) {
                throw new StoreUnavailableException(attempt >= policy.maxAttempts()
                        ? "too much contention on one lead; retry" : "capture deadline passed under contention; retry",
                        null);
            }
            Backoff.sleep(pause.get());
        }
    }

    /** The time the next store call may take; none left is a 503 while there is still time to answer. */
    private Duration callTime(Instant deadline) {
        return policy.callTime(clock.instant(), deadline).orElseThrow(
                () -> new StoreUnavailableException("capture deadline passed; retry", null));
    }

    /** The normalised, validated submission of the command with {@code fields}, with the channel's own facts. */
    private Submission submission(CaptureCommand command, FormFields fields) {
        Instant occurredAt = command.occurredAt() == null ? clock.instant() : command.occurredAt();
        Submission s = submissions.build(command.channel(), fields,
                new CaptureContext(ids.get(), occurredAt, command.ipHash(), command.referer()));
        if (command.sourceIds().isEmpty() && !command.test() && command.consent() == null) {
            return s;
        }
        Interaction i = s.interaction();
        Consent consent = command.consent() == null ? i.consent() : command.consent();
        return new Submission(s.contact(), new Interaction(i.interactionId(), i.type(), i.channel(), i.direction(),
                i.occurredAt(), i.formId(), command.sourceIds(), i.attribution(), consent, i.message(),
                i.customAnswers(), i.submitted()), command.test());
    }

    /** One optimistic attempt; empty when a concurrent writer won a condition and the caller should re-read. */
    private Optional<CaptureResult> tryCapture(Submission s, CaptureCommand command, IdentityOwners owners, int attempt,
                                               Instant deadline) {
        String email = s.contact().email();
        String phone = s.contact().phone();
        IdentityMatch match = new IdentityMatch(owners.emailOwner(), owners.phoneOwner());
        Optional<String> existingId = merge.existingLeadFor(s, match);
        Instant now = clock.instant();
        Lead lead;
        Long expectedVersion;
        if (existingId.isEmpty()) {
            lead = merge.create(ids.get(), s, now);
            expectedVersion = null;
        } else {
            Optional<Lead> existing = profiles.profile(existingId.get(), callTime(deadline));
            if (existing.isEmpty()) {
                return Optional.empty(); // identity claimed, lead not yet visible: the creator's transaction is in flight
            }
            lead = merge.merge(existing.get(), s, now, command.verified());
            expectedVersion = existing.get().version();
        }
        CaptureResult result = new CaptureResult(lead.leadId(), s.interaction().interactionId(),
                expectedVersion == null ? CaptureResult.Outcome.CREATED : CaptureResult.Outcome.MERGED, false);
        // An identity already claimed (by this lead or another one) is left as it is; a phone that is
        // only proposed is not the lead's, so it claims nothing.
        boolean phoneIsTheLeads = phone != null && phone.equals(lead.profile().phone());
        CapturePlan plan = new CapturePlan(lead, expectedVersion, s.interaction(), s.test(),
                owners.emailOwner() == null ? email : null, owners.phoneOwner() == null && phoneIsTheLeads ? phone : null,
                merge.possibleDuplicate(match, lead.leadId()).orElse(null), command.idempotency(), result, now,
                attempt);
        return commits.commit(plan, callTime(deadline)) ? Optional.of(result) : Optional.empty();
    }
}

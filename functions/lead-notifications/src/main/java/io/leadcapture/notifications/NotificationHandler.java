package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.Direction;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.notify.AutoResponseRenderer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.Mail;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.core.notify.OptInMailRenderer;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.notify.SalesMailRenderer;
import io.leadcapture.runtime.ConsentTokenKeys;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.ConsentStore;
import io.leadcapture.runtime.store.LeadChanges;
import io.leadcapture.runtime.store.LeadChanges.InteractionAdded;
import io.leadcapture.runtime.store.LeadChanges.LeadUpdated;
import io.leadcapture.runtime.store.LeadChanges.OptInRemoved;
import io.leadcapture.runtime.store.LeadFollowUps;
import io.leadcapture.runtime.store.LeadNurture;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.MailSuppressions;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import io.leadcapture.runtime.stream.StreamBatch;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails from the lead stream, each exactly once:
 * <ul>
 *   <li>to sales, when a lead becomes an MQL or turns hot: to its owner, or routed by territory and round
 *       robin among the active reps, the rep becoming its owner;</li>
 *   <li>to the address a submission gave, the double opt-in confirmation for its pending consent, at
 *       most one per lead, consent purpose and opt-in cap window;</li>
 *   <li>to the address a submission gave, a form's auto-response, at most one automated mail per lead
 *       and cap window;</li>
 *   <li>and, when an unconfirmed opt-in expires (TTL delete), the pending consent is purged.</li>
 * </ul>
 * It also enrols leads in nurture sequences as their consent, temperature or posts make them eligible,
 * and stops a lead's sequence when it becomes an MQL or turns hot ({@link NurtureEnrolment}); the
 * steps themselves go out from {@link NurtureHandler}.
 * A mail to the person holds nothing from the lead's profile (a neutral greeting): the submission is
 * anonymous, and the profile may hold what others gave. An address mail cannot reach (stored before
 * capture refused such addresses) is skipped, not retried, and so is a mail to an address SES's
 * feedback suppressed (a permanent bounce, a complaint).
 * A merge of two leads sends nothing: interactions it moves were mailed about when they were recorded,
 * and the stage and score it carries over were mailed about on the lead they came from.
 * Exactly once: before sending, a marker beside the lead is claimed with a conditional put; after
 * SES accepted the mail it is marked sent. A retried, bisected or replayed record finds the marker
 * and sends nothing. If SES refuses or throttles, the claim is released and the record retried. If
 * SES gives no answer (a timeout), whether the mail left is unknown and cannot be found out: the
 * claim is marked uncertain and the retry sends at once. If the function dies between claiming and
 * marking, the claim goes stale after {@link #CLAIM_STALE_AFTER}; a delivery that finds a claim in
 * flight waits for it within its own time ({@link #CLAIM_POLL}, up to the invocation's remaining time
 * less {@link #WAIT_MARGIN}) before it fails the record, so the record's retries (8, each waiting up
 * to ~50 s of a 60 s timeout) outlive the stale window instead of ending in the dead-letter queue.
 * A mail is duplicated only when SES accepted it and its answer was lost — chosen over marking
 * first, which could lose a mail for good.
 */
public class NotificationHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Longer than the function's timeout (60 s): a claim this old has no live sender behind it. */
    static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(2);
    /** How often a delivery that found a claim in flight looks again. */
    static final Duration CLAIM_POLL = Duration.ofSeconds(5);
    /** Kept free at the end of an invocation for the rest of the batch and the response. */
    static final Duration WAIT_MARGIN = Duration.ofSeconds(10);
    /** Who an owner change made by routing names: the notification function, not a person. */
    static final String ROUTING = "routing";
    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);

    private final LeadReads leads;
    private final ConsentStore consents;
    private final NotificationMarkers markers;
    private final MailSuppressions suppressions;
    private final LeadFollowUps followUps;
    private final MailSender sender;
    private final FormCatalog forms;
    private final Router router;
    private final ConsentTokens tokens;
    private final String publicApiUrl;
    private final Duration optInValidity;
    private final Duration frequencyCap;
    private final Duration optInCap;
    private final Clock clock;
    private final SalesMailRenderer salesMails = new SalesMailRenderer();
    private final OptInMailRenderer optInMails = new OptInMailRenderer();
    private final AutoResponseRenderer autoResponses = new AutoResponseRenderer();
    private final LeadMetrics metrics = new LeadMetrics();
    private final NurtureEnrolment nurture;
    private Pause pause = Pause.THREAD_SLEEP;
    /** Until when this invocation may wait for a claim in flight. */
    private Instant waitUntil = Instant.MIN;

    /** Waits between looks at a claim in flight; tests pass one that moves their clock. */
    @FunctionalInterface
    interface Pause {
        Pause THREAD_SLEEP = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    public NotificationHandler() {
        this(LeadStore.fromEnvironment(), new MailSender(MailSender.defaultClient(), Env.required("SENDER_EMAIL"),
                        Env.optional("SES_CONFIGURATION_SET", "")),
                FormCatalog.bundled(), new Router(RoutingConfig.bundled()),
                new ConsentTokens(ConsentTokenKeys.fromEnvironment()),
                Env.required("PUBLIC_API_URL"),
                Duration.ofHours(Long.parseLong(Env.optional("OPT_IN_VALIDITY_HOURS", "72"))),
                Duration.ofHours(Long.parseLong(Env.optional("AUTOMATED_MAIL_CAP_HOURS", "24"))),
                Duration.ofHours(Long.parseLong(Env.optional("OPT_IN_MAIL_CAP_HOURS", "24"))), Clock.systemUTC());
    }

    /** The handler on one lead store's reads, consent and markers. */
    public NotificationHandler(LeadStore store, MailSender sender, FormCatalog forms, Router router,
                               ConsentTokens tokens, String publicApiUrl, Duration optInValidity, Duration frequencyCap,
                               Duration optInCap, Clock clock) {
        this(store.reads(), store.consents(), store.markers(), store.suppressions(), store.followUps(), sender, forms, router,
                tokens, publicApiUrl, optInValidity, frequencyCap, optInCap, clock, store.nurture(), NurtureConfig.bundled());
    }

    /**
     * @param frequencyCap at most one automated mail to a lead within this window (opt-in confirmations exempt)
     * @param optInCap     at most one opt-in confirmation per lead and consent purpose within this window
     * @param nurtureItems the leads' nurture items, which the stream enrols and stops
     */
    public NotificationHandler(LeadReads leads, ConsentStore consents, NotificationMarkers markers,
                               MailSuppressions suppressions, LeadFollowUps followUps, MailSender sender, FormCatalog forms,
                               Router router, ConsentTokens tokens, String publicApiUrl,
                               Duration optInValidity, Duration frequencyCap, Duration optInCap, Clock clock,
                               LeadNurture nurtureItems, NurtureConfig nurtureConfig) {
        this.leads = leads;
        this.consents = consents;
        this.markers = markers;
        this.suppressions = suppressions;
        this.followUps = followUps;
        this.sender = sender;
        this.forms = forms;
        this.router = router;
        this.tokens = tokens;
        this.publicApiUrl = publicApiUrl.endsWith("/") ? publicApiUrl.substring(0, publicApiUrl.length() - 1) : publicApiUrl;
        this.optInValidity = optInValidity;
        this.frequencyCap = frequencyCap;
        this.optInCap = optInCap;
        this.clock = clock;
        this.nurture = new NurtureEnrolment(leads, nurtureItems, suppressions, nurtureConfig, clock, metrics);
    }

    /** This handler, waiting for claims in flight through {@code pause}. */
    NotificationHandler pausingWith(Pause pause) {
        this.pause = pause;
        return this;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        long remaining = context == null ? 0 : context.getRemainingTimeInMillis();
        waitUntil = clock.instant().plusMillis(remaining).minus(WAIT_MARGIN);
        return StreamBatch.handle(event, context, metrics, this::process);
    }

    /**
     * Claims the notification; a claim in flight is looked at again every {@link #CLAIM_POLL} while
     * the invocation has time, until it is sent, released, uncertain or stale.
     */
    private NotificationClaim claim(Notification n, String reason) {
        NotificationClaim claim = markers.claim(n, reason, clock.instant(), CLAIM_STALE_AFTER);
        while (claim == NotificationClaim.IN_FLIGHT && !clock.instant().plus(CLAIM_POLL).isAfter(waitUntil)) {
            try {
                pause.sleep(CLAIM_POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            claim = markers.claim(n, reason, clock.instant(), CLAIM_STALE_AFTER);
        }
        return claim;
    }

    private void process(DynamodbEvent.DynamodbStreamRecord record) {
        switch (LeadChanges.of(record).orElse(null)) {
            case LeadUpdated lead -> {
                salesTransition(lead);
                nurture.leadUpdated(lead);
            }
            case LeadChanges.LeadMerged merged -> {
                // a merge carried over what sales was told about on the merged lead: no new transition
            }
            case LeadChanges.InteractionMoved moved -> {
                // moved by a merge: its mails went out when it was recorded
            }
            case InteractionAdded interaction when interaction.outbound() -> {
                // we came to the person (an imported list): no opt-in, no auto-response, whatever the row said
            }
            case InteractionAdded interaction -> {
                if (interaction.pendingConsent()) {
                    optIn(interaction);
                }
                forms.autoResponse(interaction.formId()).ifPresent(response -> autoResponse(interaction, response));
                nurture.interactionAdded(interaction);
            }
            case OptInRemoved optIn -> {
                if (optIn.expiredBy(clock.instant())) {
                    boolean purged = consents.purgePendingConsent(optIn.leadId(), clock.instant());
                    LOG.info("opt-in {} expired unconfirmed; pending consent purged: {}", optIn.interactionId(), purged);
                    if (purged) {
                        metrics.count("PendingConsentPurged");
                    }
                }
            }
            case null -> {
                // nothing to do
            }
        }
    }

    /** What scoring.yaml allows a lead we came to (imported, trade fair) without its own inbound interaction. */
    private static final ScoringConfig.Outbound OUTBOUND = ScoringConfig.bundled().outbound();

    /** Every interaction of the lead is outbound (all of them read: the lead holds no more than were loaded). */
    private static boolean outboundOnly(Lead lead) {
        return lead.interactions() != null && !lead.interactions().isEmpty()
                && lead.interactions().size() >= lead.interactionCount()
                && lead.interactions().stream().allMatch(i -> i.direction() == Direction.OUTBOUND);
    }

    private void salesTransition(LeadUpdated change) {
        if (change.test()) {
            return; // test leads never reach sales
        }
        boolean becameMql = change.becameMql();
        boolean turnedHot = change.turnedHot();
        if (!becameMql && !turnedHot) {
            return;
        }
        String leadId = change.leadId();
        String reason = becameMql && turnedHot ? "became MQL and turned hot" : becameMql ? "became MQL" : "turned hot";
        // One mail per transition: the lead version that made the transition names it.
        Notification notification = Notification.sales(leadId, change.version());
        Optional<Lead> lead = leads.findLead(leadId);
        if (lead.isEmpty()) {
            return;
        }
        if (!OUTBOUND.salesMails() && outboundOnly(lead.get())) {
            LOG.info("lead {} {} with outbound interactions only: no sales mail (scoring.yaml outbound)", leadId, reason);
            return;
        }
        Router.Territory territory = router.territoryFor(lead.get());
        NotificationClaim claim = claim(notification, reason);
        if (!proceed(claim, notification)) {
            return;
        }
        String rep = owner(lead.get(), territory, notification, reason);
        if (suppressed(notification, rep)) {
            return;
        }
        Mail mail = salesMails.render(lead.get(), lead.get().interactions(), List.of(rep), reason);
        send(notification, mail);
        metrics.count("SalesNotified");
        LOG.info("sales notified about lead {} ({}) via territory {}", leadId, reason, territory.name());
    }

    /**
     * Who gets the sales mail: the lead's owner while they are an active rep; otherwise the territory's
     * next active rep, who becomes the owner. The owner is written before the mail goes out, on the
     * version read: a retry after a failed send finds the owner and mails them again, so a lead is
     * routed once however often its record is delivered.
     */
    private String owner(Lead read, Router.Territory territory, Notification notification, String reason) {
        Lead lead = read;
        for (int attempt = 1; attempt <= 5; attempt++) {
            String owner = SalesFollowUp.orNone(lead.sales()).owner();
            if (owner != null && router.isActiveRep(owner)) {
                return owner;
            }
            String rep = router.pick(territory, markers.nextRoutingCounter(territory.name()));
            if (followUps.assignOwner(lead, rep, ROUTING, reason, clock.instant())) {
                LOG.info("lead {} now owned by a rep of territory {}", lead.leadId(), territory.name());
                return rep;
            }
            Optional<Lead> again = leads.findLead(lead.leadId());
            if (again.isEmpty()) {
                break;
            }
            lead = again.get();
        }
        markers.release(notification);
        throw new IllegalStateException("lead " + read.leadId() + " kept changing while its owner was written; retry later");
    }

    private void optIn(InteractionAdded interaction) {
        String leadId = interaction.leadId();
        String interactionId = interaction.interactionId();
        Optional<FormDefinition> form = forms.find(interaction.formId());
        if (form.isEmpty()) {
            return;
        }
        Optional<String> to = recipient(interaction, "opt-in mail");
        if (to.isEmpty()) {
            return;
        }
        Optional<Lead> lead = leads.findLead(leadId);
        if (lead.isEmpty() || lead.get().test()) {
            return;
        }
        if (lead.get().consent() != null && lead.get().consent().status() == ConsentStatus.CONFIRMED) {
            return; // confirmed before: no second opt-in mail
        }
        Notification notification = Notification.optIn(leadId, interactionId);
        NotificationClaim claim = claim(notification, null);
        if (!proceed(claim, notification)) {
            return;
        }
        if (suppressed(notification, to.get())) {
            return;
        }
        Instant now = clock.instant();
        String purpose = Objects.requireNonNullElse(interaction.consentPurpose(), Consent.MARKETING);
        if (!markers.takeOptInSlot(notification, purpose, now, optInCap)) {
            // recorded as done, so a replay of this record sends nothing either
            markers.markSent(notification, "suppressed-by-opt-in-cap", List.of(), now);
            metrics.count("OptInMailCapped");
            LOG.info("opt-in mail for lead {} (interaction {}) suppressed: one went out for {} within {}",
                    leadId, interactionId, purpose, optInCap);
            return;
        }
        Instant expiresAt = now.plus(optInValidity);
        String url = publicApiUrl + "/consent/confirm?token="
                + URLEncoder.encode(tokens.issue(leadId, interactionId, expiresAt), StandardCharsets.UTF_8);
        consents.recordPendingOptIn(leadId, interactionId, interaction.interactionRef(), expiresAt);
        send(notification, optInMails.render(to.get(), form.get(), url, expiresAt));
        metrics.count("OptInMailSent");
        LOG.info("opt-in confirmation sent for lead {} (interaction {})", leadId, interactionId);
    }

    /**
     * The form's auto-response (the content the person asked for), within the per-lead frequency
     * cap; never to test leads or to a lead that withdrew consent.
     */
    private void autoResponse(InteractionAdded interaction, FormCatalog.AutoResponse response) {
        String leadId = interaction.leadId();
        Optional<String> to = recipient(interaction, "auto-response");
        if (to.isEmpty()) {
            return;
        }
        Optional<Lead> lead = leads.findLead(leadId);
        if (lead.isEmpty() || lead.get().test()
                || (lead.get().consent() != null && lead.get().consent().status() == ConsentStatus.WITHDRAWN)) {
            return;
        }
        Notification notification = Notification.autoResponse(leadId, interaction.interactionId());
        NotificationClaim claim = claim(notification, null);
        if (!proceed(claim, notification)) {
            return;
        }
        if (suppressed(notification, to.get())) {
            return;
        }
        if (!markers.takeMailSlot(notification, clock.instant(), frequencyCap)) {
            markers.markSent(notification, "suppressed-by-frequency-cap", List.of(), clock.instant());
            metrics.count("AutoResponseCapped");
            LOG.info("auto-response for lead {} suppressed: an automated mail went out within {}", leadId, frequencyCap);
            return;
        }
        send(notification, autoResponses.render(to.get(), response, unsubscribeUrl(leadId)));
        metrics.count("AutoResponseSent");
    }

    /** The one-click unsubscribe link every automated mail to a lead carries (RFC 8058); it withdraws marketing consent. */
    private String unsubscribeUrl(String leadId) {
        return publicApiUrl + "/consent/withdraw?token="
                + URLEncoder.encode(tokens.issueWithdrawal(leadId, Consent.MARKETING), StandardCharsets.UTF_8);
    }

    /**
     * Where a mail caused by a submission goes: the address that submission gave, never another the
     * lead holds. Empty when it gave none, or gave one mail cannot reach (an address stored before
     * capture refused non-ASCII local parts): such a mail is skipped rather than failed, as no retry
     * could send it.
     */
    private Optional<String> recipient(InteractionAdded interaction, String what) {
        if (interaction.submittedEmail() == null) {
            return Optional.empty();
        }
        Optional<String> to = EmailAddresses.normalise(interaction.submittedEmail()).filter(Mail::isSafeAddress);
        if (to.isEmpty()) {
            metrics.count("MailUndeliverable");
            LOG.warn("{} for lead {} (interaction {}) skipped: the submitted address cannot receive mail", what,
                    interaction.leadId(), interaction.interactionId());
        }
        return to;
    }

    /**
     * A recipient SES's feedback suppressed (permanent bounce, complaint) gets nothing: the mail is
     * recorded as done, as a capped one is, since no retry could send it.
     */
    private boolean suppressed(Notification n, String to) {
        if (!suppressions.isSuppressed(to)) {
            return false;
        }
        markers.markSent(n, "suppressed-recipient", List.of(), clock.instant());
        metrics.count("MailSuppressed");
        LOG.info("notification {} of lead {} not sent: the recipient's address is suppressed (bounce or complaint)",
                n.key(), n.leadId());
        return true;
    }

    private boolean proceed(NotificationClaim claim, Notification n) {
        return switch (claim) {
            case CLAIMED -> true;
            case ALREADY_SENT -> {
                LOG.info("notification {} of lead {} was sent before; not again", n.key(), n.leadId());
                yield false;
            }
            case LEAD_GONE -> {
                LOG.info("notification {} of lead {} not sent: the lead no longer exists", n.key(), n.leadId());
                yield false;
            }
            case IN_FLIGHT -> throw new IllegalStateException("notification " + n.key() + " of lead " + n.leadId()
                    + " is being sent by another invocation; retry later");
        };
    }

    private void send(Notification n, Mail mail) {
        ClaimedMail.send(sender, markers, metrics, n, mail, clock.instant());
    }
}

package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.core.Lead;
import io.leadcapture.core.SalesFollowUp;
import io.leadcapture.core.SalesFollowUp.FollowUp;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.notify.EscalationMailRenderer;
import io.leadcapture.core.notify.FollowUpPolicy;
import io.leadcapture.core.notify.Mail;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.LeadFollowUps;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadFilter;
import io.leadcapture.runtime.store.LeadLists;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.MailSuppressions;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import io.leadcapture.runtime.logging.RequestLogging;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The follow-up SLA check (SAM Schedule event, hourly): finds MQL or hot leads whose owner logged no
 * activity and made no stage change within their territory's {@code firstContactWithinHours} business
 * hours (routing.yaml), sends one escalation mail per breach to the territory's {@code escalateTo} and,
 * with {@code reassignOnBreach}, hands the lead to the next active rep. The lead shows
 * {@code followUp: {dueAt, breachedAt, escalatedTo}}.
 *
 * <p>The window starts at the later of {@code mqlAt} and {@code ownerSince}; an activity at or after
 * its start, or a stage change after it, ends it. Exactly once: the escalation is a notification
 * marker named by the window's start, claimed before sending and marked sent after, as the sales mails
 * are; the breach is written onto the lead after the mail went out, again by a run that finds the
 * marker sent but the lead not yet marked. "Now" is the event's time (the scheduled time), so a run
 * can be replayed for a given moment; without one, the clock's.
 *
 * <p>Candidates come from the list indexes: the {@code MQL} partition of {@code byStage} and the
 * {@code hot} partition of {@code byAttention}. Each index item is the lead's whole profile, so a lead
 * contacted, escalated before or pending on a recorded due time is decided there; only a lead whose
 * due time is to be recorded or that is due is read from the table (strongly consistent) and decided
 * again before anything is written or sent.
 */
public class FollowUpCheckHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    /** Who an owner change made by the check names. */
    static final String FOLLOW_UP_CHECK = "follow-up-check";
    private static final Logger LOG = LoggerFactory.getLogger(FollowUpCheckHandler.class);
    private static final int PAGE = 100;
    private static final LeadFilter MQLS = new LeadFilter(Stage.MQL, null, null, null, null, null);
    private static final LeadFilter HOT = new LeadFilter(null, Temperature.HOT, null, null, null, null);
    private static final List<LeadFilter> CANDIDATES = List.of(MQLS, HOT);
    /** {@link #decide}: the lead needs a write (its due time) or an escalation. */
    private static final String ACT = "act";

    private final LeadLists lists;
    private final LeadReads leads;
    private final LeadFollowUps followUps;
    private final NotificationMarkers markers;
    private final MailSuppressions suppressions;
    private final MailSender sender;
    private final Router router;
    private final String publicApiUrl;
    private final Clock clock;
    private final EscalationMailRenderer mails = new EscalationMailRenderer();
    private final LeadMetrics metrics = new LeadMetrics();

    public FollowUpCheckHandler() {
        this(LeadStore.fromEnvironment(), new MailSender(MailSender.defaultClient(), Env.required("SENDER_EMAIL"),
                        Env.optional("SES_CONFIGURATION_SET", "")),
                new Router(RoutingConfig.bundled()), Env.required("PUBLIC_API_URL"), Clock.systemUTC());
    }

    /** @param publicApiUrl the API's base URL: the escalation links to {@code GET /leads/{leadId}} there */
    public FollowUpCheckHandler(LeadStore store, MailSender sender, Router router, String publicApiUrl, Clock clock) {
        this.lists = store.lists();
        this.leads = store.reads();
        this.followUps = store.followUps();
        this.markers = store.markers();
        this.suppressions = store.suppressions();
        this.sender = sender;
        this.router = router;
        this.publicApiUrl = publicApiUrl.endsWith("/") ? publicApiUrl.substring(0, publicApiUrl.length() - 1) : publicApiUrl;
        this.clock = clock;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            ScheduledRun run = new ScheduledRun(event, context, clock,
                    List.of("checked", "pending", "contacted", "escalated", "escalatedBefore", "failed"));
            Map<String, Integer> counts = run.counts;
            Instant now = run.now;
            try {
                // MQL leads first, then hot ones not MQL already: both are partitions of the list indexes,
                // so a run reads only the leads that can breach, however many others the table holds.
                for (LeadFilter candidates : CANDIDATES) {
                    String cursor = null;
                    do {
                        LeadLists.Profiles page = lists.profiles(candidates, cursor, PAGE);
                        for (Lead indexed : page.leads()) {
                            if (candidates == HOT && indexed.stage() == Stage.MQL) {
                                continue;
                            }
                            if (run.outOfTime()) {
                                LOG.warn("follow-up check stopped early for lack of time: {}", counts);
                                return counts;
                            }
                            // decided on the index's copy; only a lead with something to write is read
                            String seen = decide(indexed, now);
                            if (seen == null) {
                                continue;
                            }
                            run.count("checked");
                            Optional<String> outcome = ACT.equals(seen) ? check(indexed.leadId(), now) : Optional.of(seen);
                            outcome.ifPresent(run::count);
                        }
                        cursor = page.next();
                    } while (cursor != null);
                }
                LOG.info("follow-up check done: {}", counts);
                return counts;
            } finally {
                metrics.flush();
            }
        });
    }

    /** One lead read from the table; the count it adds to, or empty when it is no candidate. */
    Optional<String> check(String leadId, Instant now) {
        Optional<Lead> read = leads.findLead(leadId);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Lead lead = read.get();
        String decided = decide(lead, now);
        if (!ACT.equals(decided)) {
            return Optional.ofNullable(decided);
        }
        SalesFollowUp f = SalesFollowUp.orNone(lead.sales());
        Router.Territory territory = router.territoryFor(lead);
        FollowUpPolicy policy = territory.followUp();
        Instant start = windowStart(f);
        Instant dueAt = policy.dueAt(start);
        if (now.isBefore(dueAt)) {
            followUps.writeFollowUp(lead, new FollowUp(dueAt, null, null)); // lost to a concurrent write: next run
            return Optional.of("pending");
        }
        return Optional.of(escalate(lead, territory, policy, start, dueAt, now));
    }

    /**
     * What the lead's state says: null when it is no candidate; {@code contacted},
     * {@code escalatedBefore} or {@code pending} (its window's due time already recorded) when there is
     * nothing to do; {@link #ACT} when its due time is to be recorded or it is due.
     */
    String decide(Lead lead, Instant now) {
        if (lead.test()) {
            return null;
        }
        SalesFollowUp f = SalesFollowUp.orNone(lead.sales());
        boolean mqlOrHot = lead.stage() == Stage.MQL
                || (lead.scoring() != null && lead.scoring().temperature() == Temperature.HOT);
        if (!mqlOrHot || f.owner() == null || f.mqlAt() == null) {
            return null;
        }
        FollowUpPolicy policy = router.territoryFor(lead).followUp();
        if (policy == null) {
            return null;
        }
        Instant start = windowStart(f);
        if (contacted(f, start)) {
            return "contacted";
        }
        Instant dueAt = policy.dueAt(start);
        boolean sameWindow = f.followUp() != null && dueAt.equals(f.followUp().dueAt());
        if (sameWindow && f.followUp().breachedAt() != null) {
            return "escalatedBefore";
        }
        return sameWindow && now.isBefore(dueAt) ? "pending" : ACT;
    }

    private String escalate(Lead lead, Router.Territory territory, FollowUpPolicy policy, Instant start, Instant dueAt,
                            Instant now) {
        String owner = lead.sales().owner();
        Notification n = Notification.escalation(lead.leadId(), start);
        NotificationClaim claim = markers.claim(n, "follow-up overdue", now, NotificationHandler.CLAIM_STALE_AFTER);
        switch (claim) {
            case LEAD_GONE, IN_FLIGHT -> {
                return "failed";
            }
            case ALREADY_SENT -> LOG.info("escalation {} of lead {} was sent before; recording the breach", n.key(),
                    lead.leadId());
            case CLAIMED -> {
                String reassignTo = policy.reassignOnBreach()
                        ? router.pickOther(territory, markers.nextRoutingCounter(territory.name()), owner) : null;
                if (owner.equals(reassignTo)) {
                    reassignTo = null;
                }
                if (suppressions.isSuppressed(policy.escalateTo())) {
                    markers.markSent(n, "suppressed-recipient", List.of(), now);
                    metrics.count("MailSuppressed");
                } else {
                    Mail mail = mails.render(lead, policy.escalateTo(), owner, start, dueAt, now,
                            policy.hours().between(start, now), policy, publicApiUrl + "/leads/" + lead.leadId(), reassignTo);
                    try {
                        ClaimedMail.send(sender, markers, metrics, n, mail, now);
                    } catch (MailSender.NotSent e) {
                        // the next run tries again
                        LOG.warn("escalation of lead {} not sent: {}", lead.leadId(), e.getMessage());
                        return "failed";
                    } catch (MailSender.Unknown e) {
                        // a later run sends again: SES cannot say whether it left
                        LOG.warn("escalation of lead {}: no answer from SES: {}", lead.leadId(), e.getMessage());
                        return "failed";
                    }
                }
                metrics.count("FollowUpEscalated");
                LOG.info("lead {}: follow-up overdue since {}; escalated (territory {})", lead.leadId(), dueAt,
                        territory.name());
                return recordBreach(lead, territory, policy, start, dueAt, now, reassignTo) ? "escalated" : "failed";
            }
            default -> throw new IllegalStateException("unknown claim " + claim);
        }
        String reassignTo = policy.reassignOnBreach()
                ? router.pickOther(territory, markers.nextRoutingCounter(territory.name()), owner) : null;
        return recordBreach(lead, territory, policy, start, dueAt, now, owner.equals(reassignTo) ? null : reassignTo)
                ? "escalated" : "failed";
    }

    /** Writes the breach (and the new owner) onto the lead, again on a fresh read when it changed meanwhile. */
    private boolean recordBreach(Lead read, Router.Territory territory, FollowUpPolicy policy, Instant start,
                                 Instant dueAt, Instant now, String reassignTo) {
        Lead lead = read;
        for (int attempt = 1; attempt <= 5; attempt++) {
            SalesFollowUp f = SalesFollowUp.orNone(lead.sales());
            if (!start.equals(windowStart(f))) {
                return true; // the window ended meanwhile (a new owner): nothing left to mark
            }
            FollowUp breached = new FollowUp(dueAt, now, policy.escalateTo());
            if (followUps.recordBreach(lead, breached, reassignTo, FOLLOW_UP_CHECK,
                    "follow-up overdue since " + dueAt + " (territory " + territory.name() + ")", now)) {
                return true;
            }
            Optional<Lead> again = leads.findLead(lead.leadId());
            if (again.isEmpty()) {
                return false;
            }
            lead = again.get();
        }
        return false;
    }

    /** The window starts when the lead first became MQL or hot, or got its current owner, whichever is later. */
    static Instant windowStart(SalesFollowUp f) {
        if (f.ownerSince() == null) {
            return f.mqlAt();
        }
        return f.mqlAt() == null || f.ownerSince().isAfter(f.mqlAt()) ? f.ownerSince() : f.mqlAt();
    }

    /** Any activity at or after the window's start, or a stage change after it, stops the clock. */
    static boolean contacted(SalesFollowUp f, Instant start) {
        return (f.lastActivityAt() != null && !f.lastActivityAt().isBefore(start))
                || (f.stageChangedAt() != null && f.stageChangedAt().isAfter(start));
    }
}

package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.leadcapture.core.Consent;
import io.leadcapture.core.Lead;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.Mail;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.core.notify.NurtureMailRenderer;
import io.leadcapture.runtime.ConsentTokenKeys;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.logging.RequestLogging;
import io.leadcapture.runtime.store.LeadNurture;
import io.leadcapture.runtime.store.LeadNurture.Enrolment;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.MailSuppressions;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.store.NotificationMarkers;
import io.leadcapture.runtime.store.NotificationMarkers.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nurture sender (SAM Schedule event, hourly): sends each lead's due step of its nurture sequence
 * (nurture.yaml) exactly once, and records why a sequence stopped.
 *
 * <p>Finds its work in the sparse {@code byNurtureDue} index (per sequence, the items due by now), not
 * by scanning. For each, the item and the lead are read again (strongly consistent) and the stop rules
 * checked on that read: MQL or a later stage, hot, owned by sales with an activity, consent no longer
 * confirmed, a suppressed address — the sequence stops and nothing is sent; an erased lead has no
 * item left. Otherwise the step is claimed as a notification marker ({@code NURTURE#<sequence>#<step>}),
 * the per-lead cap on automated mail taken (a capped step releases its claim and waits for a later
 * run), sent, marked sent, and the item advanced to the next step on the condition that it is still
 * at this one — so a replayed or concurrent run neither sends a step twice nor skips one. SES refusing
 * releases the claim (the next run sends); no answer from SES marks it uncertain (the next run sends
 * again: SES cannot say whether it left), as for the other mails.
 *
 * <p>Mails go out only in the sending hours of nurture.yaml: a run outside them sends nothing. "Now"
 * is the event's time (the scheduled time), so a run can be replayed for a given moment.
 */
public class NurtureHandler implements RequestHandler<ScheduledEvent, Map<String, Integer>> {
    private static final Logger LOG = LoggerFactory.getLogger(NurtureHandler.class);
    private static final int PAGE = 100;

    private final LeadNurture nurture;
    private final LeadReads leads;
    private final NotificationMarkers markers;
    private final MailSuppressions suppressions;
    private final MailSender sender;
    private final NurtureConfig config;
    private final ConsentTokens tokens;
    private final String publicApiUrl;
    private final Duration frequencyCap;
    private final Clock clock;
    private final NurtureMailRenderer mails = new NurtureMailRenderer();
    private final LeadMetrics metrics = new LeadMetrics();

    public NurtureHandler() {
        this(LeadStore.fromEnvironment(), new MailSender(MailSender.defaultClient(), Env.required("SENDER_EMAIL"),
                        Env.optional("SES_CONFIGURATION_SET", "")),
                NurtureConfig.bundled(), new ConsentTokens(ConsentTokenKeys.fromEnvironment()),
                Env.required("PUBLIC_API_URL"),
                Duration.ofHours(Long.parseLong(Env.optional("AUTOMATED_MAIL_CAP_HOURS", "24"))), Clock.systemUTC());
    }

    /**
     * @param publicApiUrl the API's base URL: unsubscribe links and the tracked links ({@code /r/<token>}) point there
     * @param frequencyCap at most one automated mail to a lead within this window (shared with auto-responses)
     */
    public NurtureHandler(LeadStore store, MailSender sender, NurtureConfig config, ConsentTokens tokens,
                          String publicApiUrl, Duration frequencyCap, Clock clock) {
        this.nurture = store.nurture();
        this.leads = store.reads();
        this.markers = store.markers();
        this.suppressions = store.suppressions();
        this.sender = sender;
        this.config = config;
        this.tokens = tokens;
        this.publicApiUrl = publicApiUrl.endsWith("/") ? publicApiUrl.substring(0, publicApiUrl.length() - 1) : publicApiUrl;
        this.frequencyCap = frequencyCap;
        this.clock = clock;
    }

    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            ScheduledRun run = new ScheduledRun(event, context, clock,
                    List.of("processed", "sent", "stopped", "completed", "capped", "failed"));
            Map<String, Integer> counts = run.counts;
            Instant now = run.now;
            try {
                if (!config.sending(now)) {
                    LOG.info("nurture run at {}: outside the sending hours, nothing sent", now);
                    return counts;
                }
                for (NurtureConfig.Sequence sequence : config.sequences()) {
                    LeadNurture.Cursor cursor = null;
                    do {
                        LeadNurture.DuePage page = nurture.due(sequence.name(), now, cursor, PAGE);
                        for (LeadNurture.Due due : page.items()) {
                            if (run.outOfTime()) {
                                LOG.warn("nurture run stopped early for lack of time: {}", counts);
                                return counts;
                            }
                            run.count("processed");
                            String outcome;
                            try {
                                outcome = step(due.leadId(), sequence, now);
                            } catch (RuntimeException e) {
                                // one lead's failure stays its own: the others of the run go on
                                LOG.warn("nurture step of lead {} ({}) failed: {}", due.leadId(), sequence.name(), e.toString());
                                outcome = "failed";
                            }
                            if (outcome != null) {
                                run.count(outcome);
                            }
                        }
                        cursor = page.next();
                    } while (cursor != null);
                }
                LOG.info("nurture run done: {}", counts);
                return counts;
            } finally {
                counts.forEach((k, v) -> {
                    if (v > 0) {
                        metrics.count("Nurture" + Character.toUpperCase(k.charAt(0)) + k.substring(1), v);
                    }
                });
                metrics.flush();
            }
        });
    }

    /**
     * The due step of one lead, decided on a fresh read: {@code sent}, {@code stopped}, {@code completed},
     * {@code capped}, {@code failed}, or null when there was nothing to do (the index lagged behind).
     */
    String step(String leadId, NurtureConfig.Sequence sequence, Instant now) {
        Optional<Enrolment> found = nurture.find(leadId, sequence.name());
        if (found.isEmpty() || !found.get().active() || found.get().nextAt() == null || found.get().nextAt().isAfter(now)) {
            return null;
        }
        Enrolment enrolment = found.get();
        int number = enrolment.step() + 1;
        Optional<NurtureConfig.Step> step = sequence.step(number);
        if (step.isEmpty()) {
            // the sequence lost steps in a config change: it ends here
            return nurture.complete(leadId, sequence.name(), now) ? "completed" : null;
        }
        Optional<Lead> read = leads.findLead(leadId);
        if (read.isEmpty()) {
            return null; // erased: its items go with it
        }
        Lead lead = read.get();
        String to = lead.profile().email();
        boolean suppressed = to == null || !Mail.isSafeAddress(to) || suppressions.isSuppressed(to);
        Optional<String> stop = NurtureConfig.stopReason(lead, suppressed);
        if (stop.isPresent()) {
            if (nurture.stop(leadId, sequence.name(), stop.get(), now)) {
                LOG.info("nurture sequence {} of lead {} stopped: {}", sequence.name(), leadId, stop.get());
                return "stopped";
            }
            return null;
        }
        Notification n = Notification.nurture(leadId, sequence.name(), number);
        NotificationClaim claim = markers.claim(n, "nurture " + sequence.name() + " step " + number, now,
                NotificationHandler.CLAIM_STALE_AFTER);
        switch (claim) {
            case LEAD_GONE -> {
                return null;
            }
            case IN_FLIGHT -> {
                return "failed"; // another run sends it; the next run finds it sent
            }
            case ALREADY_SENT -> {
                // sent by a run that stopped before it advanced the item
                return advance(leadId, sequence, enrolment, number, now) ? "sent" : null;
            }
            case CLAIMED -> {
                // decided below
            }
        }
        if (!markers.takeMailSlot(n, now, frequencyCap)) {
            markers.release(n); // not sent, not skipped: the step waits for a run after the cap
            LOG.info("nurture step {} of {} for lead {} waits: an automated mail went out within {}", number,
                    sequence.name(), leadId, frequencyCap);
            return "capped";
        }
        String link = step.get().link() == null ? null
                : publicApiUrl + "/r/" + tokens.issueClick(leadId, sequence.name(), number);
        Mail mail = mails.render(to, step.get(), lead.profile().firstName(), unsubscribeUrl(leadId), link);
        try {
            ClaimedMail.send(sender, markers, metrics, n, mail, now);
        } catch (MailSender.NotSent e) {
            // nothing left SES: the next run sends
            LOG.warn("nurture step {} of {} for lead {} not sent: {}", number, sequence.name(), leadId, e.getMessage());
            return "failed";
        } catch (MailSender.Unknown e) {
            // a later run sends again: SES cannot say whether it left
            LOG.warn("nurture step {} of {} for lead {}: no answer from SES: {}", number, sequence.name(), leadId,
                    e.getMessage());
            return "failed";
        }
        LOG.info("nurture step {} of {} sent to lead {}", number, sequence.name(), leadId);
        advance(leadId, sequence, enrolment, number, now);
        return "sent";
    }

    /** Step {@code sent} is out: the item moves to the next step's due time, or is completed after the last. */
    private boolean advance(String leadId, NurtureConfig.Sequence sequence, Enrolment enrolment, int sent, Instant now) {
        Instant next = sequence.step(sent + 1).map(s -> config.dueAt(sequence, s.number(), enrolment.enrolledAt()))
                .orElse(null);
        return nurture.advance(leadId, sequence.name(), sent, next, now);
    }

    /** The one-click unsubscribe link every nurture mail carries (RFC 8058); it withdraws marketing consent. */
    private String unsubscribeUrl(String leadId) {
        return publicApiUrl + "/consent/withdraw?token="
                + URLEncoder.encode(tokens.issueWithdrawal(leadId, Consent.MARKETING), StandardCharsets.UTF_8);
    }
}

package io.leadcapture.notifications;

import io.leadcapture.core.Lead;
import io.leadcapture.core.Stage;
import io.leadcapture.core.Temperature;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.LeadChanges.InteractionAdded;
import io.leadcapture.runtime.store.LeadChanges.LeadUpdated;
import io.leadcapture.runtime.store.LeadNurture;
import io.leadcapture.runtime.store.LeadNurture.Enrolment;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.MailSuppressions;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enrolment in nurture sequences and the prompt stop, decided on the lead stream as its changes
 * arrive (never by scanning the table): a lead whose consent became confirmed, whose temperature
 * became known or changed, or who posted an entry form is enrolled in the first sequence it meets
 * (nurture.yaml); a lead that became MQL or turned hot has its running sequence stopped at once. The
 * scheduled sender checks every stop rule again on a fresh read before each step.
 * Records of one lead arrive in order on one shard, so "one sequence at a time" holds without locks;
 * the item's conditional put keeps a replayed record from enrolling twice.
 */
final class NurtureEnrolment {
    private static final Logger LOG = LoggerFactory.getLogger(NurtureEnrolment.class);
    private static final int ATTEMPTS = 5;

    private final LeadReads leads;
    private final LeadNurture nurture;
    private final MailSuppressions suppressions;
    private final NurtureConfig config;
    private final Clock clock;
    private final LeadMetrics metrics;
    /** The temperatures any entry rule takes (all, when a rule names none). */
    private final Set<Temperature> entryTemperatures;
    /** Some entry rule names no temperature, so an unscored lead may enter. */
    private final boolean unscoredMayEnter;

    NurtureEnrolment(LeadReads leads, LeadNurture nurture, MailSuppressions suppressions, NurtureConfig config,
                     Clock clock, LeadMetrics metrics) {
        this.leads = leads;
        this.nurture = nurture;
        this.suppressions = suppressions;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        Set<Temperature> any = EnumSet.noneOf(Temperature.class);
        for (NurtureConfig.Sequence s : config.sequences()) {
            any.addAll(s.entry().temperatures().isEmpty() ? EnumSet.allOf(Temperature.class) : s.entry().temperatures());
        }
        this.entryTemperatures = any;
        this.unscoredMayEnter = config.sequences().stream().anyMatch(s -> s.entry().temperatures().isEmpty());
    }

    /** A lead's profile changed: stop its sequence when it became MQL or turned hot, else enrol it if it is eligible now. */
    void leadUpdated(LeadUpdated change) {
        if (change.test()) {
            return;
        }
        if (change.becameMql() || change.turnedHot()) {
            stop(change.leadId(), change.becameMql() ? NurtureConfig.STOP_MQL : NurtureConfig.STOP_HOT);
            return;
        }
        // decided on the record first: a lead past the lead stage, or at a temperature no rule takes, stays out
        if (change.stageAfter() != null && !Stage.LEAD.wireName().equals(change.stageAfter())) {
            return;
        }
        if (change.temperatureAfter() == null ? !unscoredMayEnter : entryTemperatures.stream()
                .noneMatch(t -> t.wireName().equals(change.temperatureAfter()))) {
            return;
        }
        enrolIfEligible(change.leadId());
    }

    /** A post of a form some entry rule names. */
    void interactionAdded(InteractionAdded interaction) {
        if (interaction.formId() != null && config.entryForms().contains(interaction.formId())) {
            enrolIfEligible(interaction.leadId());
        }
    }

    /** Ends the lead's running sequences for {@code reason} (what the sender would find on its next run). */
    void stop(String leadId, String reason) {
        Instant now = clock.instant();
        for (Enrolment e : nurture.of(leadId)) {
            if (e.active() && nurture.stop(leadId, e.sequence(), reason, now)) {
                metrics.count("NurtureStopped");
                LOG.info("nurture sequence {} of lead {} stopped: {}", e.sequence(), leadId, reason);
            }
        }
    }

    private void enrolIfEligible(String leadId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            List<Enrolment> enrolments = nurture.of(leadId);
            if (enrolments.stream().anyMatch(Enrolment::active)) {
                return; // one sequence at a time
            }
            Optional<Lead> read = leads.findLead(leadId);
            if (read.isEmpty()) {
                return;
            }
            Lead lead = read.get();
            Set<String> before = enrolments.stream().map(Enrolment::sequence).collect(Collectors.toSet());
            Optional<NurtureConfig.Sequence> sequence = config.entryFor(lead, before);
            if (sequence.isEmpty()) {
                return;
            }
            String email = lead.profile().email();
            if (email == null || suppressions.isSuppressed(email)) {
                return;
            }
            Instant now = clock.instant();
            if (nurture.enrol(lead, sequence.get().name(), now, config.dueAt(sequence.get(), 1, now))) {
                metrics.count("NurtureEnrolled");
                LOG.info("lead {} enrolled in nurture sequence {}", leadId, sequence.get().name());
                return;
            }
            // the lead changed since it was read, or a replay enrolled it: decide again
        }
        throw new IllegalStateException("lead " + leadId + " kept changing while it was enrolled; retry later");
    }
}

package io.leadcapture.feedback;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.leadcapture.application.MailFeedbackOutcome;
import io.leadcapture.application.RecordMailFeedback;
import io.leadcapture.core.notify.MailFeedback;
import io.leadcapture.core.notify.MalformedMailFeedbackException;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.logging.RequestLogging;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SES's bounce and complaint notifications, from the configuration set's SNS topic: each record's
 * {@code Message} is the JSON SES published. A permanent bounce suppresses the address, a transient
 * one is counted, a complaint suppresses it and withdraws marketing consent — each once per
 * {@code feedbackId}, however often SNS delivers it.
 *
 * <p>A message that is no readable SES notification is logged and counted ({@code MailFeedbackMalformed})
 * and dropped: a retry cannot make it readable. A store failure fails the invocation, so Lambda
 * retries the asynchronous event and, after its retries, hands it to the on-failure queue.
 * Logs name feedback ids and counts, never addresses.
 */
public class MailFeedbackHandler implements RequestHandler<SNSEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(MailFeedbackHandler.class);

    private final RecordMailFeedback feedback;
    private final LeadMetrics metrics = new LeadMetrics();

    /** Used by Lambda: {@code TABLE_NAME}. */
    public MailFeedbackHandler() {
        this(UseCases.recordMailFeedback(LeadStore.fromEnvironment(), Clock.systemUTC()));
    }

    public MailFeedbackHandler(RecordMailFeedback feedback) {
        this.feedback = feedback;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        return RequestLogging.withRequest(context, () -> {
            try {
                if (event != null && event.getRecords() != null) {
                    event.getRecords().forEach(this::process);
                }
                return null;
            } finally {
                metrics.flush();
            }
        });
    }

    private void process(SNSEvent.SNSRecord record) {
        SNSEvent.SNS sns = record.getSNS();
        String snsId = sns == null ? null : sns.getMessageId();
        Optional<MailFeedback> parsed;
        try {
            parsed = MailFeedback.parse(sns == null ? null : sns.getMessage());
        } catch (MalformedMailFeedbackException e) {
            metrics.count("MailFeedbackMalformed");
            LOG.error("SNS message {} is no SES bounce or complaint notification, dropped: {}", snsId, e.getMessage());
            return;
        }
        if (parsed.isEmpty()) {
            LOG.info("SNS message {} holds nothing to act on (no bounce or complaint)", snsId);
            return;
        }
        MailFeedback f = parsed.get();
        MailFeedbackOutcome outcome = feedback.record(f);
        if (outcome.duplicate()) {
            metrics.count("MailFeedbackDuplicate");
            LOG.info("{} {} was recorded before; nothing changed", f.kind().wireName(), f.feedbackId());
            return;
        }
        for (int i = 0; i < outcome.suppressed(); i++) {
            metrics.count("AddressSuppressed");
        }
        for (int i = 0; i < outcome.counted(); i++) {
            metrics.count("TransientBounceCounted");
        }
        for (int i = 0; i < outcome.withdrawn(); i++) {
            metrics.count("ConsentWithdrawnByComplaint");
        }
        LOG.info("{} {} ({} {}) recorded: {} address(es) suppressed, {} transient bounce(s) counted, "
                        + "{} consent(s) withdrawn, {} address(es) without a lead", f.kind().wireName(), f.feedbackId(),
                f.bounceType() == null ? "-" : f.bounceType().name().toLowerCase(java.util.Locale.ROOT),
                f.subType() == null ? "-" : f.subType(), outcome.suppressed(), outcome.counted(), outcome.withdrawn(),
                outcome.withoutLead());
    }
}

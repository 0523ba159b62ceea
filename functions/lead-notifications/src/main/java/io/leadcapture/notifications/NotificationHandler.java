package io.leadcapture.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.Lead;
import io.leadcapture.core.notify.AutoResponseRenderer;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.Mail;
import io.leadcapture.core.notify.OptInMailRenderer;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.notify.SalesMailRenderer;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.store.NotificationClaim;
import io.leadcapture.runtime.stream.StreamBatch;
import io.leadcapture.runtime.stream.StreamImages;
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
 * Mails from the lead stream, each exactly once:
 * <ul>
 *   <li>to sales, when a lead becomes an MQL or turns hot (routed by territory, round robin);</li>
 *   <li>to the lead, the double opt-in confirmation for an interaction whose consent is pending;</li>
 *   <li>to the lead, a form's auto-response, at most one automated mail per lead and cap window;</li>
 *   <li>and, when an unconfirmed opt-in expires (TTL delete), the pending consent is purged.</li>
 * </ul>
 * Exactly once: before sending, a marker beside the lead is claimed with a conditional put; after
 * SES accepted the mail it is marked sent. A retried, bisected or replayed record finds the marker
 * and sends nothing. If SES refuses or throttles, the claim is released and the record retried. If
 * the function dies between SES accepting the mail and the marker being updated, the claim goes
 * stale after {@link #CLAIM_STALE_AFTER} and a retry sends again: the one window in which a mail can
 * be duplicated, chosen over the alternative (marking first) which could lose a mail for good.
 */
public class NotificationHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(NotificationHandler.class);

    private final LeadStore store;
    private final MailSender sender;
    private final FormCatalog forms;
    private final Router router;
    private final ConsentTokens tokens;
    private final String publicApiUrl;
    private final Duration optInValidity;
    private final Duration frequencyCap;
    private final Clock clock;
    private final SalesMailRenderer salesMails = new SalesMailRenderer();
    private final OptInMailRenderer optInMails = new OptInMailRenderer();
    private final AutoResponseRenderer autoResponses = new AutoResponseRenderer();
    private final LeadMetrics metrics = new LeadMetrics();

    public NotificationHandler() {
        this(LeadStore.fromEnvironment(),
                new MailSender(MailSender.defaultClient(), Env.required("SENDER_EMAIL")),
                FormCatalog.bundled(), new Router(RoutingConfig.bundled()),
                new ConsentTokens(Env.required("CONSENT_TOKEN_SECRET").getBytes(StandardCharsets.UTF_8)),
                Env.required("PUBLIC_API_URL"),
                Duration.ofHours(Long.parseLong(Env.optional("OPT_IN_VALIDITY_HOURS", "72"))),
                Duration.ofHours(Long.parseLong(Env.optional("AUTOMATED_MAIL_CAP_HOURS", "24"))), Clock.systemUTC());
    }

    /**
     * @param frequencyCap at most one automated mail to a lead within this window (opt-in confirmations exempt)
     */
    public NotificationHandler(LeadStore store, MailSender sender, FormCatalog forms, Router router,
                               ConsentTokens tokens, String publicApiUrl, Duration optInValidity, Duration frequencyCap,
                               Clock clock) {
        this.store = store;
        this.sender = sender;
        this.forms = forms;
        this.router = router;
        this.tokens = tokens;
        this.publicApiUrl = publicApiUrl.endsWith("/") ? publicApiUrl.substring(0, publicApiUrl.length() - 1) : publicApiUrl;
        this.optInValidity = optInValidity;
        this.frequencyCap = frequencyCap;
        this.clock = clock;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return StreamBatch.handle(event, context, metrics, this::process);
    }

    private void process(DynamodbEvent.DynamodbStreamRecord record) {
        var change = record.getDynamodb();
        if (change == null) {
            return;
        }
        Map<String, AttributeValue> newImage = change.getNewImage();
        Map<String, AttributeValue> oldImage = change.getOldImage();
        switch (record.getEventName()) {
            case "MODIFY" -> {
                if ("lead".equals(StreamImages.string(newImage, "itemType"))) {
                    salesTransition(oldImage, newImage);
                }
            }
            case "INSERT" -> {
                if ("interaction".equals(StreamImages.string(newImage, "itemType"))) {
                    if (pendingConsent(newImage)) {
                        optIn(newImage);
                    }
                    forms.autoResponse(StreamImages.string(newImage, "formId"))
                            .ifPresent(response -> autoResponse(newImage, response));
                }
            }
            case "REMOVE" -> {
                if ("optIn".equals(StreamImages.string(oldImage, "itemType")) && expired(oldImage)) {
                    boolean purged = store.purgePendingConsent(StreamImages.string(oldImage, "leadId"), clock.instant());
                    LOG.info("opt-in {} expired unconfirmed; pending consent purged: {}",
                            StreamImages.string(oldImage, "interactionId"), purged);
                    if (purged) {
                        metrics.count("PendingConsentPurged");
                    }
                }
            }
            default -> {
                // nothing to do
            }
        }
    }

    private void salesTransition(Map<String, AttributeValue> oldImage, Map<String, AttributeValue> newImage) {
        if (newImage.get("test") != null && Boolean.TRUE.equals(newImage.get("test").getBOOL())) {
            return; // test leads never reach sales
        }
        boolean becameMql = "MQL".equals(StreamImages.string(newImage, "stage"))
                && !"MQL".equals(StreamImages.string(oldImage, "stage"));
        boolean turnedHot = "hot".equals(StreamImages.string(newImage, "temperature"))
                && !"hot".equals(StreamImages.string(oldImage, "temperature"));
        if (!becameMql && !turnedHot) {
            return;
        }
        String leadId = StreamImages.string(newImage, "leadId");
        String reason = becameMql && turnedHot ? "became MQL and turned hot" : becameMql ? "became MQL" : "turned hot";
        // One mail per transition: the lead version that made the transition names it.
        String key = "SALES#" + newImage.get("version").getN();
        Optional<Lead> lead = store.findLead(leadId);
        if (lead.isEmpty()) {
            return;
        }
        Router.Territory territory = router.territoryFor(lead.get());
        NotificationClaim claim = store.claimNotification(leadId, key, reason, clock.instant(), CLAIM_STALE_AFTER);
        if (!proceed(claim, leadId, key)) {
            return;
        }
        String rep = router.pick(territory, store.nextRoutingCounter(territory.name()));
        Mail mail = salesMails.render(lead.get(), lead.get().interactions(), List.of(rep), reason);
        send(leadId, key, mail);
        metrics.count("SalesNotified");
        LOG.info("sales notified about lead {} ({}) via territory {}", leadId, reason, territory.name());
    }

    private void optIn(Map<String, AttributeValue> interaction) {
        String leadId = StreamImages.string(interaction, "leadId");
        String interactionId = StreamImages.string(interaction, "interactionId");
        Optional<FormDefinition> form = forms.find(StreamImages.string(interaction, "formId"));
        Optional<Lead> lead = store.findLead(leadId);
        if (lead.isEmpty() || form.isEmpty() || lead.get().profile().email() == null || lead.get().test()) {
            return;
        }
        if (lead.get().consent() != null && lead.get().consent().status() == ConsentStatus.CONFIRMED) {
            return; // confirmed before: no second opt-in mail
        }
        String key = "OPTIN#" + interactionId;
        NotificationClaim claim = store.claimNotification(leadId, key, null, clock.instant(), CLAIM_STALE_AFTER);
        if (!proceed(claim, leadId, key)) {
            return;
        }
        Instant expiresAt = clock.instant().plus(optInValidity);
        String url = publicApiUrl + "/consent/confirm?token="
                + URLEncoder.encode(tokens.issue(leadId, interactionId, expiresAt), StandardCharsets.UTF_8);
        store.recordPendingOptIn(leadId, interactionId, expiresAt);
        send(leadId, key, optInMails.render(lead.get(), form.get(), url, expiresAt));
        metrics.count("OptInMailSent");
        LOG.info("opt-in confirmation sent for lead {} (interaction {})", leadId, interactionId);
    }

    /**
     * The form's auto-response (the content the person asked for), within the per-lead frequency
     * cap; never to test leads or to a lead that withdrew consent.
     */
    private void autoResponse(Map<String, AttributeValue> interaction, FormCatalog.AutoResponse response) {
        String leadId = StreamImages.string(interaction, "leadId");
        String interactionId = StreamImages.string(interaction, "interactionId");
        Optional<Lead> lead = store.findLead(leadId);
        if (lead.isEmpty() || lead.get().profile().email() == null || lead.get().test()
                || (lead.get().consent() != null && lead.get().consent().status() == ConsentStatus.WITHDRAWN)) {
            return;
        }
        String key = "AUTO#" + interactionId;
        NotificationClaim claim = store.claimNotification(leadId, key, null, clock.instant(), CLAIM_STALE_AFTER);
        if (!proceed(claim, leadId, key)) {
            return;
        }
        if (!store.takeMailSlot(leadId, clock.instant(), frequencyCap)) {
            store.markNotificationSent(leadId, key, "suppressed-by-frequency-cap", List.of(), clock.instant());
            metrics.count("AutoResponseCapped");
            LOG.info("auto-response for lead {} suppressed: an automated mail went out within {}", leadId, frequencyCap);
            return;
        }
        send(leadId, key, autoResponses.render(lead.get(), response));
        metrics.count("AutoResponseSent");
    }

    private boolean proceed(NotificationClaim claim, String leadId, String key) {
        return switch (claim) {
            case CLAIMED -> true;
            case ALREADY_SENT -> {
                LOG.info("notification {} of lead {} was sent before; not again", key, leadId);
                yield false;
            }
            case IN_FLIGHT -> throw new IllegalStateException(
                    "notification " + key + " of lead " + leadId + " is being sent by another invocation; retry later");
        };
    }

    private void send(String leadId, String key, Mail mail) {
        try {
            String messageId = sender.send(mail);
            store.markNotificationSent(leadId, key, messageId, mail.to(), clock.instant());
        } catch (MailSender.NotSent e) {
            store.releaseNotification(leadId, key);
            metrics.count("MailRefused");
            throw e;
        }
    }

    private static boolean pendingConsent(Map<String, AttributeValue> interaction) {
        AttributeValue consent = interaction.get("consent");
        return consent != null && consent.getM() != null && consent.getM().get("status") != null
                && ConsentStatus.PENDING.wireName().equals(consent.getM().get("status").getS());
    }

    /**
     * An opt-in record removed at or after its expiry: DynamoDB's TTL deleted it. (A confirmation
     * deletes it earlier, and the consent is no longer pending then anyway.)
     */
    private boolean expired(Map<String, AttributeValue> optIn) {
        AttributeValue expiresAt = optIn.get("expiresAt");
        return expiresAt != null && expiresAt.getN() != null
                && Long.parseLong(expiresAt.getN()) <= clock.instant().getEpochSecond();
    }
}

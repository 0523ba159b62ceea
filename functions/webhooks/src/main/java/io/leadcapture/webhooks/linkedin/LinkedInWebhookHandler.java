package io.leadcapture.webhooks.linkedin;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.InteractionType;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.webhooks.FetchedLeads;
import io.leadcapture.webhooks.FetchedLeads.Outcome;
import io.leadcapture.webhooks.Signatures;
import io.leadcapture.webhooks.WebhookHandler;
import io.leadcapture.webhooks.WebhookSecrets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /webhooks/linkedin} and {@code POST /webhooks/linkedin}: LinkedIn Lead Sync
 * notifications (LinkedIn's "Webhook validation" and Lead Sync API documentation).
 *
 * <ul>
 *   <li>GET {@code ?challengeCode=…} is the webhook validation: 200
 *       {@code application/json} {@code {"challengeCode","challengeResponse"}} where the response is
 *       the hex HMAC-SHA256 of the challenge code under {@code LINKEDIN_CLIENT_SECRET}. It must come
 *       within 3 s and is repeated every 2 hours, so this path reads no DynamoDB and calls no API.
 *       Only a code of the shape LinkedIn sends (a UUID) is answered, anything else is 400: the
 *       answer is an HMAC under the same secret as {@code X-LI-Signature}, so answering
 *       {@code challengeCode=hmacsha256=<json>} would sign any notification body.</li>
 *   <li>POST is verified before anything is parsed: {@code X-LI-Signature} must be the hex
 *       HMAC-SHA256, under the client secret, of {@code "hmacsha256=" + raw body}; the header is
 *       accepted with or without a {@code hmacsha256=} prefix and its hex in either case (LinkedIn's
 *       sentence on it reads both ways); compared in constant time → 401 and nothing stored
 *       otherwise. A {@code LEAD_ACTION}/{@code CREATED} notification's form response is fetched
 *       ({@code /rest/leadFormResponses/{id}}, its form's questions from {@code /rest/leadForms/{id}}
 *       unless embedded) and recorded as an {@code ad_lead} on channel {@code linkedin}, once per
 *       {@code urn:li:leadGenFormResponse}. {@code DELETED} actions and other types are
 *       acknowledged and not recorded.</li>
 * </ul>
 *
 * <p><b>API outage: bounded retries, then 503.</b> LinkedIn: the endpoint "must return a 2xx … Any
 * other response code … will be treated … as a failure"; the retry schedule for lead notifications
 * is not documented. As for Meta, a lead that cannot be fetched (or stored) answers 503 with nothing
 * of it stored, and its redelivery records it once. Because
 * LinkedIn's redelivery of leads is undocumented, a 503 is also logged with the response URN at WARN
 * and counted ({@code PlatformApiUnavailable}): LinkedIn keeps form responses for 365 days, so
 * a lead that is never redelivered can still be read by that URN.
 */
public class LinkedInWebhookHandler extends WebhookHandler {
    static final int MAX_BODY_BYTES = 256 * 1024;
    static final String CHANNEL = "linkedin";
    static final String SIGNATURE_PREFIX = "hmacsha256=";
    /** LinkedIn's challengeCode: "Randomly generated type-4 UUID string", in its canonical 8-4-4-4-12 form. */
    private static final Pattern CHALLENGE_CODE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_CACHED_FORMS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(LinkedInWebhookHandler.class);
    private static final SignedNotifications SIGNED = new SignedNotifications("LinkedIn", "LINKEDIN_CLIENT_SECRET",
            "X-LI-Signature", LinkedInWebhookHandler::signatureValid,
            "X-LI-Signature is missing or is not the HMAC-SHA256 of \"hmacsha256=\" and the body.",
            "The body is not a LinkedIn lead notification.");

    private final FormDefinition channel;
    private final WebhookSecrets secrets;
    private final LinkedInLeadApi api;
    private final FetchedLeads leads = new FetchedLeads("LinkedIn", metrics);
    /** Forms by versioned URN: a form version's questions never change. */
    private final Map<String, JsonNode> forms = new ConcurrentHashMap<>();

    /**
     * Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE), and through
     * {@link WebhookSecrets#fromEnvironment()} {@code LINKEDIN_CLIENT_SECRET},
     * {@code LINKEDIN_ACCESS_TOKEN} (each or its {@code _PARAMETER}), {@code LINKEDIN_API_URL},
     * {@code LINKEDIN_VERSION}.
     */
    public LinkedInWebhookHandler() {
        this(lambdaCapture(), WebhookSecrets.fromEnvironment());
    }

    private LinkedInWebhookHandler(CaptureLead capture, WebhookSecrets secrets) {
        this(capture, secrets, HttpLinkedInLeadApi.fromSecrets(secrets), Env.phoneRegion());
    }

    /** @param defaultPhoneRegion region for phone numbers without {@code +country} */
    public LinkedInWebhookHandler(CaptureLead capture, WebhookSecrets secrets, LinkedInLeadApi api,
            String defaultPhoneRegion) {
        super(MAX_BODY_BYTES, capture);
        this.channel = CaptureCommand.platformChannel(CHANNEL, InteractionType.AD_LEAD,
                Env.phoneRegion(defaultPhoneRegion));
        this.secrets = secrets;
        this.api = api;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        return getOrPost(request, "validation", this::challenge, post -> {
            long deadlineNanos = FetchedLeads.deadline(context);
            return verified(post, secrets, SIGNED, LinkedInLeads::notifications,
                    notifications -> notification(notifications, deadlineNanos));
        });
    }

    /** The validation GET of LinkedIn's "Webhook validation" documentation. */
    private APIGatewayV2HTTPResponse challenge(HttpRequest request) {
        String code = request.queryParameter("challengeCode");
        if (code == null || code.isEmpty()) {
            return HttpResponses.error(400, "missing_challenge", "challengeCode is required.", Map.of(), Map.of());
        }
        if (!CHALLENGE_CODE.matcher(code).matches()) {
            LOG.warn("LinkedIn webhook validation refused: the challengeCode is not a UUID");
            metrics.count("WebhookVerificationRefused");
            return HttpResponses.error(400, "invalid_challenge",
                    "challengeCode must be a UUID, as LinkedIn sends it; no other value is answered.",
                    Map.of("challengeCode", "not a UUID"), Map.of());
        }
        String secret;
        try {
            secret = secrets.require("LINKEDIN_CLIENT_SECRET");
        } catch (RuntimeException e) {
            LOG.error("LINKEDIN_CLIENT_SECRET is not available; validation not answered: {}", e.getMessage());
            return unavailable("The webhook is not configured.");
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("challengeCode", code);
        body.put("challengeResponse", Signatures.hmacSha256Hex(secret, Signatures.utf8(code)));
        LOG.info("LinkedIn webhook validation answered");
        return HttpResponses.json(200, body, Map.of());
    }

    private APIGatewayV2HTTPResponse notification(List<LinkedInLeads.Notification> notifications, long deadlineNanos) {
        FetchedLeads.Tally tally = leads.tally();
        Set<String> seen = new HashSet<>();
        for (LinkedInLeads.Notification n : notifications) {
            Outcome o;
            if (!n.isCreatedLead()) {
                LOG.info("LinkedIn notification {} {} for {} acknowledged, not recorded", n.type(), n.action(),
                        n.responseUrn());
                o = Outcome.IGNORED;
            } else if (!seen.add(n.responseUrn())) {
                o = Outcome.REPLAYED;
            } else {
                o = process(n, deadlineNanos);
            }
            tally.add(o);
        }
        return tally.answer(notifications.size(), 0,
                "LinkedIn did not hand out every lead; the recorded ones are kept. Redeliver the notification.");
    }

    /**
     * Hex HMAC-SHA256 of {@code "hmacsha256=" + body} under the client secret; the header with or
     * without the {@code hmacsha256=} prefix, hex in either case, compared in constant time.
     */
    static boolean signatureValid(String secret, String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String provided = header.strip();
        if (provided.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            provided = provided.substring(SIGNATURE_PREFIX.length());
        }
        String expected = Signatures.hmacSha256Hex(secret, Signatures.utf8(SIGNATURE_PREFIX), body);
        return Signatures.constantTimeEquals(expected, provided.toLowerCase(Locale.ROOT));
    }

    /** Fetch (response and form) and record one lead (see {@link FetchedLeads#outcome}). */
    private Outcome process(LinkedInLeads.Notification n, long deadlineNanos) {
        String urn = n.responseUrn();
        return leads.outcome(urn, () -> {
            JsonNode response = api.formResponse(n.responseId(), deadlineNanos);
            LinkedInLeads.Mapped m = LinkedInLeads.map(n, response, formOf(n, response, deadlineNanos));
            CaptureResult r = record(channel, m.fields(), m.sourceIds(), m.occurredAt(), m.test(), urn);
            LOG.info("LinkedIn lead {} recorded on lead {} ({}, replayed {}, test {})", urn, r.leadId(),
                    r.outcome().wireName(), r.replayed(), m.test());
            return r;
        });
    }

    /** The questions to resolve answers with: embedded in the response, cached, or fetched. */
    private JsonNode formOf(LinkedInLeads.Notification n, JsonNode response, long deadlineNanos) {
        JsonNode embedded = LinkedInLeads.embeddedForm(response);
        if (embedded != null) {
            return embedded;
        }
        String urn = LinkedInLeads.formUrn(n, response);
        String formId = LinkedInLeads.formId(urn);
        if (formId == null) {
            LOG.warn("LinkedIn lead {} names no lead form; answers are kept by question id", n.responseUrn());
            return null;
        }
        JsonNode cached = forms.get(urn);
        if (cached != null) {
            return cached;
        }
        JsonNode form = api.form(formId, deadlineNanos);
        if (forms.size() >= MAX_CACHED_FORMS) {
            forms.clear();
        }
        forms.put(urn, form);
        return form;
    }
}

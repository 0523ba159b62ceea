package io.leadcapture.webhooks.meta;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code GET /webhooks/meta} and {@code POST /webhooks/meta}: Meta Lead Ads {@code leadgen} webhooks
 * (Meta's Webhooks documentation and its Lead Ads guides).
 *
 * <ul>
 *   <li>GET is the subscription handshake: {@code hub.mode=subscribe} and a
 *       {@code hub.verify_token} equal, in constant time, to {@code META_VERIFY_TOKEN} → 200
 *       {@code text/plain} with the raw {@code hub.challenge}; anything else → 403. Not signed.</li>
 *   <li>POST is verified before anything is parsed: {@code X-Hub-Signature-256: sha256=<hex>} must be
 *       the HMAC-SHA256 of the raw body bytes (base64-decoded when API Gateway flagged them) under
 *       {@code META_APP_SECRET} (Meta signs the escaped-unicode payload as sent, so re-serialised JSON
 *       would not verify) → 401 and nothing stored otherwise. Then every {@code entry[].changes[]}
 *       with {@code field == "leadgen"} (Meta batches up to 1000) is fetched from the Graph API (the
 *       webhook carries ids, no answers) and recorded through {@link CaptureLead} as an
 *       {@code ad_lead} on channel {@code meta}, once per {@code leadgen_id}. Ids are kept as exact
 *       strings.</li>
 * </ul>
 *
 * <p><b>Graph outage: answer 503, let Meta redeliver.</b> Meta's Webhooks documentation: "If any
 * update sent to your server fails, we will retry immediately, then try a few more times with
 * decreasing frequency over the next 36 hours. Your server should handle deduplication". So a lead
 * whose Graph fetch still fails after the bounded retries of {@link HttpMetaGraphApi} (or a DynamoDB
 * fault) makes the whole delivery answer 503 and nothing of that lead is stored; leads of the same batch that were
 * fetched are recorded (each in one transaction with its {@code leadgen_id} idempotency record), and
 * Meta's redelivery records only what is still missing. Meta holds the undelivered notification, so no
 * pending-lead state and no second retry machine exist here. Every Graph failure counts, including
 * 4xx (an expired token or a missing permission is fixed by ops within Meta's 36 h); the cost is that a
 * lead deleted at Meta keeps its batch retried until Meta gives up. A lead without any usable email or
 * phone cannot become a lead and is acknowledged as {@code rejected} (logged with its leadgen id only,
 * metric {@code WebhookLeadRejected}); it can be read again at Meta by that id.
 *
 * <p>Fetches of one delivery run in parallel (at most {@value #PARALLELISM}) under one deadline: at
 * most {@link FetchedLeads#FETCH_BUDGET}, and never later than
 * {@value FetchedLeads#RESERVE_MILLIS} ms before the Lambda timeout, so the answer always comes
 * well within API Gateway's 30 s.
 */
public class MetaWebhookHandler extends WebhookHandler {
    /** Meta batches up to 1000 changes of roughly 200 bytes each. */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    static final String CHANNEL = "meta";
    static final int PARALLELISM = 8;
    private static final Logger LOG = LoggerFactory.getLogger(MetaWebhookHandler.class);
    private static final SignedNotifications SIGNED = new SignedNotifications("Meta", "META_APP_SECRET",
            "X-Hub-Signature-256", MetaWebhookHandler::signatureValid,
            "X-Hub-Signature-256 is missing or is not the HMAC-SHA256 of the body.",
            "The body is not a Meta webhook notification.");

    private final FormDefinition channel;
    private final WebhookSecrets secrets;
    private final MetaGraphApi graph;
    private final FetchedLeads leads = new FetchedLeads("Meta", metrics);

    /**
     * Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE), secrets and Graph
     * settings through {@link WebhookSecrets#fromEnvironment()} ({@code META_APP_SECRET},
     * {@code META_VERIFY_TOKEN}, {@code META_ACCESS_TOKEN}, each or its {@code _PARAMETER};
     * {@code META_GRAPH_URL}, {@code META_GRAPH_VERSION}).
     */
    public MetaWebhookHandler() {
        this(lambdaCapture(), WebhookSecrets.fromEnvironment());
    }

    private MetaWebhookHandler(CaptureLead capture, WebhookSecrets secrets) {
        this(capture, secrets, HttpMetaGraphApi.fromSecrets(secrets), Env.phoneRegion());
    }

    /** @param defaultPhoneRegion region for phone numbers without {@code +country} */
    public MetaWebhookHandler(CaptureLead capture, WebhookSecrets secrets, MetaGraphApi graph,
            String defaultPhoneRegion) {
        super(MAX_BODY_BYTES, capture);
        this.channel = CaptureCommand.platformChannel(CHANNEL, InteractionType.AD_LEAD,
                Env.phoneRegion(defaultPhoneRegion));
        this.secrets = secrets;
        this.graph = graph;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        return getOrPost(request, "verification", this::verify, post -> {
            long deadlineNanos = FetchedLeads.deadline(context);
            return verified(post, secrets, SIGNED, MetaLeads::changes, changes -> notification(changes, deadlineNanos));
        });
    }

    /** The subscription handshake of Meta's Webhooks documentation ("Verification Requests"). */
    private APIGatewayV2HTTPResponse verify(HttpRequest request) {
        String mode = request.queryParameter("hub.mode");
        String token = request.queryParameter("hub.verify_token");
        String challenge = request.queryParameter("hub.challenge");
        String expected;
        try {
            expected = secrets.find("META_VERIFY_TOKEN").orElse(null);
        } catch (RuntimeException e) {
            expected = null;
        }
        if (expected == null) {
            LOG.error("META_VERIFY_TOKEN is not configured; Meta verification refused");
        }
        if ("subscribe".equals(mode) && challenge != null && !challenge.isEmpty()
                && Signatures.constantTimeEquals(expected, token)) {
            LOG.info("Meta webhook verification accepted");
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "text/plain; charset=utf-8");
            headers.put("cache-control", "no-store");
            headers.put("x-content-type-options", "nosniff");
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(headers).withBody(challenge).build();
        }
        metrics.count("WebhookVerificationRefused");
        LOG.info("Meta webhook verification refused (mode {})", mode);
        return HttpResponses.error(403, "verification_failed", "hub.mode or hub.verify_token does not match.", Map.of(),
                Map.of());
    }

    private APIGatewayV2HTTPResponse notification(List<MetaLeads.Change> changes, long deadlineNanos) {
        FetchedLeads.Tally tally = leads.tally();
        Map<String, MetaLeads.Change> unique = new LinkedHashMap<>();
        int ignored = 0;
        for (MetaLeads.Change c : changes) {
            if (c.leadgenId() == null) {
                ignored++;
                tally.add(Outcome.IGNORED);
            } else {
                unique.putIfAbsent(c.leadgenId(), c);
            }
        }
        if (ignored > 0) {
            LOG.warn("{} leadgen change(s) without a usable leadgen_id ignored", ignored);
        }
        processAll(new ArrayList<>(unique.values()), deadlineNanos).forEach(tally::add);
        LOG.info("Meta notification: {} lead(s): {} created, {} merged, {} already recorded, {} rejected, "
                        + "{} not fetched, {} not stored, {} failed", unique.size(), tally.get(Outcome.CREATED),
                tally.get(Outcome.MERGED), tally.get(Outcome.REPLAYED), tally.get(Outcome.REJECTED),
                tally.get(Outcome.API_UNAVAILABLE), tally.get(Outcome.STORE_UNAVAILABLE), tally.get(Outcome.FAILED));
        // the same leadgen id twice in one delivery is recorded once; the repeats count as duplicates
        return tally.answer(changes.size(), changes.size() - ignored - unique.size(),
                "The Graph API did not hand out every lead; the recorded ones are kept. Redeliver the notification.");
    }

    /** {@code sha256=} followed by the hex HMAC-SHA256 of the raw body; hex compared case-insensitively in constant time. */
    static boolean signatureValid(String secret, String header, byte[] body) {
        if (header == null) {
            return false;
        }
        String h = header.strip();
        if (!h.regionMatches(true, 0, "sha256=", 0, 7)) {
            return false;
        }
        return Signatures.constantTimeEquals(Signatures.hmacSha256Hex(secret, body),
                h.substring(7).toLowerCase(Locale.ROOT));
    }

    private List<Outcome> processAll(List<MetaLeads.Change> changes, long deadlineNanos) {
        if (changes.size() <= 1) {
            return changes.stream().map(c -> process(c, deadlineNanos)).toList();
        }
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Semaphore permits = new Semaphore(PARALLELISM);
        List<Future<Outcome>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("meta-lead-", 0).factory())) {
            for (MetaLeads.Change c : changes) {
                futures.add(pool.submit(() -> {
                    permits.acquire();
                    try {
                        if (mdc != null) {
                            MDC.setContextMap(mdc);
                        }
                        return process(c, deadlineNanos);
                    } finally {
                        MDC.clear();
                        permits.release();
                    }
                }));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : futures) {
            try {
                outcomes.add(f.get());
            } catch (ExecutionException e) {
                LOG.error("Meta lead task failed", e.getCause());
                outcomes.add(Outcome.FAILED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(Outcome.FAILED);
            }
        }
        return outcomes;
    }

    /** Fetch and record one lead (see {@link FetchedLeads#outcome}). */
    private Outcome process(MetaLeads.Change change, long deadlineNanos) {
        String leadgenId = change.leadgenId();
        return leads.outcome(leadgenId, () -> {
            MetaLeads.Mapped m = MetaLeads.map(change, graph.lead(leadgenId, deadlineNanos));
            CaptureResult r = record(channel, m.fields(), m.sourceIds(), m.occurredAt(), false, leadgenId);
            LOG.info("Meta lead {} recorded on lead {} ({}, replayed {})", leadgenId, r.leadId(),
                    r.outcome().wireName(), r.replayed());
            return r;
        });
    }
}

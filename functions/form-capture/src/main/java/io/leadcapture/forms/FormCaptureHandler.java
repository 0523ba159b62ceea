package io.leadcapture.forms;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.core.Captcha;
import io.leadcapture.core.CaptureContext;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.LeadMerge;
import io.leadcapture.core.PhoneNumbers;
import io.leadcapture.core.Submission;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.runtime.ClassPreloader;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.LeadMetrics;
import io.leadcapture.runtime.Secrets;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.CaptureStore;
import io.leadcapture.runtime.store.LeadStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /forms/{formId}}: a landing-page form post becomes an interaction on the one lead of
 * that person. Parses the body into a {@link CaptureCommand} for {@link CaptureLead}; answers only
 * after the lead and interaction are durably written. A form that requires a bot check has its
 * token verified before anything is stored.
 */
public class FormCaptureHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 256 * 1024;
    /** Seconds a client should wait before posting again while the bot-check provider is unavailable. */
    static final String CAPTCHA_RETRY_AFTER = "5";
    /** How long a browser's resubmit of a post without an idempotency key is recognised (docs/forms.md). */
    static final Duration RESUBMIT_WINDOW = Duration.ofMinutes(10);
    /** The classes a cold start's first request loads (written by infrastructure/benchmarks/first-request-classes.sh). */
    static final String FIRST_REQUEST_CLASSES = "first-request-classes.txt";

    private final FormCatalog forms;
    private final CaptureLead capture;
    private final IpHasher ipHasher;
    private final BotCheck botCheck;
    /** The capture use case that stores nothing, for SnapStart priming; null: priming leaves the store out. */
    private final CaptureLead primingCapture;

    /**
     * Used by Lambda: configuration from the environment, clients built once per container. The
     * independent parts of start-up (SDK client, its HTTP client, form catalogue, logging) run on
     * separate threads, so their class loading overlaps instead of adding up.
     */
    public FormCaptureHandler() {
        this(Startup.begin());
    }

    private FormCaptureHandler(Startup startup) {
        this(startup.forms.join(), startup.capture.join(), startup.primingCapture.join(),
                IpHasher.fromSecrets(Secrets.fromEnvironment()), captchaVerifier(startup.forms.join(), Secrets.fromEnvironment()));
    }

    /** For forms without a bot check (tests, tools): a form that requires one gets its captchaUnavailable answer. */
    public FormCaptureHandler(FormCatalog forms, CaptureLead capture, IpHasher ipHasher) {
        this(forms, capture, ipHasher, CaptchaVerifier.NONE);
    }

    public FormCaptureHandler(FormCatalog forms, CaptureLead capture, IpHasher ipHasher, CaptchaVerifier captcha) {
        this(forms, capture, null, ipHasher, captcha);
    }

    /** @param primingCapture the use case SnapStart priming runs (see {@link UseCases#primingCapture}) */
    public FormCaptureHandler(FormCatalog forms, CaptureLead capture, CaptureLead primingCapture, IpHasher ipHasher,
                              CaptchaVerifier captcha) {
        super(MAX_BODY_BYTES);
        this.forms = forms;
        this.capture = capture;
        this.primingCapture = primingCapture;
        this.ipHasher = ipHasher;
        this.botCheck = new BotCheck(captcha);
    }

    /**
     * The siteverify client of the environment. A form that requires a bot check without a secret
     * configured would refuse every post: that stops the start instead (the secret itself is read on
     * first use, so the SnapStart snapshot holds none).
     */
    static CaptchaVerifier captchaVerifier(FormCatalog forms, Secrets secrets) {
        boolean required = forms.all().stream().anyMatch(f -> f.captcha() != null);
        if (required && !secrets.configured("CAPTCHA_SECRET")) {
            throw new IllegalStateException("a form requires a bot check: set CAPTCHA_SECRET or CAPTCHA_SECRET_PARAMETER");
        }
        return SiteverifyClient.fromEnvironment(secrets);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String formId = request.pathParameter("formId");
        FormDefinition form = forms.find(formId).orElseThrow(
                () -> new ApiException(404, "unknown_form", "There is no form '" + formId + "'."));
        String origin = request.header("origin");
        if (crossOrigin(origin) && !form.allowsOrigin(origin)) {
            metrics.count("ForeignOriginRejected");
            throw new ApiException(403, "origin_not_allowed", "Form '" + form.id() + "' does not accept posts from " + origin + ".");
        }
        Map<String, String> headers = corsHeaders(form, origin);
        byte[] body = request.body();
        FormFields fields = FormBodyParser.parse(request.mediaType(), request.mediaTypeParameter("boundary"), body);
        String ipHash = ipHasher.hash(request.sourceIp());
        IdempotencyKey idempotency = idempotencyKey(request, form, fields, body);
        if (idempotency == null && !request.wantsJson()) {
            idempotency = resubmitKey(request, form, fields, ipHash);
        }

        CaptureCommand command = CaptureCommand.formPost(form, fields, ipHash, request.header("referer"), idempotency);
        if (capture.isSpam(command)) {
            metrics.count("HoneypotTriggered");
            Log.LOG.info("honeypot field filled; nothing stored (form {})", form.id());
            return accepted(request, form, UUID.randomUUID().toString(), headers);
        }

        CaptureResult result = null;
        if (form.captcha() != null) {
            // A retry of a stored post carries a token that was spent then: answer it as before.
            result = capture.earlier(command).orElse(null);
            APIGatewayV2HTTPResponse refused = result == null ? botCheck(request, form, fields, headers) : null;
            if (refused != null) {
                return refused;
            }
        }
        if (result == null) {
            // answered before the platform ends the call, even when DynamoDB is slow
            result = capture.capture(command, capture.deadline(
                    context == null ? null : Duration.ofMillis(context.getRemainingTimeInMillis())));
        }
        metrics.count(result.replayed() ? "SubmissionReplayed"
                : result.outcome() == CaptureResult.Outcome.CREATED ? "LeadCreated" : "LeadMerged");
        Log.LOG.info("captured form {} for lead {} ({}, replayed {})", form.id(), result.leadId(),
                result.outcome().wireName(), result.replayed());
        return accepted(request, form, result.interactionId(), headers);
    }

    /**
     * Before the SnapStart snapshot: the request frame, then {@link #primeCapture}, with its requests
     * to DynamoDB. The Lambda constructor warms only what needs no request (frame, validation,
     * metrics): without SnapStart its first request follows at once, and priming round trips would
     * only delay it.
     */
    @Override
    protected void prime() {
        super.prime();
        if (primingCapture != null) {
            primeCapture(forms, primingCapture);
        }
    }

    /**
     * A sample post to a form without bot check, parsed as JSON and as URL-encoded, checked for spam,
     * validated, normalised, looked up (an idempotency key and identities no lead has) and planned by
     * the priming use case, whose commit cannot write; then both answers built. No client IP is
     * hashed (the salt is a secret, read on first use, so a snapshot holds none) and nothing is counted.
     */
    static void primeCapture(FormCatalog forms, CaptureLead primingCapture) {
        FormDefinition form = forms.find(PRIMING_FORM).orElseGet(() ->
                forms.all().stream().filter(f -> f.captcha() == null).findFirst().orElse(null));
        if (form == null || form.captcha() != null) {
            return;
        }
        FormBodyParser.parse("application/x-www-form-urlencoded", null, PRIMING_URLENCODED.getBytes(StandardCharsets.UTF_8));
        byte[] body = PRIMING_JSON.getBytes(StandardCharsets.UTF_8);
        FormFields fields = FormBodyParser.parse("application/json", null, body);
        IdempotencyKey key = new IdempotencyKey("form:" + form.id(), "snapstart-priming", IdempotencyKey.sha256Hex(body));
        CaptureCommand command = CaptureCommand.formPost(form, fields, null, null, key);
        primingCapture.isSpam(command);
        CaptureResult result = primingCapture.capture(command);
        accepted(form, result.interactionId(), corsHeaders(form, null), true);
        accepted(form, result.interactionId(), corsHeaders(form, null), false);
        Log.LOG.debug("primed form {}", form.id());
    }

    /**
     * The form's bot check, before anything is stored: null when the post may be captured, else the
     * answer — 403 for a missing or refused token; when the provider cannot be asked, 503 with
     * Retry-After or, under {@code captchaUnavailable: accept}, null (stored unchecked).
     */
    private APIGatewayV2HTTPResponse botCheck(HttpRequest request, FormDefinition form, FormFields fields,
                                              Map<String, String> headers) {
        BotCheck.Result check = botCheck.check(form, fields, request.sourceIp());
        switch (check.outcome()) {
            case PASSED -> {
                return null;
            }
            case FAILED -> {
                metrics.count("CaptchaFailed");
                Log.LOG.info("bot check failed on form {}: {}; nothing stored", form.id(), check.reason());
                throw new ApiException(403, "captcha_failed",
                        "The bot check was missing or failed; nothing was stored. Solve it on the form's page and send the form again.");
            }
            default -> {
                metrics.count("CaptchaUnavailable");
                if (form.captcha().whenUnavailable() == Captcha.WhenUnavailable.ACCEPT) {
                    Log.LOG.warn("bot check unavailable on form {}: {}; stored unchecked (captchaUnavailable: accept)",
                            form.id(), check.reason());
                    return null;
                }
                Log.LOG.warn("bot check unavailable on form {}: {}; answered 503, nothing stored", form.id(), check.reason());
                Map<String, String> h = new LinkedHashMap<>(headers);
                h.put("retry-after", CAPTCHA_RETRY_AFTER);
                return HttpResponses.error(503, "captcha_unavailable",
                        "The bot check cannot be completed right now; nothing was stored. Send the form again in a moment.",
                        Map.of(), h);
            }
        }
    }

    /** A refusal of a post from a page its form allows carries the CORS headers too, so the page can read it. */
    @Override
    protected Map<String, String> errorHeaders(HttpRequest request) {
        return forms.find(request.pathParameter("formId"))
                .map(form -> corsHeaders(form, request.header("origin")))
                .orElse(Map.of());
    }

    /** {@code Origin: null} (file: pages, sandboxed frames) names no page to refuse or to allow. */
    private static boolean crossOrigin(String origin) {
        return origin != null && !"null".equals(origin);
    }

    private static Map<String, String> corsHeaders(FormDefinition form, String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (crossOrigin(origin) && form.allowsOrigin(origin)) {
            headers.put("access-control-allow-origin", origin);
            headers.put("vary", "Origin");
        }
        return headers;
    }

    /**
     * The same answer for a new and a known person, so the form cannot tell anyone whether an
     * address is in the CRM: a browser goes to the thank-you page; a script learns only that the
     * submission was accepted, under the id of the recorded interaction (a replay answers the same id).
     */
    private static APIGatewayV2HTTPResponse accepted(HttpRequest request, FormDefinition form, String submissionId,
                                                     Map<String, String> headers) {
        return accepted(form, submissionId, headers, request.wantsJson());
    }

    private static APIGatewayV2HTTPResponse accepted(FormDefinition form, String submissionId, Map<String, String> headers,
                                                     boolean json) {
        if (!json) {
            return HttpResponses.seeOther(form.thankYouUrl(), headers);
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("submissionId", submissionId);
        return HttpResponses.json(202, body, headers);
    }

    /** From the Idempotency-Key header, or a hidden {@code _idempotency_key} field for plain HTML forms. */
    private static IdempotencyKey idempotencyKey(HttpRequest request, FormDefinition form, FormFields fields, byte[] body) {
        String key = request.header("idempotency-key");
        if (key == null) {
            List<String> hidden = fields.asMap().get("_idempotency_key");
            key = hidden == null || hidden.isEmpty() ? null : hidden.get(0);
        }
        if (key == null || key.isBlank()) {
            return null;
        }
        if (key.length() > IdempotencyKey.MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new ApiException(400, "invalid_idempotency_key",
                    "Idempotency-Key must be 1 to " + IdempotencyKey.MAX_LENGTH + " visible ASCII characters.");
        }
        String requestHash = IdempotencyKey.sha256Hex(concat(
                (form.id() + "\n" + request.mediaType() + "\n").getBytes(StandardCharsets.UTF_8), body));
        return new IdempotencyKey("form:" + form.id(), key, requestHash);
    }

    /**
     * The key of a browser's form post that carries none: the form, the client (salted IP hash and
     * User-Agent) and every field as posted except a bot-check token, for {@link #RESUBMIT_WINDOW}.
     * A resubmit after a lost answer (reload, or back and send again) is answered as the first post
     * instead of recording the interaction twice; the same person sending the very same form twice
     * within the window is recorded once. Fields rather than raw bytes, because a browser sending a
     * multipart form again draws a new boundary.
     */
    static IdempotencyKey resubmitKey(HttpRequest request, FormDefinition form, FormFields fields, String ipHash) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(ipHash).append('\n').append(request.header("user-agent")).append('\n');
        new TreeMap<>(fields.asMap()).forEach((name, values) -> {
            if (!Captcha.Provider.isTokenField(name)) {
                values.forEach(v -> canonical.append(name).append('=').append(v).append('\u0000'));
            }
        });
        return new IdempotencyKey("form:" + form.id() + ":resubmit", IdempotencyKey.sha256Hex(canonical.toString()),
                null, RESUBMIT_WINDOW);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static final String PRIMING_FORM = "demo";
    /** Addresses of the reserved example domain: no lead of a real person shares them. */
    private static final String PRIMING_JSON = "{\"email\": \"snapstart.priming@example.com\", \"firstName\": \"Jana\","
            + " \"lastName\": \"Schäfer\", \"company\": \"Beispiel GmbH\", \"jobTitle\": \"Leiterin Einkauf\","
            + " \"companySize\": \"51-250\", \"country\": \"Deutschland\", \"phone\": \"+49 30 1234567\","
            + " \"message\": \"Bitte um eine Demo.\", \"consent\": true, \"utm_source\": \"linkedin\","
            + " \"utm_medium\": \"paid_social\", \"gclid\": \"priming\", \"landing_page\": \"https://www.example.com/demo\"}";
    private static final String PRIMING_URLENCODED = "email=snapstart.priming%40example.com&vorname=Jana&nachname=Sch%C3%A4fer"
            + "&telefon=030+1234567&einwilligung=on&utm_source=newsletter";

    /** Logging is set up on first use, so the Lambda constructor can overlap it with the other start-up work. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(FormCaptureHandler.class);
    }

    /** Start-up work of the Lambda constructor, started together and joined when the handler is built. */
    private static final class Startup {
        final CompletableFuture<FormCatalog> forms = CompletableFuture.supplyAsync(FormCatalog::bundled);
        final CompletableFuture<FreeMailDomains> freeMail = CompletableFuture.supplyAsync(FreeMailDomains::bundled);
        /** On a thread of its own: the SDK client and its first request are the longest part. */
        final CompletableFuture<LeadStore> store = CompletableFuture.supplyAsync(LeadStore::fromEnvironment,
                task -> Thread.ofPlatform().name("startup-store").daemon().start(task));
        final CompletableFuture<CaptureLead> capture = store.thenCombine(freeMail, (s, domains) ->
                UseCases.captureLead(s, domains, Clock.systemUTC()));
        final CompletableFuture<CaptureLead> primingCapture = store.thenCombine(freeMail, (s, domains) ->
                UseCases.primingCapture(s, domains, Clock.systemUTC()));

        static Startup begin() {
            // Logging first, before other threads ask for loggers (SLF4J would hand them stand-ins).
            Log.LOG.debug("starting");
            Startup s = new Startup();
            // The classes the first request loads besides, read from the jars on a thread of its own:
            // that request runs mostly on one core, so every class it finds loaded shortens it.
            ClassPreloader.start(FormCaptureHandler.class, FIRST_REQUEST_CLASSES);
            PhoneNumbers.toE164("+49 30 1234567", "DE");
            ApiHandler.primeFrame();
            new LeadMetrics().prime(); // the metrics singleton and EMF, before the handler's fields need them
            // While the store thread builds the SDK client: the sample post validated and normalised here.
            try {
                primeSubmission(s.forms.join(), s.freeMail.join());
            } catch (RuntimeException e) {
                // the first request meets it again and reports it
            }
            // Still while the store thread builds the client: the SDK types of the capture's requests,
            // whose set-up the first request would otherwise pay after the client is ready.
            CaptureStore.loadRequestTypes();
            AwsClients.prepareSigning();
            return s;
        }
    }

    /** The sample post of {@link #primeCapture} validated, normalised and made a new lead, in memory only. */
    private static void primeSubmission(FormCatalog forms, FreeMailDomains freeMail) {
        forms.find(PRIMING_FORM).filter(f -> f.captcha() == null).ifPresent(form -> {
            FormFields fields = FormBodyParser.parse("application/json", null, PRIMING_JSON.getBytes(StandardCharsets.UTF_8));
            Instant now = Instant.now();
            Submission submission = new SubmissionBuilder(freeMail).build(form, fields,
                    new CaptureContext(UUID.randomUUID().toString(), now, null, null));
            new LeadMerge(freeMail).create(UUID.randomUUID().toString(), submission, now);
        });
    }
}

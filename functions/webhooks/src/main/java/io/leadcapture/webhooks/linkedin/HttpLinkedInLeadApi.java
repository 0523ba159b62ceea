package io.leadcapture.webhooks.linkedin;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.PlatformHttp;
import io.leadcapture.webhooks.WebhookSecrets;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * LinkedIn's versioned Marketing API (its Lead Sync API documentation) over {@link PlatformHttp}:
 * {@code GET {LINKEDIN_API_URL}/rest/leadFormResponses/{id}} and {@code GET …/rest/leadForms/{id}}
 * with {@code Authorization: Bearer}, {@code LinkedIn-Version: YYYYMM} and
 * {@code X-Restli-Protocol-Version: 2.0.0}. Connect and per-attempt timeouts, bounded retries with
 * short backoff for 5xx, 429, timeouts and connection failures; every other answer fails at once. The
 * token is read per call (SSM-cached in AWS) and never logged.
 */
public final class HttpLinkedInLeadApi implements LinkedInLeadApi {
    public static final String DEFAULT_URL = "https://api.linkedin.com";
    /**
     * The {@code LinkedIn-Version} sent when {@code LINKEDIN_VERSION} is not set. LinkedIn sunsets
     * versions about a year after release; keep this (or the variable) on a supported month.
     */
    public static final String DEFAULT_VERSION = "202601";
    private static final Pattern VERSION = Pattern.compile("\\d{6}(\\.\\d{2})?");
    private static final Pattern RESPONSE_ID = Pattern.compile("[A-Za-z0-9_.~-]{1,128}");
    private static final Pattern FORM_ID = Pattern.compile("\\d{1,20}");

    private final String base;
    private final String version;
    private final Supplier<String> accessToken;
    private final PlatformHttp http;

    public HttpLinkedInLeadApi(URI apiUrl, String linkedInVersion, Supplier<String> accessToken, FetchLimits limits) {
        Objects.requireNonNull(apiUrl, "apiUrl");
        if (linkedInVersion == null || !VERSION.matcher(linkedInVersion).matches()) {
            throw new IllegalArgumentException("LINKEDIN_VERSION must look like 202601");
        }
        this.base = PlatformHttp.base(apiUrl, "LINKEDIN_API_URL");
        this.version = linkedInVersion;
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        // LinkedIn flags no error as transient: only 5xx, 429, timeouts and connection failures are retried.
        this.http = new PlatformHttp("LinkedIn", limits, body -> new PlatformHttp.ErrorBody(errorSummary(body), false),
                Unavailable::new, LoggerFactory.getLogger(HttpLinkedInLeadApi.class));
    }

    /**
     * {@code LINKEDIN_API_URL} (default {@value #DEFAULT_URL}), {@code LINKEDIN_VERSION} (default
     * {@value #DEFAULT_VERSION}) and {@code LINKEDIN_ACCESS_TOKEN} (read per fetch).
     */
    public static HttpLinkedInLeadApi fromSecrets(WebhookSecrets secrets) {
        return new HttpLinkedInLeadApi(URI.create(secrets.find("LINKEDIN_API_URL").orElse(DEFAULT_URL)),
                secrets.find("LINKEDIN_VERSION").orElse(DEFAULT_VERSION),
                () -> secrets.require("LINKEDIN_ACCESS_TOKEN"), FetchLimits.DEFAULT);
    }

    @Override
    public JsonNode formResponse(String responseId, long deadlineNanos) {
        if (responseId == null || !RESPONSE_ID.matcher(responseId).matches()) {
            throw new Unavailable("not a lead form response id");
        }
        return get("/rest/leadFormResponses/" + responseId, "form response " + responseId, deadlineNanos);
    }

    @Override
    public JsonNode form(String formId, long deadlineNanos) {
        if (formId == null || !FORM_ID.matcher(formId).matches()) {
            throw new Unavailable("not a lead form id");
        }
        return get("/rest/leadForms/" + formId, "form " + formId, deadlineNanos);
    }

    private JsonNode get(String path, String what, long deadlineNanos) {
        String token = http.token(accessToken, "LINKEDIN_ACCESS_TOKEN");
        return http.getObject(URI.create(base + path), what, deadlineNanos,
                "authorization", "Bearer " + token,
                "linkedin-version", version,
                "x-restli-protocol-version", "2.0.0");
    }

    /** LinkedIn's error body names a service error code and a code word; the message text is not logged. */
    private static String errorSummary(byte[] body) {
        try {
            JsonNode e = Json.MAPPER.readTree(body);
            String service = e.path("serviceErrorCode").asText(null);
            String code = e.path("code").asText(null);
            return service == null && code == null ? "" : "(serviceErrorCode " + service + ", code " + code + ")";
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }
}

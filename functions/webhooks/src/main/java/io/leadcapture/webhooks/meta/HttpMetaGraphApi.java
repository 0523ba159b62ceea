package io.leadcapture.webhooks.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import io.leadcapture.webhooks.FetchLimits;
import io.leadcapture.webhooks.PlatformHttp;
import io.leadcapture.webhooks.WebhookSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * {@code GET {META_GRAPH_URL}/{META_GRAPH_VERSION}/{leadgen_id}?fields=…&access_token=…}
 * (Meta's "Retrieving Leads" guide) over {@link PlatformHttp}: connect and per-attempt timeouts,
 * bounded retries with short backoff for 5xx, 429, timeouts, connection failures and Graph errors
 * flagged {@code is_transient}; every other answer fails at once. The access token is read per call
 * (SSM-cached in AWS) and never logged: log lines name the leadgen id, the HTTP status and the Graph
 * error code only.
 */
public final class HttpMetaGraphApi implements MetaGraphApi {
    public static final String DEFAULT_URL = "https://graph.facebook.com";
    /** The version of Meta's current "Retrieving Leads" example; {@code META_GRAPH_VERSION} overrides it. */
    public static final String DEFAULT_VERSION = "v25.0";
    /** The lead fields the adapter records; all are fields of the Lead object in Meta's Java Business SDK. */
    static final String FIELDS = "id,created_time,ad_id,adset_id,campaign_id,form_id,is_organic,field_data,"
            + "custom_disclaimer_responses";
    private static final Pattern VERSION = Pattern.compile("v\\d{1,3}\\.\\d{1,2}");
    private static final Pattern LEADGEN_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private final String base;
    private final String version;
    private final Supplier<String> accessToken;
    private final PlatformHttp http;

    public HttpMetaGraphApi(URI graphUrl, String version, Supplier<String> accessToken, FetchLimits limits) {
        Objects.requireNonNull(graphUrl, "graphUrl");
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("META_GRAPH_VERSION must look like v25.0");
        }
        this.base = PlatformHttp.base(graphUrl, "META_GRAPH_URL");
        this.version = version;
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
        this.http = new PlatformHttp("Graph API", limits, body -> {
            GraphError error = GraphError.of(body);
            return new PlatformHttp.ErrorBody(error.toString(), error.transientFlag());
        }, Unavailable::new, LoggerFactory.getLogger(HttpMetaGraphApi.class));
    }

    /**
     * {@code META_GRAPH_URL} (default {@value #DEFAULT_URL}), {@code META_GRAPH_VERSION} (default
     * {@value #DEFAULT_VERSION}) and {@code META_ACCESS_TOKEN} (read when a lead is fetched, so a
     * rotated token is picked up and a missing one is a retryable 503, not a failed start).
     */
    public static HttpMetaGraphApi fromSecrets(WebhookSecrets secrets) {
        return new HttpMetaGraphApi(URI.create(secrets.find("META_GRAPH_URL").orElse(DEFAULT_URL)),
                secrets.find("META_GRAPH_VERSION").orElse(DEFAULT_VERSION),
                () -> secrets.require("META_ACCESS_TOKEN"), FetchLimits.DEFAULT);
    }

    @Override
    public JsonNode lead(String leadgenId, long deadlineNanos) {
        if (leadgenId == null || !LEADGEN_ID.matcher(leadgenId).matches()) {
            throw new Unavailable("leadgen id is not a Graph object id");
        }
        String token = http.token(accessToken, "META_ACCESS_TOKEN");
        URI uri = URI.create(base + "/" + version + "/" + leadgenId + "?fields=" + encode(FIELDS)
                + "&access_token=" + encode(token));
        return http.getObject(uri, "lead " + leadgenId, deadlineNanos);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The {@code error} object of a Graph API failure: code, subcode and the is_transient flag, no message text. */
    record GraphError(String type, String code, String subcode, boolean transientFlag) {
        static GraphError of(byte[] body) {
            try {
                JsonNode e = Json.MAPPER.readTree(body).path("error");
                return new GraphError(e.path("type").asText(null), e.path("code").asText(null),
                        e.path("error_subcode").asText(null), e.path("is_transient").asBoolean(false));
            } catch (IOException | RuntimeException ex) {
                return new GraphError(null, null, null, false);
            }
        }

        @Override
        public String toString() {
            return code == null ? "(no Graph error)" : "Graph error " + type + " code " + code
                    + (subcode == null ? "" : " subcode " + subcode) + (transientFlag ? " transient" : "");
        }
    }
}

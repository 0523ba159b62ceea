package io.leadcapture.webhooks.meta;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.webhooks.PlatformUnavailableException;

/**
 * The outbound side of the Meta adapter: reads one lead from the Graph API. The webhook carries no
 * answers and no personal data, only ids (Meta's Lead Ads webhook guide: the lead is fetched by its
 * {@code leadgen_id}). {@link HttpMetaGraphApi} is the implementation over {@code java.net.http}.
 */
public interface MetaGraphApi {

    /**
     * The lead object ({@code id, created_time, ad_id, adset_id, campaign_id, form_id, is_organic,
     * field_data, custom_disclaimer_responses}).
     *
     * @param deadlineNanos {@link System#nanoTime()} after which no further attempt is started
     * @throws Unavailable the lead could not be read now (after the bounded retries, or at once for a
     *                     non-retryable answer); the webhook must be redelivered
     */
    JsonNode lead(String leadgenId, long deadlineNanos);

    /** The Graph API did not hand out the lead; nothing about it may be assumed. Never carries a token. */
    final class Unavailable extends PlatformUnavailableException {
        public Unavailable(String message) {
            super(message);
        }
    }
}

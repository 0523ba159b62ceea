package io.leadcapture.webhooks.zoom;

import io.leadcapture.webhooks.Signatures;
import java.time.Duration;
import java.time.Instant;

/**
 * Zoom's webhook signature scheme (docs: developers.zoom.us/docs/api/webhooks, "Verify webhook
 * events"): {@code x-zm-signature = "v0=" + hex(HMAC-SHA256(secret token, "v0:" + x-zm-request-timestamp
 * + ":" + raw body))}, and the URL-validation answer {@code encryptedToken = hex(HMAC-SHA256(secret
 * token, plainToken))}. Always over the raw body bytes, never over re-serialised JSON.
 */
public final class ZoomSignatures {
    /** Zoom documents no tolerance; 5 minutes either way, as webhooks.fyi's sample does. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private ZoomSignatures() {
    }

    /** The {@code x-zm-signature} value Zoom sends for this timestamp header and raw body. */
    public static String signature(String secretToken, String timestampHeader, byte[] rawBody) {
        return "v0=" + Signatures.hmacSha256Hex(secretToken, Signatures.utf8("v0:" + timestampHeader + ":"), rawBody);
    }

    /** The {@code encryptedToken} of the {@code endpoint.url_validation} answer. */
    public static String encryptedToken(String secretToken, String plainToken) {
        return Signatures.hmacSha256Hex(secretToken, Signatures.utf8(plainToken));
    }

    /** Why a request is not authentic, or null when it is. */
    public static String problem(String secretToken, String signatureHeader, String timestampHeader, byte[] rawBody,
                                 Instant now) {
        if (signatureHeader == null || signatureHeader.isBlank() || timestampHeader == null || timestampHeader.isBlank()) {
            return "missing_signature";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return "invalid_timestamp";
        }
        long nowSeconds = now.getEpochSecond();
        long skew = MAX_CLOCK_SKEW.toSeconds();
        if (seconds < nowSeconds - skew || seconds > nowSeconds + skew) {
            return "timestamp_out_of_range";
        }
        // The signature is computed before the comparison's outcome is used, over the header exactly as sent.
        String expected = signature(secretToken, timestampHeader, rawBody);
        return Signatures.constantTimeEquals(expected, signatureHeader.strip()) ? null : "invalid_signature";
    }
}

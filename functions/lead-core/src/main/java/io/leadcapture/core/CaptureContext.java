package io.leadcapture.core;

import java.time.Instant;

/**
 * Facts about the request that are not form fields.
 *
 * @param ipHash   salted hash of the client IP, evidence for the consent record
 * @param referer  the Referer header: the page the form was posted from
 */
public record CaptureContext(String interactionId, Instant occurredAt, String ipHash, String referer) {
}

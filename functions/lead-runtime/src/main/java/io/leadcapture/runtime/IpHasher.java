package io.leadcapture.runtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salted, keyed hash of a client IP for the consent record: proves which connection gave consent
 * when compared with a known IP, without storing the IP itself.
 */
public final class IpHasher {
    private final SecretKeySpec key;

    public IpHasher(String salt) {
        if (salt == null || salt.length() < 16) {
            throw new IllegalArgumentException("IP hash salt must be at least 16 characters");
        }
        this.key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(ip.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

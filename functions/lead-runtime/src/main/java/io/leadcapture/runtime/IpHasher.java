package io.leadcapture.runtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Salted, keyed hash of a client IP for the consent record: proves which connection gave consent
 * when compared with a known IP, without storing the IP itself.
 *
 * <p>The salt is configured as {@code <saltId>:<salt>} ({@code IP_HASH_SALT}, in AWS an SSM
 * SecureString named by {@code IP_HASH_SALT_PARAMETER}). Each hash names the salt it was made with,
 * {@code hmac-sha256:<saltId>:<64 hex digits>}, so hashes from before a rotation stay recognisable:
 * comparing a known IP needs the salt of that id.
 */
public final class IpHasher {
    public static final String SALT = "IP_HASH_SALT";
    private static final Pattern SALT_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final String saltId;
    private final SecretKeySpec key;

    /** @param configured {@code <saltId>:<salt>}, the salt at least 16 characters */
    public IpHasher(String configured) {
        if (configured == null) {
            throw new IllegalArgumentException("IP hash salt is not configured");
        }
        String value = configured.strip();
        int colon = value.indexOf(':');
        String id = colon < 0 ? "" : value.substring(0, colon);
        String salt = value.substring(colon + 1);
        if (!SALT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("IP hash salt must be <saltId>:<salt>, the id 1 to 32 characters of A-Z a-z 0-9 _ -");
        }
        if (salt.length() < 16) {
            throw new IllegalArgumentException("IP hash salt must be at least 16 characters");
        }
        this.saltId = id;
        this.key = new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** From {@code IP_HASH_SALT}, or the SSM SecureString {@code IP_HASH_SALT_PARAMETER} names. */
    public static IpHasher fromSecrets(Secrets secrets) {
        return new IpHasher(secrets.require(SALT));
    }

    public String saltId() {
        return saltId;
    }

    public String hash(String ip) {
        if (ip == null || ip.isBlank()) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "hmac-sha256:" + saltId + ":"
                    + HexFormat.of().formatHex(mac.doFinal(ip.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.leadcapture.runtime;

import io.leadcapture.core.notify.TokenKeys;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The consent-token keys from configuration, read through {@link Secrets} (the value itself locally,
 * an SSM SecureString named by {@code NAME_PARAMETER} in AWS):
 * <ul>
 *   <li>{@code CONSENT_TOKEN_KEY} — {@code <keyId>:<secret>}, signs new tokens and verifies;</li>
 *   <li>{@code CONSENT_TOKEN_PREVIOUS_KEY} — optional, the key before the last rotation, verifies only;</li>
 *   <li>{@code CONSENT_TOKEN_PREVIOUS_KEY_VALID_UNTIL} — with a previous key: the ISO-8601 instant
 *       from which its tokens are refused (not a secret: a plain variable).</li>
 * </ul>
 * Read again at each use (SSM values are cached for minutes), so a rotation needs no deploy.
 */
public final class ConsentTokenKeys implements Supplier<TokenKeys> {
    public static final String KEY = "CONSENT_TOKEN_KEY";
    public static final String PREVIOUS_KEY = "CONSENT_TOKEN_PREVIOUS_KEY";
    public static final String PREVIOUS_KEY_VALID_UNTIL = "CONSENT_TOKEN_PREVIOUS_KEY_VALID_UNTIL";

    private final Secrets secrets;
    private volatile Parsed parsed;

    private record Parsed(List<Optional<String>> raw, TokenKeys keys) {
    }

    public ConsentTokenKeys(Secrets secrets) {
        this.secrets = secrets;
        get(); // a missing or malformed key fails the start, not the first mail
    }

    public static ConsentTokenKeys fromEnvironment() {
        return new ConsentTokenKeys(Secrets.fromEnvironment());
    }

    @Override
    public TokenKeys get() {
        List<Optional<String>> raw = List.of(Optional.of(secrets.require(KEY)), secrets.find(PREVIOUS_KEY),
                secrets.find(PREVIOUS_KEY_VALID_UNTIL));
        Parsed p = parsed;
        if (p == null || !p.raw().equals(raw)) {
            p = new Parsed(raw, TokenKeys.parse(raw.get(0).orElseThrow(), raw.get(1), raw.get(2)));
            parsed = p;
        }
        return p.keys();
    }
}

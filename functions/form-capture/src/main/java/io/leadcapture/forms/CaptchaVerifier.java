package io.leadcapture.forms;

import io.leadcapture.core.Captcha;
import java.util.List;

/**
 * Asks a bot-check provider whether a widget's token is genuine: the siteverify protocol Turnstile,
 * reCAPTCHA and hCaptcha share (POST {@code secret}, {@code response}, {@code remoteip}; JSON
 * {@code success}, {@code hostname}, {@code action}, {@code error-codes}).
 */
public interface CaptchaVerifier {

    /**
     * The provider's verdict on {@code token}.
     *
     * @param remoteIp the client's address, passed on for the provider's own checks (may be null)
     * @throws CaptchaUnavailableException the provider could not be asked, or gave no readable answer
     */
    Verdict verify(Captcha.Provider provider, String token, String remoteIp);

    /** What siteverify said: whether the token is genuine, where and for which action it was solved, and why not. */
    record Verdict(boolean success, String hostname, String action, List<String> errorCodes) {
        public Verdict {
            errorCodes = List.copyOf(errorCodes == null ? List.of() : errorCodes);
        }
    }

    /** No provider to ask: every check is unavailable, so a form that requires one follows its captchaUnavailable policy. */
    CaptchaVerifier NONE = (provider, token, remoteIp) -> {
        throw new CaptchaUnavailableException("no bot-check verifier is configured");
    };
}

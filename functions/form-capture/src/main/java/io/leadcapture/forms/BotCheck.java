package io.leadcapture.forms;

import io.leadcapture.core.Captcha;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import java.util.List;

/**
 * The bot check of a form that requires one: the provider's token from its standard field, verified
 * by the provider, for a host among the form's allowed origins and, when the form names one, for
 * its widget action. Decides only; the handler answers.
 */
final class BotCheck {
    /** Longer than any provider's token (Turnstile's are at most 2,048 characters): not sent on. */
    static final int MAX_TOKEN_LENGTH = 8192;

    enum Outcome { PASSED, FAILED, UNAVAILABLE }

    /** @param reason why, for the log: never the token */
    record Result(Outcome outcome, String reason) {
    }

    private final CaptchaVerifier verifier;

    BotCheck(CaptchaVerifier verifier) {
        this.verifier = verifier;
    }

    Result check(FormDefinition form, FormFields fields, String remoteIp) {
        Captcha captcha = form.captcha();
        if (captcha == null) {
            return new Result(Outcome.PASSED, "no bot check required");
        }
        String field = captcha.provider().tokenField();
        String token = firstValue(fields.asMap().get(field));
        if (token == null) {
            return new Result(Outcome.FAILED, "no " + field);
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return new Result(Outcome.FAILED, field + " longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        CaptchaVerifier.Verdict verdict;
        try {
            verdict = verifier.verify(captcha.provider(), token, remoteIp);
        } catch (CaptchaUnavailableException e) {
            return new Result(Outcome.UNAVAILABLE, e.getMessage());
        }
        if (!verdict.success()) {
            return new Result(Outcome.FAILED, "refused by " + captcha.provider().wireName() + " " + verdict.errorCodes());
        }
        if (!form.allowsHostname(verdict.hostname())) {
            return new Result(Outcome.FAILED, "solved on " + verdict.hostname() + ", not on an allowed origin");
        }
        if (captcha.action() != null && !captcha.action().equals(verdict.action())) {
            return new Result(Outcome.FAILED, "solved for action '" + verdict.action() + "', not '" + captcha.action() + "'");
        }
        return new Result(Outcome.PASSED, "verified by " + captcha.provider().wireName());
    }

    private static String firstValue(List<String> values) {
        if (values == null) {
            return null;
        }
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.strip();
            }
        }
        return null;
    }
}

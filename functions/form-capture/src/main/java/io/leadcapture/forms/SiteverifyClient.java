package io.leadcapture.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.Captcha;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@link CaptchaVerifier} over {@code java.net.http}: one form-encoded POST to the siteverify endpoint,
 * answered within a short timeout or counted as unavailable. One attempt only: a token verifies once,
 * so a retry after a lost answer would be refused as a duplicate.
 */
public final class SiteverifyClient implements CaptchaVerifier {
    /** The whole exchange; the store's own time budget follows within the function's 10 s. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final URI verifyUrl;
    private final Supplier<String> secret;
    private final Duration timeout;
    private HttpClient http;

    /**
     * @param verifyUrl the siteverify endpoint for every provider, or null for each provider's own
     * @param secret    the provider secret, asked for per verification (SSM-cached in AWS, so a rotated
     *                  secret is picked up, and one that cannot be read is an unavailable provider)
     */
    public SiteverifyClient(URI verifyUrl, Supplier<String> secret) {
        this(verifyUrl, secret, TIMEOUT);
    }

    SiteverifyClient(URI verifyUrl, Supplier<String> secret, Duration timeout) {
        if (verifyUrl != null && !"https".equals(verifyUrl.getScheme()) && !"http".equals(verifyUrl.getScheme())) {
            throw new IllegalArgumentException("CAPTCHA_VERIFY_URL must be an http(s) URL");
        }
        this.verifyUrl = verifyUrl;
        this.secret = secret;
        this.timeout = timeout;
    }

    /**
     * {@code CAPTCHA_VERIFY_URL} (unset: the provider's own endpoint) and the secret {@code CAPTCHA_SECRET}
     * (or the SSM SecureString {@code CAPTCHA_SECRET_PARAMETER} names).
     */
    public static SiteverifyClient fromEnvironment(Secrets secrets) {
        String url = Env.optional("CAPTCHA_VERIFY_URL", null);
        return new SiteverifyClient(url == null ? null : URI.create(url.strip()), () -> secrets.require("CAPTCHA_SECRET"));
    }

    /** Each provider's documented siteverify endpoint. */
    static URI providerEndpoint(Captcha.Provider provider) {
        return URI.create(switch (provider) {
            case TURNSTILE -> "https://challenges.cloudflare.com/turnstile/v0/siteverify";
            case RECAPTCHA -> "https://www.google.com/recaptcha/api/siteverify";
            case HCAPTCHA -> "https://api.hcaptcha.com/siteverify";
        });
    }

    @Override
    public Verdict verify(Captcha.Provider provider, String token, String remoteIp) {
        String key;
        try {
            key = secret.get();
        } catch (RuntimeException e) {
            // The exception text may name a parameter, never a value.
            throw new CaptchaUnavailableException("the bot-check secret is not available: " + e.getMessage());
        }
        String form = "secret=" + encode(key) + "&response=" + encode(token)
                + (remoteIp == null || remoteIp.isBlank() ? "" : "&remoteip=" + encode(remoteIp));
        HttpRequest request = HttpRequest.newBuilder(verifyUrl != null ? verifyUrl : providerEndpoint(provider))
                .timeout(timeout)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        CompletableFuture<HttpResponse<byte[]>> call = http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new CaptchaUnavailableException(provider.wireName() + " siteverify did not answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new CaptchaUnavailableException(provider.wireName() + " siteverify failed: "
                    + (e.getCause() == null ? "unknown" : e.getCause().getClass().getSimpleName()));
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new CaptchaUnavailableException(provider.wireName() + " siteverify interrupted");
        }
        if (response.statusCode() != 200) {
            throw new CaptchaUnavailableException(provider.wireName() + " siteverify answered " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.path("success").isBoolean()) {
            throw new CaptchaUnavailableException(provider.wireName() + " siteverify answered without a success flag");
        }
        List<String> codes = new ArrayList<>();
        answer.path("error-codes").forEach(c -> codes.add(c.asText()));
        return new Verdict(answer.path("success").booleanValue(), text(answer.path("hostname")),
                text(answer.path("action")), codes);
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Built on first use: forms without a bot check never pay for it. */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }
}

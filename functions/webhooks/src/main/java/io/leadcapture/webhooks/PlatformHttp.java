package io.leadcapture.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One JSON object read from a platform's lead API over {@code java.net.http}, as the Meta and
 * LinkedIn adapters need it: connect and per-attempt timeouts, bounded retries with short backoff
 * for 5xx, 429, timeouts, connection failures and errors the platform flags as transient; every
 * other answer fails at once. No attempt starts after the delivery's deadline. Log lines name what
 * was fetched, the HTTP status and the platform's error codes only: never the URL (Meta's carries
 * the access token) nor an error message text.
 */
public final class PlatformHttp {
    /** What a platform's error body says that may be logged, and whether it asks to be retried. */
    public record ErrorBody(String summary, boolean transientFlag) {
    }

    private final String platform;
    private final FetchLimits limits;
    private final Function<byte[], ErrorBody> errors;
    private final Function<String, ? extends PlatformUnavailableException> unavailable;
    private final Logger log;
    private final HttpClient http;

    /**
     * @param platform    the API's name in log lines and failures ("Graph API", "LinkedIn")
     * @param errors      reads a non-200 body
     * @param unavailable the adapter's own {@link PlatformUnavailableException} for a message
     * @param log         the adapter's logger
     */
    public PlatformHttp(String platform, FetchLimits limits, Function<byte[], ErrorBody> errors,
                        Function<String, ? extends PlatformUnavailableException> unavailable, Logger log) {
        this.platform = platform;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.errors = errors;
        this.unavailable = unavailable;
        this.log = log;
        this.http = HttpClient.newBuilder()
                .connectTimeout(limits.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The URL without a trailing slash; {@code variable} names the setting when it is not http(s). */
    public static String base(URI url, String variable) {
        String scheme = url.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException(variable + " must be an http(s) URL");
        }
        String b = url.toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /**
     * The access token, read per call (SSM-cached in AWS, so a rotated token is picked up and a
     * missing one is a retryable 503, not a failed start).
     */
    public String token(Supplier<String> accessToken, String variable) {
        try {
            return accessToken.get();
        } catch (RuntimeException e) {
            throw unavailable.apply(variable + " is not available"); // the exception text may name a parameter, never a value
        }
    }

    /**
     * GET {@code uri}, answered 200 with a JSON object.
     *
     * @param what          what is fetched, for log lines ("lead 123", "form 7")
     * @param deadlineNanos {@link System#nanoTime()} after which no further attempt is started
     * @param headers       request headers as name, value pairs (besides {@code accept: application/json})
     */
    public JsonNode getObject(URI uri, String what, long deadlineNanos, String... headers) {
        String last = "no attempt";
        for (int attempt = 1; attempt <= limits.maxAttempts(); attempt++) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining < TimeUnit.MILLISECONDS.toNanos(50)) {
                throw unavailable.apply("deadline reached after " + (attempt - 1) + " attempt(s); last: " + last);
            }
            Duration timeout = Duration.ofNanos(Math.min(limits.attemptTimeout().toNanos(), remaining));
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri).GET().timeout(timeout);
            if (headers.length > 0) {
                builder.headers(headers);
            }
            HttpRequest request = builder.header("accept", "application/json").build();
            boolean retryable;
            CompletableFuture<HttpResponse<byte[]>> call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            try {
                HttpResponse<byte[]> response = call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                int status = response.statusCode();
                if (status == 200) {
                    try {
                        JsonNode node = Json.MAPPER.readTree(response.body());
                        if (node != null && node.isObject()) {
                            return node;
                        }
                        last = "200 without a JSON object";
                    } catch (IOException e) {
                        last = "200 with unreadable JSON";
                    }
                    retryable = true;
                } else {
                    ErrorBody error = errors.apply(response.body());
                    last = status + " " + error.summary();
                    retryable = status >= 500 || status == 429 || error.transientFlag();
                }
            } catch (TimeoutException e) {
                call.cancel(true);
                last = "timed out after " + timeout.toMillis() + " ms";
                retryable = true;
            } catch (ExecutionException e) {
                last = e.getCause() == null ? "failed" : e.getCause().getClass().getSimpleName();
                retryable = true;
            } catch (InterruptedException e) {
                call.cancel(true);
                Thread.currentThread().interrupt();
                throw unavailable.apply("interrupted");
            }
            log.info("{} {} attempt {}/{}: {}", platform, what, attempt, limits.maxAttempts(), last);
            if (!retryable) {
                throw unavailable.apply(platform + " answered " + last);
            }
            if (attempt < limits.maxAttempts() && !pause(attempt, deadlineNanos)) {
                break;
            }
        }
        throw unavailable.apply(platform + " failed " + limits.maxAttempts() + " attempt(s); last: " + last);
    }

    /** Backoff before the next attempt; false when the deadline leaves no room for one. */
    private boolean pause(int attempt, long deadlineNanos) {
        long base = limits.backoff().toNanos() << Math.min(attempt - 1, 6);
        long sleep = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        if (System.nanoTime() + sleep >= deadlineNanos) {
            return false;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(sleep);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

package io.leadcapture.runtime.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;

/**
 * SSM Parameter Store SecureStrings, read with decryption ({@code GetParameter}) and cached for five
 * minutes, so a rotated secret is picked up without a deploy. The call is SSM's JSON API signed with
 * the SDK's own SigV4 signer, credentials and HTTP client rather than the generated SSM client, whose
 * model classes would add about 3.4 MB to a deployment zip that must stay under 10 MB
 * (docs/benchmarks.md). The endpoint follows {@code AWS_ENDPOINT_URL_SSM} and {@code AWS_ENDPOINT_URL}
 * as the SDK's clients do, so the same code reads from AWS, moto or LocalStack. Nothing is read or
 * built before the first parameter is asked for.
 */
public final class SsmParameters implements Function<String, String> {
    static final Duration CACHE_FOR = Duration.ofMinutes(5);

    private final URI endpoint;
    private final Region region;
    private final Supplier<AwsCredentialsProvider> credentialsSource;
    private final Supplier<SdkHttpClient> httpSource;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private AwsCredentialsProvider credentials;
    private SdkHttpClient http;

    private record Cached(String value, Instant until) {
    }

    public SsmParameters(URI endpoint, Region region, Supplier<AwsCredentialsProvider> credentials,
                         Supplier<SdkHttpClient> http, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.region = Objects.requireNonNull(region, "region");
        this.credentialsSource = credentials;
        this.httpSource = http;
        this.clock = clock;
    }

    /** The region, credentials and HTTP client every function's SDK clients use (AwsClients). */
    public static SsmParameters fromEnvironment() {
        Region region = AwsClients.region();
        return new SsmParameters(endpoint(region), region, AwsClients::credentials, AwsClients::httpClient,
                Clock.systemUTC());
    }

    static URI endpoint(Region region) {
        for (String variable : new String[] {"AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return URI.create(value.strip());
            }
        }
        String property = System.getProperty("aws.endpointUrl");
        if (property != null && !property.isBlank()) {
            return URI.create(property.strip());
        }
        return URI.create("https://ssm." + region.id() + ".amazonaws.com");
    }

    /**
     * The decrypted value of the parameter {@code name}.
     *
     * @throws IllegalStateException the parameter could not be read; the message names the parameter
     *                               and SSM's error type, never a value
     */
    @Override
    public String apply(String name) {
        Cached cached = cache.get(name);
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.until())) {
            return cached.value();
        }
        String value = read(name);
        cache.put(name, new Cached(value, now.plus(CACHE_FOR)));
        return value;
    }

    private String read(String name) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("Name", name);
        request.put("WithDecryption", true);
        byte[] body = Json.write(request).getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint)
                .encodedPath("/")
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AmazonSSM.GetParameter")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials().resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ssm")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        try {
            HttpExecuteResponse response = http().prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(signed.payload().orElse(null))
                    .build()).call();
            JsonNode answer = readJson(response);
            int status = response.httpResponse().statusCode();
            if (status != 200) {
                // SSM names the error in __type ("ParameterNotFound", "AccessDeniedException"): never a value.
                String type = answer.path("__type").asText("unknown error");
                throw new IllegalStateException("SSM parameter " + name + " could not be read: " + status + " "
                        + type.substring(type.indexOf('#') + 1));
            }
            JsonNode value = answer.path("Parameter").path("Value");
            if (!value.isTextual()) {
                throw new IllegalStateException("SSM parameter " + name + " could not be read: no value in the answer");
            }
            return value.asText();
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("SSM parameter " + name + " could not be read: " + e.getClass().getSimpleName());
        }
    }

    private static JsonNode readJson(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return Json.MAPPER.missingNode();
        }
        try (InputStream in = response.responseBody().get()) {
            byte[] bytes = in.readAllBytes();
            try {
                JsonNode node = Json.MAPPER.readTree(bytes);
                return node == null ? Json.MAPPER.missingNode() : node;
            } catch (IOException notJson) {
                return Json.MAPPER.missingNode();
            }
        }
    }

    private synchronized AwsCredentialsProvider credentials() {
        if (credentials == null) {
            credentials = credentialsSource.get();
        }
        return credentials;
    }

    private synchronized SdkHttpClient http() {
        if (http == null) {
            http = httpSource.get();
        }
        return http;
    }
}

package io.leadcapture.runtime.aws;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * SDK clients as every function builds them: the small URLConnection HTTP client, the region and
 * credentials from the Lambda environment, and timeouts short enough that a slow DynamoDB turns into
 * a retryable 503 well before API Gateway's 30 s limit. Endpoints come from {@code AWS_ENDPOINT_URL}
 * and its per-service variants, so the same code talks to AWS, moto or LocalStack.
 */
public final class AwsClients {
    /** The longest one SDK call may take, its retries included; a capture's deadline may shorten it. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(6);
    /** The longest one try of a call may take. */
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    private AwsClients() {
    }

    /**
     * The DynamoDB client; its HTTP client is built on a thread of its own meanwhile (TLS set-up reads
     * the JDK's trust store, about a third of the client's start-up), so the two overlap.
     */
    public static DynamoDbClient dynamoDb() {
        return DynamoDbClient.builder()
                .httpClient(httpClientBuiltAside())
                .region(region())
                .credentialsProvider(credentials())
                .overrideConfiguration(overrides())
                .build();
    }

    /** The HTTP client every function uses: URLConnection (small, quick to start), short timeouts. */
    public static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(3))
                .build();
    }

    /**
     * {@link #httpClient()} built on a new thread; a request waits for it if it is not ready yet. The
     * SDK asks a client only for its name while it builds.
     */
    static SdkHttpClient httpClientBuiltAside() {
        CompletableFuture<SdkHttpClient> built = new CompletableFuture<>();
        Thread.ofPlatform().name("startup-http-client").daemon().start(() -> {
            try {
                built.complete(httpClient());
            } catch (Throwable t) {
                built.completeExceptionally(t);
            }
        });
        return new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                return built.join().prepareRequest(request);
            }

            @Override
            public String clientName() {
                return "UrlConnection";
            }

            @Override
            public void close() {
                built.thenAccept(SdkHttpClient::close);
            }
        };
    }

    /**
     * SigV4 set up without a request: a request that is never sent is signed with a throwaway
     * identity (hashing, HMAC, the signer's classes). For a start-up thread that would otherwise wait
     * for the SDK client, so the first real request does not pay for it alone.
     */
    public static void prepareSigning() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("AKIDSTARTUPONLY", "startup-only"))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("https://dynamodb.invalid/"))
                        .putHeader("Content-Type", "application/x-amz-json-1.0")
                        .putHeader("Content-Length", Integer.toString(body.length)).build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region().id()));
    }

    public static ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.STANDARD)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .build();
    }

    public static Region region() {
        String r = System.getenv("AWS_REGION");
        return Region.of(r == null || r.isBlank() ? "eu-central-1" : r);
    }

    /**
     * The credentials of every client of the function, one provider shared by all of them, renewed by
     * {@link #afterRestore}.
     */
    public static AwsCredentialsProvider credentials() {
        return RestorableCredentials.INSTANCE;
    }

    /**
     * After a SnapStart restore: credentials resolved before the snapshot (cached by the default
     * chain, which SnapStart functions use: Lambda gives them no key variables) are dropped, so each
     * restored environment resolves its own on first use. Connections need nothing: the URLConnection
     * client keeps no pool, and the JDK's keep-alive cache never hands out a connection idle for
     * longer than 5 s, so a restored environment opens its own.
     */
    public static void afterRestore() {
        RestorableCredentials.INSTANCE.renew();
    }

    private static AwsCredentialsProvider newCredentials() {
        // Lambda provides credentials in the environment (SnapStart: through the container endpoint,
        // which the default chain reads); fall back to the default chain elsewhere.
        return System.getenv("AWS_ACCESS_KEY_ID") != null
                ? EnvironmentVariableCredentialsProvider.create()
                : DefaultCredentialsProvider.builder().build();
    }

    /** Delegates to a provider that {@link #renew} replaces. */
    private static final class RestorableCredentials implements AwsCredentialsProvider {
        static final RestorableCredentials INSTANCE = new RestorableCredentials();

        private volatile AwsCredentialsProvider delegate = newCredentials();

        void renew() {
            AwsCredentialsProvider old = delegate;
            delegate = newCredentials();
            if (old instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // a provider's cache threads only
                }
            }
        }

        @Override
        public AwsCredentials resolveCredentials() {
            return delegate.resolveCredentials();
        }
    }
}

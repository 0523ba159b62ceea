package io.leadcapture.runtime.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.Secrets;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** SecureStrings read from moto over the wire, and the signed request itself against a local server. */
class SsmParametersTest {
    static URI moto;
    static SsmClient ssm;

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T09:00:00Z"));

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }
    }

    final TestClock clock = new TestClock();

    @BeforeAll
    static void emulator() {
        moto = MotoServer.endpoint();
        ssm = SsmClient.builder().endpointOverride(moto).region(LocalAws.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    SsmParameters parameters(URI endpoint, software.amazon.awssdk.auth.credentials.AwsCredentials credentials) {
        return new SsmParameters(endpoint, LocalAws.REGION, () -> StaticCredentialsProvider.create(credentials),
                AwsClients::httpClient, clock);
    }

    static String secureString(String value) {
        String name = "/lead-capture/test/" + UUID.randomUUID();
        ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.SECURE_STRING));
        return name;
    }

    @Test
    void readsTheDecryptedValueAndSecretsTrimsIt() {
        String name = secureString("0x4AAAAAAA-captcha-secret\n");
        SsmParameters p = parameters(moto, AwsBasicCredentials.create("test", "test"));

        assertThat(p.apply(name)).isEqualTo("0x4AAAAAAA-captcha-secret\n");
        Secrets secrets = new Secrets(Map.of("CAPTCHA_SECRET_PARAMETER", name)::get, p);
        assertThat(secrets.require("CAPTCHA_SECRET")).isEqualTo("0x4AAAAAAA-captcha-secret");
    }

    @Test
    void cachesForFiveMinutesThenReadsAgain() {
        String name = secureString("first");
        SsmParameters p = parameters(moto, AwsBasicCredentials.create("test", "test"));
        assertThat(p.apply(name)).isEqualTo("first");

        ssm.putParameter(r -> r.name(name).value("rotated").type(ParameterType.SECURE_STRING).overwrite(true));
        clock.advance(Duration.ofMinutes(4));
        assertThat(p.apply(name)).isEqualTo("first");
        clock.advance(Duration.ofMinutes(1));
        assertThat(p.apply(name)).isEqualTo("rotated");
    }

    @Test
    void aMissingParameterIsNamedWithSsmsErrorAndNoValue() {
        String name = "/lead-capture/test/missing-" + UUID.randomUUID();
        SsmParameters p = parameters(moto, AwsBasicCredentials.create("test", "test"));

        assertThatThrownBy(() -> p.apply(name)).isInstanceOf(IllegalStateException.class)
                .hasMessage("SSM parameter " + name + " could not be read: 400 ParameterNotFound");
    }

    @Test
    void anUnreachableEndpointIsAnIllegalStateNamingTheParameter() {
        SsmParameters p = parameters(URI.create("http://127.0.0.1:" + MotoServer.freePort()),
                AwsBasicCredentials.create("test", "test"));

        assertThatThrownBy(() -> p.apply("/lead-capture/captcha/secret")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("SSM parameter /lead-capture/captcha/secret could not be read: ");
    }

    @Test
    void theRequestIsSsmsGetParameterSignedForSsmInTheRegionWithTheSessionToken() throws Exception {
        Map<String, String> headers = new ConcurrentHashMap<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            try (ex) {
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
                body.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] answer = "{\"Parameter\":{\"Name\":\"/p\",\"Type\":\"SecureString\",\"Value\":\"v\",\"Version\":1}}"
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/x-amz-json-1.1");
                ex.sendResponseHeaders(200, answer.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(answer);
                }
            }
        });
        server.start();
        try {
            SsmParameters p = parameters(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                    AwsSessionCredentials.create("ASIAEXAMPLE", "secret-key", "session-token"));

            assertThat(p.apply("/p")).isEqualTo("v");
        } finally {
            server.stop(0);
        }
        JsonNode request = Json.MAPPER.readTree(body.get());
        assertThat(request.path("Name").asText()).isEqualTo("/p");
        assertThat(request.path("WithDecryption").asBoolean()).isTrue();
        assertThat(headers).containsEntry("x-amz-target", "AmazonSSM.GetParameter")
                .containsEntry("content-type", "application/x-amz-json-1.1")
                .containsEntry("x-amz-security-token", "session-token");
        assertThat(headers.get("authorization"))
                .matches("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/\\d{8}/eu-central-1/ssm/aws4_request, "
                        + "SignedHeaders=[a-z0-9;-]*, Signature=[0-9a-f]{64}")
                .contains("host;", "x-amz-date", "x-amz-security-token", "x-amz-target");
    }
}

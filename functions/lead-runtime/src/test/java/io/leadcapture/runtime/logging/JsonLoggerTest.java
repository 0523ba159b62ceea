package io.leadcapture.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.runtime.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class JsonLoggerTest {

    @Test
    void slf4jLogsThroughThisProvider() {
        assertThat(LoggerFactory.getLogger("io.leadcapture.test")).isInstanceOf(JsonLogger.class);
    }

    @Test
    void aLineIsOneJsonObjectWithTheInvocationFields() throws Exception {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put(RequestLogging.REQUEST_ID, "req-1");
        mdc.put(RequestLogging.CORRELATION_ID, "Ab12CdEFgHI=");
        String line = JsonLogger.line(Instant.parse("2026-12-01T10:00:00Z"), Level.INFO, "io.leadcapture.forms.X",
                "captured \"form\"\nnext line\t\u0001 Schäfer", "form-capture", mdc, null);

        assertThat(line).endsWith("}\n").doesNotContain("\n{");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode node = Json.MAPPER.readTree(line);
        assertThat(node.path("timestamp").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(node.path("level").asText()).isEqualTo("INFO");
        assertThat(node.path("logger").asText()).isEqualTo("io.leadcapture.forms.X");
        assertThat(node.path("message").asText()).isEqualTo("captured \"form\"\nnext line\t\u0001 Schäfer");
        assertThat(node.path("service").asText()).isEqualTo("form-capture");
        assertThat(node.path("function_request_id").asText()).isEqualTo("req-1");
        assertThat(node.path("correlation_id").asText()).isEqualTo("Ab12CdEFgHI=");
        assertThat(node.has("error")).isFalse();
    }

    @Test
    void anExceptionBecomesTheErrorField() throws Exception {
        JsonNode node = Json.MAPPER.readTree(JsonLogger.line(Instant.EPOCH, Level.ERROR, "x", "failed", null, null,
                new IllegalStateException("broken")));

        assertThat(node.path("error").path("name").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(node.path("error").path("message").asText()).isEqualTo("broken");
        assertThat(node.path("error").path("stack").asText()).contains("anExceptionBecomesTheErrorField");
        assertThat(node.has("service")).isFalse();
    }

    @Test
    void ownLoggersFollowTheConfiguredLevelOthersLogFromWarn() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogConfig config = new LogConfig(Level.DEBUG, Level.WARN, "svc", new PrintStream(out, true, StandardCharsets.UTF_8));
        JsonLogger own = new JsonLogger("io.leadcapture.forms.FormCaptureHandler", config);
        JsonLogger sdk = new JsonLogger("software.amazon.awssdk.request", config);

        own.debug("debug {} of {}", 1, 2);
        sdk.info("not shown");
        sdk.warn("shown", new RuntimeException("cause"));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines[0]).path("message").asText()).isEqualTo("debug 1 of 2");
        assertThat(Json.MAPPER.readTree(lines[1]).path("error").path("message").asText()).isEqualTo("cause");
        assertThat(own.isTraceEnabled()).isFalse();
        assertThat(sdk.isInfoEnabled()).isFalse();
    }

    @Test
    void levelsAreReadLeniently() {
        assertThat(LogConfig.parse("debug", Level.INFO)).isEqualTo(Level.DEBUG);
        assertThat(LogConfig.parse(" WARNING ", Level.INFO)).isEqualTo(Level.WARN);
        assertThat(LogConfig.parse("FATAL", Level.INFO)).isEqualTo(Level.ERROR);
        assertThat(LogConfig.parse("", Level.INFO)).isEqualTo(Level.INFO);
        assertThat(LogConfig.parse("loud", Level.INFO)).isEqualTo(Level.INFO);
    }

    @Test
    void theInvocationFieldsLastForTheInvocationOnly() {
        String seen = RequestLogging.withRequest(null, "corr-1", () -> MDC.get(RequestLogging.CORRELATION_ID));

        assertThat(seen).isEqualTo("corr-1");
        assertThat(MDC.get(RequestLogging.CORRELATION_ID)).isNull();
    }
}

package io.leadcapture.forms;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.CaptureContext;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Submission;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.runtime.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm per-submission CPU: reading, validating and normalising a typical form post, against Jackson
 * merely parsing the JSON form of the same submission (the floor any JSON endpoint pays).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class SubmissionParsingBenchmark {
    static final byte[] URLENCODED = ("first_name=J%C3%B6rg&last_name=Wei%C3%9F&email=joerg.weiss%40mueller-soehne.de"
            + "&phone=0221+1234567&company=M%C3%BCller+%26+S%C3%B6hne+GmbH&job_title=Gesch%C3%A4ftsf%C3%BChrer"
            + "&company_size=51-250&country=DE&city=K%C3%B6ln&message=Bitte+um+R%C3%BCckruf.&consent=on"
            + "&utm_source=google&utm_medium=cpc&utm_campaign=herbst-2026&gclid=EAIaIQobChMI8d2x").getBytes(StandardCharsets.UTF_8);
    static final byte[] JSON = ("{\"first_name\":\"Jörg\",\"last_name\":\"Weiß\",\"email\":\"joerg.weiss@mueller-soehne.de\","
            + "\"phone\":\"0221 1234567\",\"company\":\"Müller & Söhne GmbH\",\"job_title\":\"Geschäftsführer\","
            + "\"company_size\":\"51-250\",\"country\":\"DE\",\"city\":\"Köln\",\"message\":\"Bitte um Rückruf.\","
            + "\"consent\":true,\"utm_source\":\"google\",\"utm_medium\":\"cpc\",\"utm_campaign\":\"herbst-2026\","
            + "\"gclid\":\"EAIaIQobChMI8d2x\"}").getBytes(StandardCharsets.UTF_8);

    FormDefinition form;
    SubmissionBuilder builder;
    CaptureContext ctx;

    public SubmissionParsingBenchmark() {
        form = FormCatalog.bundled().find("demo").orElseThrow();
        builder = new SubmissionBuilder(FreeMailDomains.bundled());
        ctx = new CaptureContext("00000000-0000-0000-0000-000000000000", Instant.parse("2026-11-27T09:00:00Z"),
                "hmac-sha256:00", "https://www.example.com/demo?utm_source=google");
    }

    @Benchmark
    public Submission urlEncodedParseValidateNormalise() {
        return builder.build(form, FormBodyParser.parse("application/x-www-form-urlencoded", null, URLENCODED), ctx);
    }

    @Benchmark
    public Submission jsonParseValidateNormalise() {
        return builder.build(form, FormBodyParser.parse("application/json", null, JSON), ctx);
    }

    @Benchmark
    public JsonNode jacksonParseOnly() throws IOException {
        return Json.MAPPER.readTree(JSON);
    }
}

package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.http.HttpApiJson;
import io.leadcapture.runtime.http.HttpResponses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm CPU of one API invocation's event read and answer written: the functions' own
 * {@link HttpApiJson} against Lambda's runtime serialisation library binding the same event to the
 * event classes and writing the same answer (what the runtime does for a typed handler).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class EventCodecBenchmark {
    byte[] event;
    APIGatewayV2HTTPResponse answer;
    PojoSerializer<APIGatewayV2HTTPEvent> runtimeEvents;
    PojoSerializer<APIGatewayV2HTTPResponse> runtimeAnswers;

    @Setup
    public void setUp() throws IOException {
        event = Files.readAllBytes(RepoLayout.root().resolve("events/form-demo-json.json"));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "accepted");
        body.put("submissionId", "6f1c2d3e-4b5a-4978-8c6d-5e4f3a2b1c0d");
        answer = HttpResponses.json(202, body, Map.of("access-control-allow-origin", "http://localhost:8080", "vary", "Origin"));
        ClassLoader loader = EventCodecBenchmark.class.getClassLoader();
        runtimeEvents = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, loader);
        runtimeAnswers = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, loader);
    }

    @Benchmark
    public int httpApiJson() throws IOException {
        APIGatewayV2HTTPEvent read = HttpApiJson.readEvent(new ByteArrayInputStream(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        HttpApiJson.writeResponse(answer, out);
        return read.getBody().length() + out.size();
    }

    @Benchmark
    public int runtimeSerialisation() {
        APIGatewayV2HTTPEvent read = runtimeEvents.fromJson(new ByteArrayInputStream(event));
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        runtimeAnswers.toJson(answer, out);
        return read.getBody().length() + out.size();
    }
}

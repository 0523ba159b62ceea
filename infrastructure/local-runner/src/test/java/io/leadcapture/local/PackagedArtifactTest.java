package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.Json;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment zips as Lambda runs them. Each zip is unpacked into a folder of its own, as Lambda
 * unpacks it into /var/task, and its handler is built through its no-arg constructor and invoked once
 * with a sample event from events/ in a fresh JVM whose class path is that folder and its lib/*.jar,
 * plus a tiny invoker compiled against the zip alone, against moto. A class or resource the packaging
 * drops or merges wrongly (minimised jar, service files, the SLF4J provider) fails here, not in AWS.
 *
 * <p>The zips are built in the package phase of their modules; this module depends on both, so
 * {@code mvn verify} ({@code make test}) packages them before these tests run.
 */
class PackagedArtifactTest {
    /** Size budget of a deployment zip, in bytes. */
    static final long MAX_ZIP_BYTES = 10_000_000;
    static final Path ROOT = RepoLayout.root();

    /**
     * What Lambda's Java runtime does with a handler string of template.yaml: its runtime interface
     * client loads the class, picks the handler method as it does in AWS (for the API functions the
     * stream overload) and calls it with the event's bytes; the answer is printed.
     */
    static final String INVOKER = """
            import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
            import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
            import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
            import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
            import com.fasterxml.jackson.databind.JsonNode;
            import com.fasterxml.jackson.databind.ObjectMapper;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public final class PackagedInvoker {
                public static void main(String[] args) throws Exception {
                    LambdaRequestHandler handler = EventHandlerLoader.loadEventHandler(
                            HandlerInfo.fromString(args[0], ClassLoader.getSystemClassLoader()));
                    InvocationRequest request = new InvocationRequest();
                    request.setId("packaged-artifact-test");
                    request.setInvokedFunctionArn("arn:aws:lambda:eu-central-1:000000000000:function:" + args[2]);
                    request.setDeadlineTimeInMs(System.currentTimeMillis() + 30_000);
                    request.setContent(Files.readAllBytes(Path.of(args[1])));
                    JsonNode answer = new ObjectMapper().readTree(handler.call(request).toByteArray());
                    System.out.println("PACKAGED_INVOKE_STATUS=" + answer.path("statusCode").asInt());
                    System.out.println("PACKAGED_INVOKE_BODY=" + answer.path("body").asText());
                    System.out.flush();
                    System.exit(0);
                }
            }
            """;

    /** The runtime interface client's class for a {@code (InputStream, OutputStream, Context)} handler method. */
    static final String STREAM_METHOD_HANDLER =
            "com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader$StreamMethodRequestHandler";

    /** The runtime interface client and its serialisation library, from this test's class path (Lambda's /var/runtime/lib). */
    static final List<String> RUNTIME_JARS = List.of(
            jarOf(com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader.class),
            jarOf(com.amazonaws.services.lambda.runtime.serialization.PojoSerializer.class));

    @TempDir
    static Path work;
    static URI endpoint;
    static String table;

    @BeforeAll
    static void table() {
        endpoint = MotoServer.endpoint();
        try (DynamoDbClient ddb = LocalAws.dynamoDb(endpoint)) {
            table = LocalAws.freshLeadsTable(ddb);
        }
    }

    @Test
    void formCaptureZipStoresASubmissionAndLogsJson() throws Exception {
        Invocation run = invoke("form-capture", "io.leadcapture.forms.FormCaptureHandler::handleRequest", "form-demo-json.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(202);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadReadZipAnswersALookupAndLogsJson() throws Exception {
        // A successful read logs nothing at INFO; at DEBUG the SDK's request lines carry the correlation id.
        Invocation run = invoke("lead-read", "io.leadcapture.read.LeadReadHandler::handleRequest", "lead-find-by-email.json",
                Map.of("POWERTOOLS_LOG_LEVEL", "DEBUG"));
        assertThat(run.status()).as(run.describe()).isEqualTo(200);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadReadZipNormalisesAPhoneLookup() throws Exception {
        // libphonenumber and its metadata are in the zip: an invalid number would be 400
        Invocation run = invoke("lead-read", "io.leadcapture.read.LeadReadHandler::handleRequest", "lead-find-by-phone.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(200);
    }

    @Test
    void leadReadZipAlsoHoldsTheExportHandler() throws Exception {
        // The lead does not exist: the handler is built, reads the table and answers 404.
        Invocation run = invoke("lead-read", "io.leadcapture.read.LeadExportHandler::handleRequest", "lead-export.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(404);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadReadZipAlsoHoldsTheListExportHandler() throws Exception {
        // No lead matches: the handler is built, queries the list index and answers the header row.
        Invocation run = invoke("lead-read", "io.leadcapture.read.LeadListExportHandler::handleRequest", "lead-list-export.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(200);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadReportsZipAnswersTheFunnelReport() throws Exception {
        // No counters for the range: the handler is built, queries the table and answers the empty report.
        Invocation run = invoke("lead-reports", "io.leadcapture.reports.FunnelReportHandler::handleRequest", "funnel-report.json",
                Map.of("POWERTOOLS_LOG_LEVEL", "DEBUG"));
        assertThat(run.status()).as(run.describe()).isEqualTo(200);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadStageZipAlsoHoldsTheMergeHandler() throws Exception {
        // The merge's leads do not exist: the handler is built, reads the table and answers 404.
        Invocation run = invoke("lead-stage", "io.leadcapture.stage.LeadMergeHandler::handleRequest", "lead-merge.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(404);
        run.assertJsonLogLineWithCorrelationId();
    }

    @Test
    void leadStageZipAlsoHoldsTheEraseHandler() throws Exception {
        // The lead does not exist: the handler is built, reads the table and answers 404.
        Invocation run = invoke("lead-stage", "io.leadcapture.stage.LeadEraseHandler::handleRequest", "lead-erase.json", Map.of());
        assertThat(run.status()).as(run.describe()).isEqualTo(404);
        run.assertJsonLogLineWithCorrelationId();
    }

    Invocation invoke(String function, String handler, String eventFile, Map<String, String> extraEnv) throws Exception {
        Path zip = ROOT.resolve("functions").resolve(function).resolve("target").resolve(function + ".zip");
        assertThat(zip).as("deployment zip of " + function + ", built in the package phase: run mvn verify (make test)")
                .exists();
        assertThat(Files.size(zip)).as("size of " + zip + " in bytes").isLessThanOrEqualTo(MAX_ZIP_BYTES);

        Path dir = work.resolve(function).resolve(eventFile); // one fresh unpacked zip per invocation
        Path task = Files.createDirectories(dir.resolve("task"));
        unzip(zip, task);
        Path invoker = compileInvoker(task, Files.createDirectories(dir.resolve("invoker")));

        Path event = ROOT.resolve("events").resolve(eventFile);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = task + File.pathSeparator + task.resolve("lib") + File.separator + "*"
                + File.pathSeparator + invoker + File.pathSeparator + String.join(File.pathSeparator, RUNTIME_JARS);
        Path classes = dir.resolve("classes.txt");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xlog:class+load:file=" + classes, "-cp", classPath,
                "PackagedInvoker", handler, event.toString(), function)
                .directory(task.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // Only what Lambda (and the template) would give the function, pointed at the emulator.
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("AWS_ENDPOINT_URL", endpoint.toString());
        env.put("AWS_REGION", "eu-central-1");
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function);
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "packaged");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java25");
        env.put("TABLE_NAME", table);
        env.put("IP_HASH_SALT", "pkg1:packaged-artifact-test-salt-0123456789");
        env.put("CAPTCHA_SECRET_PARAMETER", "/lead-capture/captcha/secret"); // read only when a form with a bot check is posted
        env.put("POWERTOOLS_SERVICE_NAME", function);
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.putAll(extraEnv);

        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(function + " did not finish within 120 s\n" + Files.readString(out) + Files.readString(err));
        }
        String requestId = Json.MAPPER.readTree(Files.readString(event)).path("requestContext").path("requestId").asText();
        return new Invocation(function, process.exitValue(), Files.readString(out), Files.readString(err), requestId,
                Files.readString(classes));
    }

    record Invocation(String function, int exitCode, String stdout, String stderr, String requestId, String loadedClasses) {
        int status() {
            assertThat(exitCode).as(describe()).isZero();
            assertThat(stderr).as(describe()).doesNotContain("Exception").doesNotContain(" ERROR ");
            // the runtime calls the API functions through their stream overload, not with its own event binding
            assertThat(loadedClasses).as("classes loaded by " + function)
                    .contains(STREAM_METHOD_HANDLER + " ")
                    .doesNotContain("EventHandlerLoader$PojoMethodRequestHandler ")
                    .doesNotContain("EventHandlerLoader$PojoHandlerAsStreamHandler ");
            return stdout.lines().filter(l -> l.startsWith("PACKAGED_INVOKE_STATUS="))
                    .map(l -> Integer.parseInt(l.substring("PACKAGED_INVOKE_STATUS=".length())))
                    .findFirst().orElseThrow(() -> new AssertionError("no status printed\n" + describe()));
        }

        void assertJsonLogLineWithCorrelationId() {
            List<JsonNode> logLines = new ArrayList<>();
            for (String line : stdout.lines().filter(l -> l.startsWith("{")).toList()) {
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (node.has("level") && node.has("message")) {
                        logLines.add(node);
                    }
                } catch (IOException notJson) {
                    // not a log line
                }
            }
            assertThat(logLines).as("JSON log lines of " + describe()).isNotEmpty()
                    .anySatisfy(l -> assertThat(l.path("correlation_id").asText()).isEqualTo(requestId));
        }

        String describe() {
            return function + " (exit " + exitCode + ")\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static void unzip(Path zip, Path target) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = z.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                Path file = target.resolve(entry.getName()).normalize();
                assertThat(file.startsWith(target)).as("zip entry " + entry.getName() + " stays inside").isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    try (InputStream in = z.getInputStream(entry)) {
                        Files.copy(in, file);
                    }
                }
            }
        }
    }

    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles the invoker against the unpacked zip and the runtime interface client, as Lambda's class path sees them. */
    static Path compileInvoker(Path task, Path classes) throws IOException {
        Path source = classes.resolve("PackagedInvoker.java");
        Files.writeString(source, INVOKER);
        List<String> classPath = new ArrayList<>(List.of(task.toString()));
        classPath.addAll(RUNTIME_JARS);
        try (Stream<Path> jars = Files.list(task.resolve("lib"))) {
            jars.filter(j -> j.toString().endsWith(".jar")).sorted().forEach(j -> classPath.add(j.toString()));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("the tests run on a JDK").isNotNull();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "--release", "21", "-proc:none", "-nowarn",
                "-classpath", String.join(File.pathSeparator, classPath), "-d", classes.toString(), source.toString());
        assertThat(rc).as("compiling the invoker against the zip:\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();
        return classes;
    }
}

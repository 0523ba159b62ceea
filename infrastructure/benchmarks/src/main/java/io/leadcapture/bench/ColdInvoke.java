package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.forms.CaptchaVerifier;
import io.leadcapture.forms.FormCaptureHandler;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.Secrets;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.http.ApiHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold invocation in a fresh JVM, as the Lambda runtime does it: read the event, build the
 * handler with its no-arg constructor, invoke once. Usage: ColdInvoke HANDLER_CLASS EVENT_FILE [MODE].
 * The event's email is made unique, so every run writes a new lead. As Lambda's runtime, it hands a
 * {@link RequestStreamHandler} the event's bytes and reads the answer from its output; any other
 * handler gets the event bound to {@link APIGatewayV2HTTPEvent} (here with Jackson, the library the
 * runtime binds events with).
 *
 * <p>A MODE makes it the restore-like run: the first request is timed in the JVM and the classes
 * it loads are counted, after the handler was built by its Lambda constructor ({@code first}), by
 * the Lambda constructor and then its SnapStart hooks as Lambda runs them around a snapshot,
 * priming and restore ({@code primed}), or — the form handler only — from the same parts without
 * any warm-up or priming ({@code unprimed}: the store client with one read, as before priming).
 * Prints {@code <mode> request_ms=… request_classes=… prime_ms=…}. Mode {@code classes} is {@code first}
 * with a line {@code --- constructed} printed (and flushed) between the constructor and the request,
 * for first-request-classes.sh, which logs class loading to the same output.
 */
public final class ColdInvoke {
    private ColdInvoke() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String mode = args.length > 2 ? args[2] : null;
        ClassLoadingMXBean classes = mode == null ? null : ManagementFactory.getClassLoadingMXBean();
        String event = Files.readString(Path.of(args[1])).replace("Jana.Schaefer@",
                "jana." + UUID.randomUUID().toString().substring(0, 8) + "@").replace("\"idempotency-key\"", "\"x-unused\"");
        boolean unprimed = "unprimed".equals(mode);
        Class<?> type = unprimed ? FormCaptureHandler.class : Class.forName(args[0]);
        boolean stream = RequestStreamHandler.class.isAssignableFrom(type);
        byte[] raw = event.getBytes(StandardCharsets.UTF_8);
        APIGatewayV2HTTPEvent e = stream ? null : Json.MAPPER.readValue(event, APIGatewayV2HTTPEvent.class);
        Object handler = unprimed
                ? new FormCaptureHandler(FormCatalog.bundled(), UseCases.captureLead(LeadStore.fromEnvironment().primed()),
                        IpHasher.fromSecrets(Secrets.fromEnvironment()), CaptchaVerifier.NONE)
                : type.getConstructor().newInstance();
        long primeNanos = 0;
        if ("primed".equals(mode)) {
            long p0 = System.nanoTime();
            ((ApiHandler) handler).snapStart().beforeCheckpoint(null);
            ((ApiHandler) handler).snapStart().afterRestore(null);
            primeNanos = System.nanoTime() - p0;
        }
        if ("classes".equals(mode)) {
            System.out.println("--- constructed");
            System.out.flush();
        }
        LocalContext context = new LocalContext("bench", 10);
        long loadedBefore = classes == null ? 0 : classes.getTotalLoadedClassCount();
        long t0 = System.nanoTime();
        int status;
        String body;
        long t1;
        if (stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(raw), out, context);
            t1 = System.nanoTime(); // reading the answer back is the harness's work, not the request's
            body = out.toString(StandardCharsets.UTF_8);
            status = Json.MAPPER.readTree(body).path("statusCode").asInt();
        } else {
            APIGatewayV2HTTPResponse r = ((RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler)
                    .handleRequest(e, context);
            t1 = System.nanoTime();
            status = r.getStatusCode();
            body = r.getBody();
        }
        if (status < 200 || status >= 300) {
            System.err.println("unexpected answer " + status + ": " + body);
            System.exit(1);
        }
        if (classes != null) {
            System.out.printf("%s request_ms=%.1f request_classes=%d prime_ms=%.1f%n", mode, (t1 - t0) / 1e6,
                    classes.getTotalLoadedClassCount() - loadedBefore, primeNanos / 1e6);
        }
    }
}

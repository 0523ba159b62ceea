package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.api.client.EventHandlerLoader;
import com.amazonaws.services.lambda.runtime.api.client.HandlerInfo;
import com.amazonaws.services.lambda.runtime.api.client.LambdaRequestHandler;
import com.amazonaws.services.lambda.runtime.api.client.runtimeapi.dto.InvocationRequest;
import java.lang.reflect.Field;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold invocation in a fresh JVM as Lambda's Java runtime makes it: its runtime interface client
 * loads the handler named as template.yaml names it ({@code Class::handleRequest}), builds it, and
 * calls it with the event's bytes — binding event and answer with the runtime's own serialisation
 * library for a typed handler, passing the bytes through for a stream handler. Only the Runtime
 * API's HTTP exchange is left out (the same for every handler). Usage: RuntimeInvoke HANDLER_CLASS
 * EVENT_FILE; the event's email is made unique, as in {@link ColdInvoke}; exits 1 on an answer
 * outside 2xx.
 */
public final class RuntimeInvoke {
    private RuntimeInvoke() {
    }

    public static void main(String[] args) throws Exception {
        String event = Files.readString(Path.of(args[1])).replace("Jana.Schaefer@",
                "jana." + UUID.randomUUID().toString().substring(0, 8) + "@").replace("\"idempotency-key\"", "\"x-unused\"");
        // The runtime loads function code through a class loader of its own (set by AWSLambda.main),
        // which its serialisation library asks for the event classes.
        ClassLoader customer = new URLClassLoader(new URL[0], ClassLoader.getSystemClassLoader());
        Field loader = AWSLambda.class.getDeclaredField("customerClassLoader");
        loader.setAccessible(true);
        loader.set(null, customer);
        Thread.currentThread().setContextClassLoader(customer);

        LambdaRequestHandler handler = EventHandlerLoader.loadEventHandler(
                HandlerInfo.fromString(args[0] + "::handleRequest", customer));
        InvocationRequest request = new InvocationRequest();
        request.setId(UUID.randomUUID().toString());
        request.setInvokedFunctionArn("arn:aws:lambda:eu-central-1:000000000000:function:bench");
        request.setDeadlineTimeInMs(System.currentTimeMillis() + 10_000);
        request.setContent(event.getBytes(StandardCharsets.UTF_8));
        String answer = handler.call(request).toString(StandardCharsets.UTF_8);

        int at = answer.indexOf("\"statusCode\":");
        String status = at < 0 ? "" : answer.substring(at + 13, Math.min(answer.length(), at + 16));
        if (!status.startsWith("2")) {
            System.err.println("unexpected answer: " + answer);
            System.exit(1);
        }
    }
}

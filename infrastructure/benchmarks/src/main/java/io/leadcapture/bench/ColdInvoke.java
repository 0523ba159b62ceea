package io.leadcapture.bench;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.runtime.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One cold invocation in a fresh JVM, as the Lambda runtime does it: read the event, build the
 * handler with its no-arg constructor, invoke once. Usage: ColdInvoke HANDLER_CLASS EVENT_FILE.
 * The event's email is made unique, so every run writes a new lead.
 */
public final class ColdInvoke {
    private ColdInvoke() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        String event = Files.readString(Path.of(args[1])).replace("Jana.Schaefer@",
                "jana." + UUID.randomUUID().toString().substring(0, 8) + "@").replace("\"idempotency-key\"", "\"x-unused\"");
        APIGatewayV2HTTPEvent e = Json.MAPPER.readValue(event, APIGatewayV2HTTPEvent.class);
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(args[0]).getConstructor().newInstance();
        APIGatewayV2HTTPResponse r = handler.handleRequest(e, new LocalContext("bench", 10));
        if (r.getStatusCode() >= 300) {
            System.err.println("unexpected answer " + r.getStatusCode() + ": " + r.getBody());
            System.exit(1);
        }
    }
}

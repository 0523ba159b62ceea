package io.leadcapture.runtime.logging;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * The fields every line of one invocation carries: Lambda's request id and, for API requests, the
 * API Gateway request id as {@code correlation_id} (the id a caller sees). Set on the invoking
 * thread for the invocation and removed after it.
 */
public final class RequestLogging {
    public static final String REQUEST_ID = "function_request_id";
    public static final String CORRELATION_ID = "correlation_id";

    private RequestLogging() {
    }

    public static <T> T withRequest(Context context, String correlationId, Supplier<T> invocation) {
        String requestId = context == null ? null : context.getAwsRequestId();
        put(REQUEST_ID, requestId);
        put(CORRELATION_ID, correlationId);
        try {
            return invocation.get();
        } finally {
            MDC.remove(REQUEST_ID);
            MDC.remove(CORRELATION_ID);
        }
    }

    /** For invocations without a caller-facing id (streams, schedules, SNS). */
    public static <T> T withRequest(Context context, Supplier<T> invocation) {
        return withRequest(context, null, invocation);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}

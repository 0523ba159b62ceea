package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.MergeCommand;
import io.leadcapture.application.MergeLeads;
import io.leadcapture.application.MergeOutcome;
import io.leadcapture.application.MergeReceipt;
import io.leadcapture.application.MergeRefusedException;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code POST /leads/{leadId}/merge} with {@code {"into":"<leadId>","reason":"…"}}: sales found two
 * leads to be one person. Everything the lead in the path holds moves to the lead in {@code into},
 * recorded with who (the IAM caller), when and why; the merged lead answers 404 afterwards. The
 * answer is {@code 200 {"leadId","mergedFrom","itemsMoved","mergedAt"}}, the same for every repeat of
 * the request. A merge that does not fit into the function's time budget answers {@code 202} with
 * {@code Retry-After}; the same request again carries on where it stopped. A lead being erased is
 * neither merged nor merged into ({@code 409}).
 */
public class LeadMergeHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 4 * 1024;
    /** Time left for answering and flushing after the last batch; the merge stops before it. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(3);
    private static final Pattern LEAD_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");

    private final MergeLeads merges;
    private final Clock clock;

    public LeadMergeHandler() {
        this(UseCases.mergeLeads(LeadStore.fromEnvironment(), Clock.systemUTC()), Clock.systemUTC());
    }

    public LeadMergeHandler(MergeLeads merges, Clock clock) {
        super(MAX_BODY_BYTES);
        this.merges = merges;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String source = leadIdInPath(request);
        Body body = parse(request);
        String who = request.callerArn();
        MergeOutcome outcome;
        try {
            outcome = merges.merge(new MergeCommand(source, body.into(), who, body.reason(), deadline(context)));
        } catch (MergeRefusedException e) {
            throw refusal(e);
        }
        return switch (outcome) {
            case MergeOutcome.Completed completed -> {
                MergeReceipt r = completed.receipt();
                log.info("lead {} merged into lead {} ({} items moved), requested by {}", r.mergedFrom(), r.leadId(),
                        r.itemsMoved(), who);
                metrics.count("DuplicateLeadsMerged");
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("leadId", r.leadId());
                answer.put("mergedFrom", r.mergedFrom());
                answer.put("itemsMoved", r.itemsMoved());
                answer.put("mergedAt", r.mergedAt());
                yield HttpResponses.json(200, answer, Map.of());
            }
            case MergeOutcome.Unfinished unfinished -> {
                log.info("merge of lead {} into lead {} continues with the next request ({} items moved)",
                        unfinished.mergedFrom(), unfinished.leadId(), unfinished.itemsMoved());
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", "merging");
                answer.put("leadId", unfinished.leadId());
                answer.put("mergedFrom", unfinished.mergedFrom());
                answer.put("itemsMoved", unfinished.itemsMoved());
                yield HttpResponses.json(202, answer, Map.of("retry-after", "1"));
            }
        };
    }

    /** When the merge must stop taking new batches: the invocation's remaining time less the margin; none locally. */
    private Instant deadline(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return null;
        }
        return clock.instant().plusMillis(Math.max(0, context.getRemainingTimeInMillis() - ANSWER_MARGIN.toMillis()));
    }

    private static ApiException refusal(MergeRefusedException e) {
        Map<String, String> other = e.leadId() == null ? Map.of() : Map.of("into", e.leadId());
        return switch (e.reason()) {
            case UNKNOWN_SOURCE -> new ApiException(404, "lead_not_found", e.getMessage());
            case UNKNOWN_TARGET -> new ApiException(404, "lead_not_found", e.getMessage(), Map.of("into", "no such lead"));
            case SAME_LEAD -> new ApiException(422, "same_lead", e.getMessage(), Map.of("into", "the lead itself"));
            case MERGED_ELSEWHERE -> new ApiException(409, "already_merged", e.getMessage(), other);
            case MERGING_ELSEWHERE -> new ApiException(409, "merge_in_progress", e.getMessage(), other);
            case TARGET_MERGING -> new ApiException(409, "target_merging", e.getMessage(), other);
            case SOURCE_ERASING -> new ApiException(409, "lead_being_erased", e.getMessage());
            case TARGET_ERASING -> new ApiException(409, "target_being_erased", e.getMessage(), other);
        };
    }

    /** @param reason why sales merges, or null */
    record Body(String into, String reason) {
    }

    private static Body parse(HttpRequest request) {
        JsonNode body = SalesRequests.jsonObject(request);
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode into = body.path("into");
        if (!into.isTextual() || !LEAD_ID.matcher(into.asText()).matches()) {
            errors.put("into", "the id of the lead to merge into");
        }
        String reason = SalesRequests.reason(body, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, "malformed_body", "Some fields are missing or have the wrong type.", errors);
        }
        return new Body(into.asText(), reason);
    }
}

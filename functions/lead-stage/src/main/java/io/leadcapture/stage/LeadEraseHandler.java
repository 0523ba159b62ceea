package io.leadcapture.stage;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.EraseLead;
import io.leadcapture.application.ErasureOutcome;
import io.leadcapture.application.ErasureReceipt;
import io.leadcapture.core.Text;
import io.leadcapture.runtime.Env;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.http.AddressQuery;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.http.HttpResponses;
import io.leadcapture.runtime.store.LeadReads;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code DELETE /leads/{leadId}}, {@code DELETE /leads?email=} and {@code DELETE /leads?phone=}
 * with an optional {@code {"reason":"…","requestedBy":"…"}}: erases the person (GDPR Art. 17),
 * see {@link EraseLead}. The answer is {@code 200 {"leadId","erasedAt","itemsDeleted"}}, the same
 * for every repeat of the request. An erasure that does not fit into the function's time budget
 * answers {@code 202} with {@code Retry-After}; the same request again carries on where it stopped.
 * A lead in an unfinished merge, on either side, answers {@code 409 merge_in_progress} and is left
 * as it is. A phone is read as {@code GET /leads?phone=} reads it.
 */
public class LeadEraseHandler extends ApiHandler {
    static final int MAX_BODY_BYTES = 4 * 1024;
    static final int MAX_REQUESTED_BY = 200;
    /** Time left for answering and flushing after the last batch; the erasure stops before it. */
    static final Duration ANSWER_MARGIN = Duration.ofSeconds(3);

    private final EraseLead erasures;
    private final LeadReads leads;
    private final String phoneRegion;
    private final Clock clock;

    /** Used by Lambda: {@code TABLE_NAME}, {@code DEFAULT_PHONE_REGION} (default DE). */
    public LeadEraseHandler() {
        this(LeadStore.fromEnvironment(), Env.phoneRegion(), Clock.systemUTC());
    }

    private LeadEraseHandler(LeadStore store, String phoneRegion, Clock clock) {
        this(UseCases.eraseLead(store, clock), store.reads(), phoneRegion, clock);
    }

    /** @param phoneRegion region of phone numbers given without {@code +country} */
    public LeadEraseHandler(EraseLead erasures, LeadReads leads, String phoneRegion, Clock clock) {
        super(MAX_BODY_BYTES);
        this.erasures = erasures;
        this.leads = leads;
        this.phoneRegion = Env.phoneRegion(phoneRegion);
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        Body body = parse(request);
        String leadId = leadId(request);
        String caller = request.callerArn();
        String requestedBy = body.requestedBy() != null ? body.requestedBy() : caller;
        ErasureOutcome outcome = erasures.erase(new EraseCommand(leadId, requestedBy, body.reason(), deadline(context)));
        return switch (outcome) {
            case ErasureOutcome.Completed completed -> {
                ErasureReceipt r = completed.receipt();
                log.info("lead {} erased ({} items deleted), requested by {} through {}", r.leadId(), r.itemsDeleted(),
                        r.requestedBy(), caller);
                metrics.count("LeadsErased");
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("leadId", r.leadId());
                answer.put("erasedAt", r.erasedAt());
                answer.put("itemsDeleted", r.itemsDeleted());
                yield HttpResponses.json(200, answer, Map.of());
            }
            case ErasureOutcome.Unfinished unfinished -> {
                log.info("erasure of lead {} continues with the next request ({} items deleted)", unfinished.leadId(),
                        unfinished.itemsDeleted());
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("status", "erasing");
                answer.put("leadId", unfinished.leadId());
                answer.put("itemsDeleted", unfinished.itemsDeleted());
                yield HttpResponses.json(202, answer, Map.of("retry-after", "1"));
            }
            case ErasureOutcome.UnknownLead unknown -> throw leadNotFound(unknown.leadId());
            case ErasureOutcome.MergeInProgress merging -> throw new ApiException(409, "merge_in_progress",
                    merging.incoming()
                            ? "Lead " + merging.otherLeadId() + " is being merged into lead " + merging.leadId()
                              + "; erase lead " + merging.leadId() + " once that merge has completed."
                            : "Lead " + merging.leadId() + " is being merged into lead " + merging.otherLeadId()
                              + "; once that merge has completed, erase lead " + merging.otherLeadId() + ".",
                    Map.of(merging.incoming() ? "mergingFrom" : "mergingInto", merging.otherLeadId()));
        };
    }

    /** The lead in the path, or the one that owns {@code ?email=} or {@code ?phone=}. */
    private String leadId(HttpRequest request) {
        if (request.pathParameter("leadId") != null) {
            return leadIdInPath(request);
        }
        AddressQuery address = AddressQuery.from(request, phoneRegion, "to name the person to erase");
        return address.owner(leads).orElseThrow(() -> new ApiException(404, "lead_not_found",
                "No lead holds this " + address.kind() + "."));
    }

    /** When the erasure must stop taking new batches: the invocation's remaining time less the margin; none locally. */
    private Instant deadline(Context context) {
        if (context == null || context.getRemainingTimeInMillis() <= 0) {
            return null;
        }
        return clock.instant().plusMillis(Math.max(0, context.getRemainingTimeInMillis() - ANSWER_MARGIN.toMillis()));
    }

    /**
     * @param reason      why, or null
     * @param requestedBy who asked (a data-protection ticket, a name), or null for the IAM caller
     */
    record Body(String reason, String requestedBy) {
    }

    /** The body is optional: none, or a JSON object with an optional reason and requestedBy. */
    private static Body parse(HttpRequest request) {
        if (request.body().length == 0) {
            return new Body(null, null);
        }
        JsonNode body = SalesRequests.jsonObject(request);
        Map<String, String> errors = new LinkedHashMap<>();
        String reason = SalesRequests.reason(body, errors);
        String requestedBy = null;
        JsonNode by = body.path("requestedBy");
        if (!by.isMissingNode() && !by.isNull()) {
            requestedBy = by.isTextual() ? Text.singleLine(by.asText()) : null;
            if (!by.isTextual() || requestedBy == null || requestedBy.isBlank()) {
                errors.put("requestedBy", "a non-empty string");
            } else if (requestedBy.length() > MAX_REQUESTED_BY) {
                errors.put("requestedBy", "longer than " + MAX_REQUESTED_BY + " characters");
            }
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, "malformed_body", "Some fields are missing or have the wrong type.", errors);
        }
        return new Body(reason, requestedBy);
    }
}

package io.leadcapture.consent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.RecordContentClick;
import io.leadcapture.application.StoreUnavailableException;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.core.notify.InvalidTokenException;
import io.leadcapture.runtime.ConsentTokenKeys;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /r/{token}}: a link in a nurture mail. A genuine click token redirects (302) to the
 * configured link of its sequence step and records one {@code content_click} on the lead (at most
 * one per token and UTC day), which the scoring counts as content consumed. The target is never in
 * the token, so the route cannot be used to redirect anywhere else.
 * <ul>
 *   <li>a forged, garbled or other-action token: a 400 page, no redirect, nothing recorded;</li>
 *   <li>a step no longer configured, or a lead that is gone: the configured fallback, nothing recorded;</li>
 *   <li>{@code HEAD} (link scanners, previews): the same redirect without reading or recording anything;</li>
 *   <li>the store failing: the redirect anyway (metric {@code ContentClickNotRecorded}) — the person
 *       gets the content, the score misses one click; a later click the same day finds the record
 *       if the failed one was written after all.</li>
 * </ul>
 */
public class ContentClickHandler extends ApiHandler {
    private final RecordContentClick clicks;
    private final NurtureLinks links;
    private final ConsentTokens tokens;
    private final Clock clock;

    public ContentClickHandler() {
        this(UseCases.recordContentClick(LeadStore.fromEnvironment(), Clock.systemUTC()), NurtureLinks.of(NurtureConfig.bundled()),
                new ConsentTokens(ConsentTokenKeys.fromEnvironment()), Clock.systemUTC());
    }

    public ContentClickHandler(RecordContentClick clicks, NurtureLinks links, ConsentTokens tokens, Clock clock) {
        super(0);
        this.clicks = clicks;
        this.links = links;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        boolean head = "HEAD".equalsIgnoreCase(request.method());
        if (!head && !"GET".equalsIgnoreCase(request.method())) {
            throw new ApiException(405, "method_not_allowed", "Follow the link with GET.");
        }
        String token = request.pathParameter("token");
        ConsentTokens.Click click;
        try {
            click = tokens.verifyClick(token, clock.instant());
        } catch (InvalidTokenException e) {
            log.info("refused nurture link: {}", e.reason());
            return ConsentPages.page(400, "Ungültiger Link / Invalid link",
                    "Dieser Link ist ungültig. Bitte verwenden Sie den Link aus der E-Mail vollständig.",
                    "This link is not valid. Please use the complete link from the email.");
        }
        Optional<String> link = links.linkOf(click.sequence(), click.step());
        if (link.isEmpty()) {
            log.info("nurture link of {} step {} no longer configured: fallback", click.sequence(), click.step());
            metrics.count("ContentClickFallback");
            return redirect(links.fallbackUrl(), head);
        }
        if (head) {
            return redirect(link.get(), true);
        }
        RecordContentClick.Outcome outcome;
        try {
            outcome = clicks.record(new RecordContentClick.Click(click.leadId(), click.sequence(), click.step(), token));
        } catch (StoreUnavailableException e) {
            metrics.count("ContentClickNotRecorded");
            log.warn("nurture click of lead {} not recorded, redirected anyway: {}", click.leadId(), e.getMessage());
            return redirect(link.get(), false);
        } catch (RuntimeException e) {
            metrics.count("ContentClickNotRecorded");
            log.error("nurture click of lead {} not recorded, redirected anyway", click.leadId(), e);
            return redirect(link.get(), false);
        }
        log.info("nurture click of lead {} on {} step {}: {}", click.leadId(), click.sequence(), click.step(), outcome);
        return switch (outcome) {
            case RECORDED -> {
                metrics.count("ContentClickRecorded");
                yield redirect(link.get(), false);
            }
            case ALREADY_RECORDED -> redirect(link.get(), false);
            case LEAD_GONE -> {
                metrics.count("ContentClickFallback");
                yield redirect(links.fallbackUrl(), false);
            }
        };
    }

    /** No body on HEAD; on GET a one-line page for a client that does not follow redirects. */
    static APIGatewayV2HTTPResponse redirect(String location, boolean head) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("location", location);
        headers.put("cache-control", "no-store");
        headers.put("referrer-policy", "no-referrer"); // the token is in this URL
        APIGatewayV2HTTPResponse.APIGatewayV2HTTPResponseBuilder r = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(302);
        if (!head) {
            headers.put("content-type", "text/html; charset=utf-8");
            r.withBody("<!doctype html><meta charset=\"utf-8\"><a href=\"" + ConsentPages.escape(location) + "\">"
                    + ConsentPages.escape(location) + "</a>");
        }
        return r.withHeaders(headers).build();
    }
}

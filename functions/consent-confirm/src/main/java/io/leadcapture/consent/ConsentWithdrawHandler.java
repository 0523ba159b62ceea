package io.leadcapture.consent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.InvalidTokenException;
import io.leadcapture.runtime.ConsentTokenKeys;
import io.leadcapture.runtime.http.ApiException;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.ConsentStore;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /consent/withdraw?token=…}: the unsubscribe link of every automated mail (RFC 8058).
 * <ul>
 *   <li>{@code POST} withdraws at once: from a mail client's one-click unsubscribe (body
 *       {@code List-Unsubscribe=One-Click}, answered in plain text) or from the button of the page
 *       below (an empty body, answered with a page). Idempotent.</li>
 *   <li>{@code GET} only shows a page with one button that POSTs: link scanners and previews fetch
 *       links, and must not unsubscribe anyone.</li>
 * </ul>
 * A forged, garbled or retired token gets 400 and changes nothing.
 */
public class ConsentWithdrawHandler extends ApiHandler {
    static final String ONE_CLICK = "List-Unsubscribe=One-Click";
    private static final Logger LOG = LoggerFactory.getLogger(ConsentWithdrawHandler.class);

    private final ConsentStore consents;
    private final ConsentTokens tokens;
    private final Clock clock;

    public ConsentWithdrawHandler() {
        this(LeadStore.fromEnvironment().consents(), new ConsentTokens(ConsentTokenKeys.fromEnvironment()), Clock.systemUTC());
    }

    public ConsentWithdrawHandler(ConsentStore consents, ConsentTokens tokens, Clock clock) {
        super(4096);
        this.consents = consents;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        boolean post = "POST".equalsIgnoreCase(request.method());
        if (!post && !"GET".equalsIgnoreCase(request.method())) {
            throw new ApiException(405, "method_not_allowed", "Use GET to see the page or POST to unsubscribe.");
        }
        boolean oneClick = post && new String(request.body(), StandardCharsets.UTF_8).contains(ONE_CLICK);
        String token = request.queryParameter("token");
        ConsentTokens.Withdrawal withdrawal;
        try {
            withdrawal = tokens.verifyWithdrawal(token, clock.instant());
        } catch (InvalidTokenException e) {
            LOG.info("refused unsubscribe link: {}", e.reason());
            return oneClick ? ConsentPages.text(400, "invalid unsubscribe link\n")
                    : ConsentPages.page(400, "Ungültiger Link / Invalid link",
                    "Dieser Abmeldelink ist ungültig. Bitte verwenden Sie den Link aus einer unserer E-Mails "
                            + "oder antworten Sie auf die E-Mail.",
                    "This unsubscribe link is not valid. Please use the link from one of our emails, or reply to the email.");
        }
        if (!post) {
            String action = "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
            return ConsentPages.page(200, "Abmelden / Unsubscribe",
                    "Möchten Sie keine weiteren E-Mails von uns erhalten? Dann widerrufen Sie hier Ihre Einwilligung.",
                    "Don't want any more emails from us? Withdraw your consent here.",
                    "<form method=\"post\" action=\"" + ConsentPages.escape(action) + "\">"
                            + "<button type=\"submit\" style=\"font-size:1.1rem;padding:.5rem 1rem\">"
                            + "Abmelden / Unsubscribe</button></form>");
        }
        ConsentChange change;
        try {
            change = consents.withdrawConsent(withdrawal.leadId(), withdrawal.purpose(), clock.instant(),
                    ConsentStore.SOURCE_UNSUBSCRIBE_LINK, "token key " + withdrawal.keyId());
        } catch (IllegalArgumentException e) {
            LOG.info("refused unsubscribe link: {}", e.getMessage()); // genuine, but a purpose we do not keep
            return oneClick ? ConsentPages.text(400, "invalid unsubscribe link\n")
                    : ConsentPages.page(400, "Ungültiger Link / Invalid link", "Dieser Abmeldelink ist ungültig.",
                    "This unsubscribe link is not valid.");
        }
        if (change == ConsentChange.CHANGED) {
            metrics.count("ConsentWithdrawn");
        }
        // A lead no longer on file (erased) gets no mail either: the same answer.
        LOG.info("unsubscribe link for lead {} ({}): {}", withdrawal.leadId(), withdrawal.purpose(), change);
        return oneClick ? ConsentPages.text(200, "unsubscribed\n")
                : ConsentPages.page(200, "Abgemeldet / Unsubscribed",
                "Sie erhalten keine weiteren E-Mails dieser Art von uns. Ihre Einwilligung ist widerrufen.",
                "You will get no further emails of this kind from us. Your consent is withdrawn.");
    }

    /** The store fault is answered as a page too (one-click clients retry on any 5xx). */
    @Override
    protected APIGatewayV2HTTPResponse unavailable(HttpRequest request) {
        APIGatewayV2HTTPResponse r = ConsentPages.page(503, "Bitte später erneut / Please try again",
                "Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in ein paar Minuten erneut.",
                "The service is unavailable right now. Please try again in a few minutes.");
        r.getHeaders().put("retry-after", "60");
        return r;
    }
}

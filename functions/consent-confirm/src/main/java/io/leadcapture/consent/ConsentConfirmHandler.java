package io.leadcapture.consent;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.InvalidTokenException;
import io.leadcapture.runtime.ConsentTokenKeys;
import io.leadcapture.runtime.http.ApiHandler;
import io.leadcapture.runtime.http.HttpRequest;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.ConsentStore;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /consent/confirm?token=…}: the link in the double opt-in mail. A valid token confirms
 * the lead's marketing consent (again and again, idempotently); a forged, broken or expired one gets
 * a clear page and changes nothing. People land here from their mail client, so the answer is HTML.
 */
public class ConsentConfirmHandler extends ApiHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsentConfirmHandler.class);

    private final ConsentStore consents;
    private final ConsentTokens tokens;
    private final Clock clock;

    public ConsentConfirmHandler() {
        this(LeadStore.fromEnvironment().consents(), new ConsentTokens(ConsentTokenKeys.fromEnvironment()), Clock.systemUTC());
    }

    public ConsentConfirmHandler(ConsentStore consents, ConsentTokens tokens, Clock clock) {
        super(0);
        this.consents = consents;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(HttpRequest request, Context context) {
        String token = request.queryParameter("token");
        if (token == null || token.isBlank()) {
            return page(400, "Link unvollständig / Incomplete link",
                    "Dem Link fehlt sein Bestätigungscode. Bitte öffnen Sie den Link aus der E-Mail vollständig.",
                    "The link is missing its confirmation code. Please open the complete link from the email.");
        }
        ConsentTokens.Verified verified;
        try {
            verified = tokens.verify(token, clock.instant());
        } catch (InvalidTokenException e) {
            LOG.info("refused consent confirmation: {}", e.reason());
            return switch (e.reason()) {
                case EXPIRED -> page(410, "Link abgelaufen / Link expired",
                        "Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.",
                        "This confirmation link has expired. Please sign up again.");
                default -> page(400, "Ungültiger Link / Invalid link",
                        "Dieser Bestätigungslink ist ungültig. Bitte verwenden Sie den Link aus der E-Mail.",
                        "This confirmation link is not valid. Please use the link from the email.");
            };
        }
        ConsentChange change = consents.confirmConsent(verified.leadId(), verified.interactionId(), clock.instant());
        if (change == ConsentChange.UNKNOWN_LEAD) {
            return page(404, "Nicht gefunden / Not found",
                    "Zu diesem Link gibt es keine Anmeldung mehr.", "There is no sign-up for this link any more.");
        }
        LOG.info("consent confirmed for lead {} ({})", verified.leadId(), change);
        return page(200, "Anmeldung bestätigt / Subscription confirmed",
                "Vielen Dank! Ihre Einwilligung ist bestätigt.", "Thank you! Your consent is confirmed.");
    }

    /** People click the link in a mail client: the store fault is a page too, asking them to click again. */
    @Override
    protected APIGatewayV2HTTPResponse unavailable(HttpRequest request) {
        APIGatewayV2HTTPResponse r = page(503, "Bitte später erneut / Please try again",
                "Der Dienst ist gerade nicht erreichbar. Bitte klicken Sie den Link in ein paar Minuten erneut.",
                "The service is unavailable right now. Please click the link again in a few minutes.");
        r.getHeaders().put("retry-after", "60");
        return r;
    }

    private static APIGatewayV2HTTPResponse page(int status, String title, String german, String english) {
        return ConsentPages.page(status, title, german, english);
    }
}

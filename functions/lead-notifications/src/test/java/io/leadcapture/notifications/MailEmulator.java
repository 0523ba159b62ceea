package io.leadcapture.notifications;

import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.RoutingConfig;
import io.leadcapture.core.notify.Router;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * What the notification tests share: moto's DynamoDB and SES with one client each per test JVM, a
 * verified sender address, and the notification function built as the template configures it. Each
 * test still owns its data: a leads table of its own ({@link FreshLeads}) and recipients of its own.
 */
final class MailEmulator {
    static final URI ENDPOINT = MotoServer.endpoint();
    static final DynamoDbClient DDB = LocalAws.dynamoDb(ENDPOINT);
    static final SesV2Client SES = StreamFixtures.ses(ENDPOINT).build();
    static final String SENDER = StreamFixtures.verifiedSender(SES);
    static final ConsentTokens TOKENS = new ConsentTokens(
            TokenKeys.of(TokenKeys.Key.parse("test1:test-consent-secret-0123456789abcdef", "test key")));
    static final String PUBLIC_API_URL = "https://api.example.de";

    private MailEmulator() {
    }

    /** The notification function with the bundled routing: opt-in links valid 72 hours, both mail caps 24 hours. */
    static NotificationHandler notifications(LeadStore store, MailSender mail, Clock clock) {
        return notifications(store, mail, new Router(RoutingConfig.bundled()), clock);
    }

    /** As {@link #notifications(LeadStore, MailSender, Clock)} with a routing of the test's own. */
    static NotificationHandler notifications(LeadStore store, MailSender mail, Router router, Clock clock) {
        return new NotificationHandler(store, mail, FormCatalog.bundled(), router, TOKENS, PUBLIC_API_URL,
                Duration.ofHours(72), Duration.ofHours(24), Duration.ofHours(24), clock);
    }
}

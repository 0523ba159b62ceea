package io.leadcapture.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Lead;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.ConsentChange;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET}/{@code POST /consent/withdraw} and the consent history against moto: one-click withdraws
 * and records why, GET changes nothing, tokens of a retired key or of the other action are refused,
 * and only a new double opt-in confirmation lifts a withdrawal.
 */
class ConsentWithdrawHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final FormCatalog FORMS = FormCatalog.bundled();
    static final TokenKeys.Key OLD = TokenKeys.Key.parse("2026a:old-consent-secret-0123456789abcdef", "test");
    static final TokenKeys.Key NEW = TokenKeys.Key.parse("2026b:new-consent-secret-0123456789abcdef", "test");
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final Instant OVERLAP_END = T0.plus(Duration.ofDays(30));

    String table;
    LeadStore store;
    MovableClock clock;
    CaptureLead capture;
    ConsentWithdrawHandler withdraw;
    ConsentConfirmHandler confirm;
    ConsentTokens tokens;

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        clock = new MovableClock(T0);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        tokens = new ConsentTokens(TokenKeys.rotated(NEW, OLD, OVERLAP_END));
        withdraw = new ConsentWithdrawHandler(store.consents(), tokens, clock);
        confirm = new ConsentConfirmHandler(store.consents(), tokens, clock);
    }

    static String address(String name) {
        return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
    }

    String post(String form, FormFields fields) {
        return capture.capture(CaptureCommand.formPost(FORMS.find(form).orElseThrow(), fields, "hmac-sha256:t1:test",
                null, null)).leadId();
    }

    /** A lead whose double opt-in is confirmed; its id. */
    String confirmedLead() {
        String email = address("anna");
        String leadId = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        assertThat(store.consents().confirmConsent(leadId, "n/a", clock.instant())).isEqualTo(ConsentChange.CHANGED);
        return leadId;
    }

    APIGatewayV2HTTPResponse request(String method, String token, String contentType, String body) {
        String query = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        Map<String, List<String>> headers = contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(method + " /consent/withdraw", method, "/consent/withdraw", query,
                headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "203.0.113.7", Map.of());
        return withdraw.handleRequest(e, new LocalContext("ConsentWithdrawFunction", 10));
    }

    APIGatewayV2HTTPResponse oneClick(String token) {
        return request("POST", token, "application/x-www-form-urlencoded", "List-Unsubscribe=One-Click");
    }

    APIGatewayV2HTTPResponse confirmLink(String token) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event("GET /consent/confirm", "GET", "/consent/confirm",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8), Map.of(), null, "203.0.113.7", Map.of());
        return confirm.handleRequest(e, new LocalContext("ConsentConfirmFunction", 10));
    }

    Lead lead(String leadId) {
        return store.reads().findLead(leadId).orElseThrow();
    }

    List<Map<String, AttributeValue>> history(String leadId) {
        return DDB.queryPaginator(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :c)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId),
                                ":c", AttributeValue.fromS("CONSENT#"))))
                .items().stream().toList();
    }

    List<Map<String, AttributeValue>> allItems() {
        return DDB.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    @Test
    void oneClickWithdrawsAtOnceAndRecordsWhyOnce() {
        String leadId = confirmedLead();
        clock.advance(Duration.ofDays(2));
        String token = tokens.issueWithdrawal(leadId, "marketing");

        APIGatewayV2HTTPResponse first = oneClick(token);

        assertThat(first.getStatusCode()).isEqualTo(200);
        assertThat(first.getHeaders().get("content-type")).startsWith("text/plain");
        Lead lead = lead(leadId);
        assertThat(lead.consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(lead.consent().capturedAt()).isEqualTo(clock.instant());
        List<Map<String, AttributeValue>> history = history(leadId);
        assertThat(history).hasSize(2); // the confirmation, then the withdrawal
        Map<String, AttributeValue> withdrawal = history.get(1);
        assertThat(withdrawal.get("sk").s()).isEqualTo("CONSENT#2026-11-29T09:00:00.000000Z#" + lead.version());
        assertThat(withdrawal.get("itemType").s()).isEqualTo("consentChange");
        assertThat(withdrawal.get("purpose").s()).isEqualTo("marketing");
        assertThat(withdrawal.get("status").s()).isEqualTo("withdrawn");
        assertThat(withdrawal.get("previousStatus").s()).isEqualTo("confirmed");
        assertThat(withdrawal.get("source").s()).isEqualTo("unsubscribe_link");
        assertThat(withdrawal.get("at").s()).isEqualTo("2026-11-29T09:00:00Z");
        assertThat(withdrawal.get("evidence").s()).isEqualTo("token key 2026b");
        Map<String, AttributeValue> confirmation = history.get(0);
        assertThat(confirmation.get("source").s()).isEqualTo("double_opt_in_confirmation");
        assertThat(confirmation.get("status").s()).isEqualTo("confirmed");
        assertThat(confirmation.get("previousStatus").s()).isEqualTo("pending");

        clock.advance(Duration.ofHours(1));
        List<Map<String, AttributeValue>> before = allItems();
        APIGatewayV2HTTPResponse again = oneClick(token);
        APIGatewayV2HTTPResponse page = request("POST", token, "application/x-www-form-urlencoded", null);

        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders().get("content-type")).startsWith("text/html");
        assertThat(allItems()).as("idempotent: nothing written again").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void getShowsAButtonAndChangesNothing() {
        String leadId = confirmedLead();
        String token = tokens.issueWithdrawal(leadId, "marketing");
        List<Map<String, AttributeValue>> before = allItems();

        APIGatewayV2HTTPResponse page = request("GET", token, null, null);

        assertThat(page.getStatusCode()).isEqualTo(200);
        assertThat(page.getHeaders().get("content-type")).startsWith("text/html");
        assertThat(page.getHeaders().get("content-security-policy")).contains("frame-ancestors 'none'");
        assertThat(page.getBody()).contains("<form method=\"post\" action=\"?token=" + token + "\">").contains("<button");
        assertThat(allItems()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.CONFIRMED);

        // the page's button: an empty form post
        APIGatewayV2HTTPResponse done = request("POST", token, "application/x-www-form-urlencoded", null);
        assertThat(done.getStatusCode()).isEqualTo(200);
        assertThat(done.getBody()).contains("Abgemeldet");
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);
    }

    @Test
    void forgedGarbledRetiredAndConfirmationTokensAreRefusedAndChangeNothing() {
        String leadId = confirmedLead();
        String genuine = tokens.issueWithdrawal(leadId, "marketing");
        String byOldKey = new ConsentTokens(TokenKeys.of(OLD)).issueWithdrawal(leadId, "marketing");
        String foreign = new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse("2026b:an-attackers-secret-0123456789abcdef", "t")))
                .issueWithdrawal(leadId, "marketing");
        String confirmation = tokens.issue(leadId, "some-interaction", T0.plus(Duration.ofDays(3)));
        List<Map<String, AttributeValue>> before = allItems();
        clock.set(OVERLAP_END);

        for (String bad : List.of(genuine.substring(0, genuine.length() - 2) + "AA", "garbled", "", foreign, byOldKey,
                confirmation)) {
            assertThat(oneClick(bad).getStatusCode()).as(bad).isEqualTo(400);
            assertThat(request("GET", bad, null, null).getStatusCode()).as(bad).isEqualTo(400);
            assertThat(request("POST", bad, "application/x-www-form-urlencoded", null).getStatusCode()).as(bad).isEqualTo(400);
        }
        assertThat(allItems()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.CONFIRMED);
    }

    @Test
    void aLinkSignedWithThePreviousKeyWorksDuringTheOverlap() {
        String leadId = confirmedLead();
        String byOldKey = new ConsentTokens(TokenKeys.of(OLD)).issueWithdrawal(leadId, "marketing");
        clock.set(OVERLAP_END.minusSeconds(1));

        assertThat(oneClick(byOldKey).getStatusCode()).isEqualTo(200);
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);
        assertThat(history(leadId).getLast().get("evidence").s()).isEqualTo("token key 2026a");
    }

    @Test
    void anUnknownLeadIsAnsweredAsDoneAndTheStoreWithdrawsOnce() {
        String leadId = confirmedLead();
        // an id no lead ever had: answered as done (such a lead gets no mail either), nothing written
        List<Map<String, AttributeValue>> before = allItems();
        assertThat(oneClick(tokens.issueWithdrawal("no-such-lead", "marketing")).getStatusCode()).isEqualTo(200);
        assertThat(allItems()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(store.consents().withdrawConsent(leadId, "marketing", clock.instant(), "mail_complaint", "fb-1"))
                .isEqualTo(ConsentChange.CHANGED);
        assertThat(store.consents().withdrawConsent(leadId, "marketing", clock.instant(), "mail_complaint", "fb-1"))
                .isEqualTo(ConsentChange.ALREADY);
        assertThat(store.consents().withdrawConsent("no-such-lead", "marketing", clock.instant(), "mail_complaint", null))
                .isEqualTo(ConsentChange.UNKNOWN_LEAD);
    }

    @Test
    void onlyANewDoubleOptInConfirmationLiftsAWithdrawal() {
        String email = address("bert");
        String first = capture.capture(CaptureCommand.formPost(FORMS.find("newsletter").orElseThrow(),
                new FormFields().add("email", email).add("consent", "on"), "hmac-sha256:t1:test", null, null)).interactionId();
        String leadId = store.reads().findLeadIdByEmail(email).orElseThrow();
        store.consents().recordPendingOptIn(leadId, first, null, T0.plus(Duration.ofDays(3)));
        String oldLink = tokens.issue(leadId, first, T0.plus(Duration.ofDays(3)));
        assertThat(confirmLink(oldLink).getStatusCode()).isEqualTo(200);
        assertThat(oneClick(tokens.issueWithdrawal(leadId, "marketing")).getStatusCode()).isEqualTo(200);

        // the old confirmation link again: its opt-in is settled, the withdrawal stands
        clock.advance(Duration.ofHours(1));
        assertThat(confirmLink(oldLink).getStatusCode()).isEqualTo(404);
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);

        // single opt-in (contact form with a ticked box) and a new double opt-in post: still withdrawn
        post("contact", new FormFields().add("email", email).add("consent", "on").add("message", "Rückruf bitte"));
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);
        String again = capture.capture(CaptureCommand.formPost(FORMS.find("newsletter").orElseThrow(),
                new FormFields().add("email", email).add("consent", "on"), "hmac-sha256:t1:test", null, null)).interactionId();
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.WITHDRAWN);

        // its confirmation (the opt-in mail recorded the pending opt-in) makes it confirmed
        store.consents().recordPendingOptIn(leadId, again, null, clock.instant().plus(Duration.ofDays(3)));
        assertThat(confirmLink(tokens.issue(leadId, again, clock.instant().plus(Duration.ofDays(3)))).getStatusCode())
                .isEqualTo(200);
        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.CONFIRMED);
        assertThat(history(leadId)).extracting(h -> h.get("status").s() + "<-" + h.get("previousStatus").s()
                + " " + h.get("source").s()).containsExactly(
                "confirmed<-pending double_opt_in_confirmation",
                "withdrawn<-confirmed unsubscribe_link",
                "confirmed<-withdrawn double_opt_in_confirmation");
    }

    @Test
    void anExpiredOptInIsRecordedInTheHistory() {
        String email = address("carla");
        String leadId = post("newsletter", new FormFields().add("email", email).add("consent", "on"));
        clock.advance(Duration.ofDays(3));

        assertThat(store.consents().purgePendingConsent(leadId, clock.instant())).isTrue();

        assertThat(lead(leadId).consent().status()).isEqualTo(ConsentStatus.NONE);
        Map<String, AttributeValue> expired = history(leadId).getFirst();
        assertThat(expired.get("source").s()).isEqualTo("double_opt_in_expired");
        assertThat(expired.get("status").s()).isEqualTo("none");
        assertThat(expired.get("previousStatus").s()).isEqualTo("pending");
    }

    @Test
    void theSampleEventsCarryATokenOfTheLocalKey() throws Exception {
        ConsentTokens local = new ConsentTokens(TokenKeys.of(
                TokenKeys.Key.parse("local1:local-development-consent-secret-not-secret", "make run key")));
        for (String sample : List.of("consent-withdraw-page.json", "consent-withdraw-one-click.json")) {
            String token = Json.MAPPER.readTree(Files.readString(RepoLayout.root().resolve("events").resolve(sample)))
                    .path("queryStringParameters").path("token").asText();
            assertThat(local.verifyWithdrawal(token, Instant.now()).purpose()).as(sample).isEqualTo("marketing");
        }
    }
}

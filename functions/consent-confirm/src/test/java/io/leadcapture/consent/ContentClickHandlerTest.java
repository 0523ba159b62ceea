package io.leadcapture.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.ErasureRequest;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.InteractionType;
import io.leadcapture.core.Lead;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.NurtureConfig;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.local.aws.FaultProxy;
import io.leadcapture.local.aws.FaultProxy.Fault;
import io.leadcapture.local.aws.FaultProxy.Match;
import io.leadcapture.local.aws.HttpApiEvents;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.MovableClock;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.aws.AwsClients;
import io.leadcapture.runtime.store.LeadStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code GET /r/{token}} against moto: a genuine click redirects to its step's link and records one
 * content_click with its ledger entry and the profile's last touch, once per token and UTC day;
 * forged and other-action tokens get a 400 page; an unknown step or a gone lead go to the fallback;
 * HEAD and failures of the store record nothing and still redirect.
 */
class ContentClickHandlerTest {
    static final DynamoDbClient DDB = LocalAws.dynamoDb(MotoServer.endpoint());
    static final TokenKeys.Key KEY = TokenKeys.Key.parse("2026a:click-secret-0123456789abcdef012345", "test");
    static final Instant T0 = Instant.parse("2026-11-27T09:00:00Z");
    static final String FALLBACK = "https://www.example.com/";
    static final String LINK = "https://www.example.com/leitfaden?utm_source=nurture&utm_content=step-1";
    /** The handler's port, as the tests need it: one sequence with a linked step 1 and step 2. */
    static final NurtureLinks LINKS = new NurtureLinks() {
        @Override
        public Optional<String> linkOf(String sequence, int step) {
            if (!"welcome".equals(sequence)) {
                return Optional.empty();
            }
            return switch (step) {
                case 1 -> Optional.of(LINK);
                case 2 -> Optional.of("https://www.example.com/fallstudie?utm_content=step-2");
                default -> Optional.empty();
            };
        }

        @Override
        public String fallbackUrl() {
            return FALLBACK;
        }
    };

    String table;
    LeadStore store;
    MovableClock clock;
    CaptureLead capture;
    ConsentTokens tokens;
    ContentClickHandler handler;

    @BeforeEach
    void fresh() {
        table = LocalAws.freshLeadsTable(DDB);
        store = new LeadStore(DDB, table);
        clock = new MovableClock(T0);
        capture = UseCases.captureLead(store, FreeMailDomains.bundled(), clock);
        tokens = new ConsentTokens(TokenKeys.of(KEY));
        handler = handler(store);
    }

    ContentClickHandler handler(LeadStore on) {
        return new ContentClickHandler(UseCases.recordContentClick(on, clock), LINKS, tokens, clock);
    }

    String lead() {
        String email = "nora." + UUID.randomUUID().toString().substring(0, 8) + "@beispiel-werke.de";
        return capture.capture(CaptureCommand.formPost(FormCatalog.bundled().find("newsletter").orElseThrow(),
                new FormFields().add("email", email).add("company", "Beispiel Werke GmbH").add("consent", "on"), "hmac-sha256:t1:test",
                null, null)).leadId();
    }

    static APIGatewayV2HTTPResponse click(ContentClickHandler on, String method, String token) {
        APIGatewayV2HTTPEvent e = HttpApiEvents.event(method + " /r/{token}", method, "/r/" + token, null, Map.of(),
                null, "203.0.113.7", Map.of("token", token));
        return on.handleRequest(e, new LocalContext("ContentClickFunction", 10));
    }

    APIGatewayV2HTTPResponse click(String token) {
        return click(handler, "GET", token);
    }

    List<Map<String, AttributeValue>> partition(String leadId) {
        return DDB.queryPaginator(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("LEAD#" + leadId)))).items().stream().toList();
    }

    List<Map<String, AttributeValue>> clicks(String leadId) {
        return partition(leadId).stream().filter(i -> i.get("sk").s().startsWith("INTERACTION#"))
                .filter(i -> "content_click".equals(i.get("interactionType").s())).toList();
    }

    static void assertRedirect(APIGatewayV2HTTPResponse r, String to) {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(302);
        assertThat(r.getHeaders()).containsEntry("location", to).containsEntry("cache-control", "no-store")
                .containsEntry("referrer-policy", "no-referrer");
    }

    @Test
    void aClickRedirectsToTheStepsLinkAndRecordsOneContentClickAsACaptureWould() {
        String leadId = lead();
        Lead before = store.reads().findLead(leadId).orElseThrow();
        clock.advance(Duration.ofMinutes(5));

        APIGatewayV2HTTPResponse r = click(tokens.issueClick(leadId, "welcome", 1));

        assertRedirect(r, LINK);
        List<Map<String, AttributeValue>> clicks = clicks(leadId);
        assertThat(clicks).hasSize(1);
        Map<String, AttributeValue> item = clicks.getFirst();
        assertThat(item.get("channel").s()).isEqualTo("nurture");
        assertThat(item.get("direction").s()).isEqualTo("inbound");
        assertThat(item).doesNotContainKey("formId").doesNotContainKey("submitted");
        assertThat(item.get("sourceIds").m()).isEqualTo(Map.of("sequence", AttributeValue.fromS("welcome"),
                "step", AttributeValue.fromS("1")));
        assertThat(item.get("occurredAt").s()).isEqualTo(clock.instant().toString());
        // its ledger entry, in the same transaction
        String interactionId = item.get("interactionId").s();
        Map<String, AttributeValue> ledger = partition(leadId).stream()
                .filter(i -> i.get("sk").s().equals("ENGAGEMENT")).findFirst().orElseThrow();
        assertThat(ledger.get("e#" + interactionId).s()).startsWith("content_click|");
        // the profile: last touch and count as a capture keeps them, contact data and consent as they were
        Lead after = store.reads().findLead(leadId).orElseThrow();
        assertThat(after.lastTouch().type()).isEqualTo(InteractionType.CONTENT_CLICK);
        assertThat(after.lastTouch().channel()).isEqualTo("nurture");
        assertThat(after.firstTouch()).isEqualTo(before.firstTouch());
        assertThat(after.interactionCount()).isEqualTo(2);
        assertThat(after.profile()).isEqualTo(before.profile());
        assertThat(after.consent()).isEqualTo(before.consent());
        // no token is stored: the idempotency record names the lead and interaction only
        assertThat(DDB.scanPaginator(s -> s.tableName(table)).items().stream()
                .flatMap(i -> i.values().stream()).filter(v -> v.s() != null)
                .anyMatch(v -> v.s().contains(tokens.issueClick(leadId, "welcome", 1)))).isFalse();
    }

    @Test
    void aSecondClickTheSameDayRecordsNothingNewAndOneTheNextDayRecordsOne() {
        String leadId = lead();
        String token = tokens.issueClick(leadId, "welcome", 1);

        assertRedirect(click(token), LINK);
        clock.advance(Duration.ofHours(3));
        assertRedirect(click(token), LINK);
        assertThat(clicks(leadId)).hasSize(1);
        assertThat(store.reads().findLead(leadId).orElseThrow().interactionCount()).isEqualTo(2);

        // another step's link the same day is another click
        assertRedirect(click(tokens.issueClick(leadId, "welcome", 2)), "https://www.example.com/fallstudie?utm_content=step-2");
        assertThat(clicks(leadId)).hasSize(2);

        clock.set(Instant.parse("2026-11-28T08:00:00Z"));
        assertRedirect(click(token), LINK);
        assertRedirect(click(token), LINK);
        assertThat(clicks(leadId)).hasSize(3);
    }

    @Test
    void forgedGarbledAndOtherActionTokensGetA400PageAndRecordNothing() {
        String leadId = lead();
        String genuine = tokens.issueClick(leadId, "welcome", 1);
        String forged = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BA" : "AA");
        String otherKey = new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse(
                "2026a:another-secret-0123456789abcdef0123", "test"))).issueClick(leadId, "welcome", 1);
        String withdrawal = tokens.issueWithdrawal(leadId, "marketing");
        for (String token : List.of(forged, otherKey, withdrawal, "not-a-token", "x.y")) {
            APIGatewayV2HTTPResponse r = click(token);
            assertThat(r.getStatusCode()).as(token).isEqualTo(400);
            assertThat(r.getHeaders()).as(token).doesNotContainKey("location").containsEntry("cache-control", "no-store")
                    .containsEntry("referrer-policy", "no-referrer");
            assertThat(r.getHeaders().get("content-type")).startsWith("text/html");
        }
        assertThat(clicks(leadId)).isEmpty();
    }

    @Test
    void aStepNoLongerConfiguredGoesToTheFallbackAndRecordsNothing() {
        String leadId = lead();
        assertRedirect(click(tokens.issueClick(leadId, "welcome", 3)), FALLBACK);
        assertRedirect(click(tokens.issueClick(leadId, "retired-sequence", 1)), FALLBACK);
        assertThat(clicks(leadId)).isEmpty();
    }

    @Test
    void anErasedLeadOrOneBeingErasedGoesToTheFallbackAndRecordsNothing() {
        String erased = lead();
        UseCases.eraseLead(store, clock).erase(new EraseCommand(erased, "dpo@example.com", "request", null));
        assertRedirect(click(tokens.issueClick(erased, "welcome", 1)), FALLBACK);
        assertThat(partition(erased)).extracting(i -> i.get("sk").s()).containsExactly("ERASED");

        String erasing = lead();
        Lead read = store.reads().findLead(erasing).orElseThrow();
        assertThat(store.erasures().markErasing(read, new ErasureRequest("dpo@example.com", "request",
                clock.instant()))).isTrue();
        assertRedirect(click(tokens.issueClick(erasing, "welcome", 1)), FALLBACK);
        assertThat(clicks(erasing)).isEmpty();

        String unknown = UUID.randomUUID().toString();
        assertRedirect(click(tokens.issueClick(unknown, "welcome", 1)), FALLBACK);
        assertThat(partition(unknown)).isEmpty();
    }

    @Test
    void headRedirectsWithoutABodyAndRecordsNothing() {
        String leadId = lead();
        APIGatewayV2HTTPResponse r = click(handler, "HEAD", tokens.issueClick(leadId, "welcome", 1));
        assertRedirect(r, LINK);
        assertThat(r.getBody()).isNull();
        assertThat(clicks(leadId)).isEmpty();
        // a click after the scanner's HEAD is still recorded
        assertRedirect(click(tokens.issueClick(leadId, "welcome", 1)), LINK);
        assertThat(clicks(leadId)).hasSize(1);
    }

    @Test
    void aClickWhoseAnswerTheStoreLostStillRedirectsAndItsRetryIsRecognised() {
        String leadId = lead();
        String token = tokens.issueClick(leadId, "welcome", 1);
        try (FaultProxy proxy = FaultProxy.start(MotoServer.endpoint())) {
            DynamoDbClient viaProxy = DynamoDbClient.builder().endpointOverride(proxy.endpoint()).region(LocalAws.REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .httpClient(AwsClients.httpClient()).overrideConfiguration(AwsClients.overrides()).build();
            ContentClickHandler flaky = handler(new LeadStore(viaProxy, table));
            // the transaction commits, its answer comes after the click's time is up
            proxy.on(Match.dynamoDb("TransactWriteItems"), Fault.answerDelayed(Duration.ofSeconds(6)));
            assertRedirect(click(flaky, "GET", token), LINK);
            assertThat(clicks(leadId)).hasSize(1);

            // the person clicks again: the record of the first click is found, nothing new
            assertRedirect(click(flaky, "GET", token), LINK);
            assertThat(clicks(leadId)).hasSize(1);

            // the store down altogether: the person still gets the content
            proxy.on(Match.any(), Fault.error(500, "InternalServerError", "down"), Fault.error(500, "InternalServerError", "down"),
                    Fault.error(500, "InternalServerError", "down"), Fault.error(500, "InternalServerError", "down"),
                    Fault.error(500, "InternalServerError", "down"), Fault.error(500, "InternalServerError", "down"));
            assertRedirect(click(flaky, "GET", tokens.issueClick(leadId, "welcome", 2)),
                    "https://www.example.com/fallstudie?utm_content=step-2");
        }
        assertThat(clicks(leadId)).hasSize(1);
    }

    @Test
    void theHandlerRedirectsToTheLinksOfTheBundledNurtureConfig() {
        NurtureLinks bundled = NurtureLinks.of(NurtureConfig.bundled());
        assertThat(bundled.fallbackUrl()).isEqualTo("https://www.example.com/");
        assertThat(bundled.linkOf("newsletter-welcome", 1)).contains("https://www.example.com/leitfaden/lead-erfassung"
                + "?utm_source=nurture&utm_medium=email&utm_campaign=newsletter-welcome&utm_content=step-1");
        assertThat(bundled.linkOf("newsletter-welcome", 3)).isEmpty();
        assertThat(bundled.linkOf("no-such-sequence", 1)).isEmpty();
    }
}

package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.notify.ConsentTokens;
import io.leadcapture.core.notify.TokenKeys;
import io.leadcapture.core.notify.OptInMailRenderer;
import io.leadcapture.core.scoring.LeadScorer;
import io.leadcapture.core.scoring.ScoringConfig;
import io.leadcapture.core.scoring.StageRules;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.local.aws.SamTemplate;
import io.leadcapture.local.streams.LocalStreams;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.store.LeadStore;
import io.leadcapture.scoring.DailyRescoreHandler;
import io.leadcapture.scoring.LeadRescorer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The stream pipeline end to end: form posts through the local runner's HTTP API, the table's
 * stream read as Lambda's event source mappings read it (template filters, batch sizes, retries),
 * the scoring and notification functions built by their no-arg constructors, SES in moto.
 */
// The fifty-post test fills moto's one-request-at-a-time queue for a while; it runs last so that the
// waits of the other tests do not measure its backlog. No test uses another's data.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineTest {
    static LocalRunner runner;
    static String api;
    static URI endpoint;
    static Outbox outbox;
    static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        endpoint = MotoServer.endpoint();
        System.setProperty("aws.endpointUrl", endpoint.toString());
        runner = new LocalRunner(SamTemplate.bundled());
        runner.createTables(endpoint);
        runner.verifySender(endpoint);
        // The funnel's counting transactions are tested in lead-reports (FunnelHandlerTest); here they
        // would only slow the one-request-at-a-time emulator under the mail and scoring pipeline.
        runner.startStreams(endpoint, java.util.Set.of("FunnelFunction"));
        runner.start(0);
        api = "http://127.0.0.1:" + runner.port();
        outbox = new Outbox(endpoint);
    }

    @AfterAll
    static void stop() {
        runner.stop();
        System.clearProperty("aws.endpointUrl");
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The fields of a JSON form post, in the order they are put. */
    static ObjectNode fields() {
        return Json.MAPPER.createObjectNode();
    }

    /** A JSON form post; the answer says only that it was accepted, never which lead it landed on. */
    static JsonNode postJson(String form, JsonNode fields) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/forms/" + form))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Json.write(fields))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        assertThat(body.has("leadId")).isFalse();
        return body;
    }

    /** The id of the one lead with this email, as sales finds it (GET /leads?email=). */
    static String leadIdByEmail(String email) throws Exception {
        return onlyLead("email", email).path("leadId").asText();
    }

    /** The id of the one lead with this phone (GET /leads?phone=). */
    static String leadIdByPhone(String phone) throws Exception {
        return onlyLead("phone", phone).path("leadId").asText();
    }

    static JsonNode onlyLead(String by, String value) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/leads?" + by + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8))));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode items = Json.MAPPER.readTree(r.body()).path("items");
        assertThat(items).as("leads with " + by + " " + value).hasSize(1);
        return items.get(0);
    }

    static JsonNode lead(String leadId) throws Exception {
        return Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))).body());
    }

    static void caughtUp() {
        caughtUp(Duration.ofSeconds(60));
    }

    static void caughtUp(Duration within) {
        assertThat(runner.streams().awaitCaughtUp(within)).as("streams caught up").isTrue();
    }

    /**
     * Waits for what the stream functions do; generous, since moto serves one request at a time behind
     * busy pollers. A condition that throws (a read before the item exists) is not met yet.
     */
    static void await(Callable<Boolean> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!holds(condition)) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean holds(Callable<Boolean> condition) {
        try {
            return condition.call();
        } catch (Exception e) {
            return false;
        }
    }

    static List<Outbox.SentMail> mailsTo(String address) throws Exception {
        return outbox.mails().stream().filter(m -> m.to().contains(address)).toList();
    }

    static List<Outbox.SentMail> mailsAbout(String marker) throws Exception {
        return outbox.mails().stream().filter(m -> m.subject().contains(marker) || m.html().contains(marker)).toList();
    }

    /** Mails about a lead that went to anyone but the lead itself (its opt-in mail is not a sales mail). */
    static List<Outbox.SentMail> salesMailsAbout(String marker, String leadEmail) throws Exception {
        return mailsAbout(marker).stream().filter(m -> !m.to().contains(leadEmail)).toList();
    }

    static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void coldNewsletterSignupGetsOneOptInMailAndItsLinkConfirmsConsent() throws Exception {
        String email = "anna." + unique() + "@web.de";
        postJson("newsletter", fields().put("email", email).put("first_name", "Anna").put("consent", true));
        String leadId = leadIdByEmail(email);
        await(() -> lead(leadId).has("temperature") && mailsTo(email).size() == 1, "scoring and the opt-in mail");
        caughtUp();

        JsonNode lead = lead(leadId);
        assertThat(lead.path("temperature").asText()).isEqualTo("cold");
        assertThat(lead.path("stage").asText()).isEqualTo("lead");
        assertThat(lead.path("consent").path("status").asText()).isEqualTo("pending");
        for (String field : List.of("score", "fitScore", "engagementScore", "scoreReasons", "scoredAt")) {
            assertThat(lead.has(field)).as(field).isTrue();
        }
        List<Outbox.SentMail> mails = mailsTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).subject()).isEqualTo(OptInMailRenderer.SUBJECT);
        assertThat(mails.get(0).from()).isEqualTo("leads@example.com");
        assertThat(mailsAbout(email).stream().filter(m -> !m.to().contains(email))).as("no sales mail").isEmpty();

        // the link in the mail, pointed at this test's runner
        Matcher link = Pattern.compile("/consent/confirm\\?token=([A-Za-z0-9_%.-]+)").matcher(mails.get(0).html());
        assertThat(link.find()).isTrue();
        URI confirm = URI.create(api + "/consent/confirm?token=" + link.group(1));
        HttpResponse<String> first = send(HttpRequest.newBuilder(confirm));
        HttpResponse<String> again = send(HttpRequest.newBuilder(confirm));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).as("a second click is fine").isEqualTo(200);
        assertThat(first.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(lead(leadId).path("consent").path("status").asText()).isEqualTo("confirmed");

        HttpResponse<String> forged = send(HttpRequest.newBuilder(URI.create(api + "/consent/confirm?token="
                + link.group(1).substring(0, link.group(1).length() - 3) + "AAA")));
        assertThat(forged.statusCode()).isEqualTo(400);
        String expiredToken = new ConsentTokens(TokenKeys.of(TokenKeys.Key.parse(System.getenv("CONSENT_TOKEN_KEY"), "CONSENT_TOKEN_KEY")))
                .issue(leadId, "x", Instant.now().minusSeconds(60));
        HttpResponse<String> expired = send(HttpRequest.newBuilder(URI.create(api + "/consent/confirm?token="
                + URLEncoder.encode(expiredToken, StandardCharsets.UTF_8))));
        assertThat(expired.statusCode()).isEqualTo(410);
        caughtUp();
        assertThat(mailsTo(email)).as("no further mail to the lead").hasSize(1);
    }

    @Test
    void aConfirmedNewsletterSignupIsNurturedAndTheScheduleSendsItsFirstStepOnce() throws Exception {
        String email = "nora." + unique() + "@web.de";
        postJson("newsletter", fields().put("email", email).put("first_name", "Nora").put("consent", true));
        String leadId = leadIdByEmail(email);
        await(() -> lead(leadId).has("temperature") && mailsTo(email).size() == 1, "scoring and the opt-in mail");
        assertThat(send(HttpRequest.newBuilder(confirmationLink(email))).statusCode()).isEqualTo(200);
        await(() -> lead(leadId).has("nurture"), "the enrolment in a nurture sequence");
        JsonNode nurture = lead(leadId).path("nurture");
        assertThat(nurture.path("sequence").asText()).isEqualTo("newsletter-welcome");
        assertThat(nurture.path("step").asInt()).isZero();
        assertThat(lead(leadId).has("nurturedAt")).isTrue();

        // POST /_local/schedule?now=<the step's time>: every scheduled function, the nurture sender among them
        Instant due = Instant.parse(nurture.path("nextAt").asText());
        Map<String, Object> run = runner.runSchedules(due);
        assertThat(Json.MAPPER.valueToTree(run.get("NurtureFunction")).path("sent").asInt()).isEqualTo(1);
        runner.runSchedules(due);
        List<Outbox.SentMail> steps = mailsTo(email).stream().filter(m -> m.subject().startsWith("Willkommen")).toList();
        assertThat(steps).as("step 1 once, also after a replayed run").hasSize(1);
        assertThat(steps.get(0).html()).contains("/consent/withdraw?token=").contains("/r/");
        assertThat(lead(leadId).path("nurture").path("step").asInt()).isEqualTo(1);
    }

    /** The confirmation link of the only opt-in mail to {@code email}, pointed at this test's runner. */
    static URI confirmationLink(String email) throws Exception {
        List<Outbox.SentMail> optIns = mailsTo(email).stream()
                .filter(m -> m.subject().equals(OptInMailRenderer.SUBJECT)).toList();
        assertThat(optIns).hasSize(1);
        Matcher link = Pattern.compile("/consent/confirm\\?token=([A-Za-z0-9_%.-]+)").matcher(optIns.get(0).html());
        assertThat(link.find()).isTrue();
        return URI.create(api + "/consent/confirm?token=" + link.group(1));
    }

    @Test
    void confirmingADoubleOptInAppliesTheConfirmedSubmissionsValues() throws Exception {
        String email = "dora." + unique() + "@beispiel-werke.de";
        postJson("contact", fields().put("email", email).put("first_name", "Dora").put("company", "Alt AG"));
        String leadId = leadIdByEmail(email);
        postJson("newsletter", fields().put("email", email).put("first_name", "Dorothea")
                .put("company", "Neu GmbH").put("consent", true));
        await(() -> mailsTo(email).size() == 1, "the opt-in mail");
        JsonNode proposed = lead(leadId);
        assertThat(proposed.path("firstName").asText()).isEqualTo("Dora");
        assertThat(proposed.path("proposedChanges")).hasSize(2);

        assertThat(send(HttpRequest.newBuilder(confirmationLink(email))).statusCode()).isEqualTo(200);

        JsonNode confirmed = lead(leadId);
        assertThat(confirmed.path("consent").path("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.path("firstName").asText()).isEqualTo("Dorothea");
        assertThat(confirmed.path("company").asText()).isEqualTo("Neu GmbH");
        assertThat(confirmed.has("proposedChanges")).as("the confirmed proposals are settled").isFalse();
    }

    @Test
    void aPhoneTakeOverGetsItsOwnLeadAndItsOptInMailHoldsNothingOfTheVictim() throws Exception {
        String tag = unique();
        String phone = "+4930" + (10_000_000 + Math.abs(tag.hashCode() % 89_999_999));
        postJson("callback", fields().put("phone", phone).put("first_name", "Viktoria" + tag)
                .put("last_name", "Opfer").put("company", "Opfer" + tag + " GmbH"));
        String victim = leadIdByPhone(phone);
        String attackerEmail = "mallory." + tag + "@example-angreifer.de";

        postJson("newsletter", fields().put("email", attackerEmail).put("phone", phone).put("consent", true));
        String attacker = leadIdByEmail(attackerEmail);
        await(() -> mailsTo(attackerEmail).size() == 1, "the attacker's opt-in mail");
        caughtUp();

        assertThat(attacker).isNotEqualTo(victim);
        assertThat(lead(victim).path("possibleDuplicateOf").get(0).asText()).isEqualTo(attacker);
        assertThat(lead(victim).has("email")).isFalse();
        Outbox.SentMail mail = mailsTo(attackerEmail).get(0);
        assertThat(mail.subject() + mail.html()).doesNotContain("Viktoria" + tag).doesNotContain("Opfer" + tag)
                .doesNotContain(phone);
    }

    @Test
    void hotDemoRequestBecomesMqlWithExactlyOneEscapedSalesMailAndNoMoreAfterward() throws Exception {
        String marker = unique();
        String email = "joerg." + marker + "@mueller-soehne.de";
        postJson("demo", fields().put("email", email).put("first_name", "Jörg")
                .put("last_name", "Weiß" + marker).put("company", "<b>Müller & Söhne</b> GmbH").put("job_title", "Geschäftsführer")
                .put("company_size", "51-250").put("budget_responsibility", "yes").put("country", "DE").put("consent", true));
        String leadId = leadIdByEmail(email);
        await(() -> salesMailsAbout(marker, email).size() == 1, "the sales mail");
        caughtUp();

        JsonNode lead = lead(leadId);
        assertThat(lead.path("temperature").asText()).isEqualTo("hot");
        assertThat(lead.path("stage").asText()).isEqualTo("MQL");
        List<Outbox.SentMail> sales = salesMailsAbout(marker, email);
        assertThat(sales).hasSize(1);
        Outbox.SentMail mail = sales.get(0);
        assertThat(mail.to()).singleElement().asString().matches("dach-sales-\\d@example\\.com");
        assertThat(mail.subject()).doesNotContain("\n", "\r").contains("Jörg");
        assertThat(mail.html()).contains("&lt;b&gt;Müller &amp; Söhne&lt;/b&gt;").doesNotContain("<b>Müller");

        // another touchpoint of the MQL: still one sales mail
        postJson("contact", fields().put("email", email).put("message", "Rückfrage"));
        await(() -> lead(leadId).path("interactionCount").asInt() == 2, "second interaction");
        caughtUp();
        Thread.sleep(500);
        caughtUp();
        assertThat(salesMailsAbout(marker, email)).hasSize(1);

        // replaying the whole stream from the start through fresh mappings sends nothing new
        int before = outbox.mails().size();
        try (LocalStreams replay = LocalStreams.fromTemplate(SamTemplate.bundled(), endpoint, LocalRunner::tableName).start()) {
            assertThat(replay.awaitCaughtUp(Duration.ofSeconds(60))).isTrue();
            assertThat(replay.invocations()).as("the replay did run the functions").isPositive();
        }
        assertThat(outbox.mails()).hasSize(before);
    }

    @Test
    void whitepaperAutoResponseGoesOutOncePerCapWindow() throws Exception {
        String email = "reader." + unique() + "@gmail.com";
        postJson("whitepaper", fields().put("email", email).put("first_name", "<Eve>"));
        await(() -> mailsTo(email).stream().anyMatch(m -> m.subject().contains("Whitepaper")), "the auto-response");
        postJson("whitepaper", fields().put("email", email));
        caughtUp();
        Thread.sleep(500);
        caughtUp();
        List<Outbox.SentMail> autoResponses = mailsTo(email).stream().filter(m -> m.subject().contains("Whitepaper")).toList();
        assertThat(autoResponses).as("one automated mail per 24 h").hasSize(1);
        // a neutral greeting: nothing a post gave, nothing the profile holds
        assertThat(autoResponses.get(0).html()).contains("Guten Tag,").doesNotContain("Eve");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void fiftyNewsletterPostsForOneAddressSendOneOptInMailAndAreAllRecorded() throws Exception {
        String email = "bombed." + unique() + "@beispiel-werke.de";
        for (int i = 0; i < 50; i++) {
            postJson("newsletter", fields().put("email", email).put("consent", true));
        }
        await(() -> {
            try {
                return onlyLead("email", email).path("interactionCount").asInt() == 50;
            } catch (Exception | AssertionError e) {
                return false;
            }
        }, "all 50 posts stored");
        await(() -> mailsTo(email).size() == 1, "the opt-in mail");
        // 50 interactions to score and to notify about: give the stream functions time to finish
        caughtUp(Duration.ofMinutes(3));
        Thread.sleep(500);
        caughtUp(Duration.ofMinutes(1));

        List<Outbox.SentMail> mails = mailsTo(email);
        assertThat(mails).as("what SES received for the address").hasSize(1);
        assertThat(mails.get(0).subject()).isEqualTo(OptInMailRenderer.SUBJECT);
        JsonNode lead = lead(leadIdByEmail(email));
        assertThat(lead.path("interactionCount").asInt()).isEqualTo(50);
        assertThat(lead.path("interactions")).hasSize(50)
                .allSatisfy(i -> assertThat(i.path("type").asText()).isEqualTo("newsletter_signup"));
        assertThat(lead.path("consent").path("status").asText()).isEqualTo("pending");
        assertThat(send(HttpRequest.newBuilder(confirmationLink(email))).statusCode())
                .as("the one mail's link confirms").isEqualTo(200);
        assertThat(lead(leadIdByEmail(email)).path("consent").path("status").asText()).isEqualTo("confirmed");
    }

    @Test
    void theOptInMailShowsNothingOfTheProfileBeyondWhatItsSubmissionGave() throws Exception {
        String tag = unique();
        String email = "leser." + tag + "@beispiel-werke.de";
        postJson("contact", fields().put("email", email).put("first_name", "Anna").put("last_name", "Alt" + tag)
                .put("company", "Altbau " + tag + " GmbH").put("phone", "030 " + (1_000_000 + Math.abs(tag.hashCode() % 8_999_999))));
        String leadId = leadIdByEmail(email);
        postJson("newsletter", fields().put("email", email).put("first_name", "Mallory").put("consent", true));
        await(() -> mailsTo(email).size() == 1, "the opt-in mail");
        caughtUp();

        JsonNode lead = lead(leadId);
        assertThat(lead.path("firstName").asText()).as("the profile holds another first name").isEqualTo("Anna");
        String phoneDigits = lead.path("phone").asText().substring(3);
        Outbox.SentMail mail = mailsTo(email).get(0);
        assertThat(mail.subject()).isEqualTo(OptInMailRenderer.SUBJECT);
        assertThat(mail.to()).containsExactly(email);
        assertThat(mail.subject() + mail.html()).contains("Guten Tag,").contains("Hello,")
                .doesNotContain("Anna").doesNotContain("Alt" + tag).doesNotContain("Altbau " + tag)
                .doesNotContain(phoneDigits).doesNotContain("Mallory");
    }

    @Test
    void thirtyContactFormsFromOneFreeMailAddressMakeNoHotLeadNoMqlAndNoSalesMail() throws Exception {
        String marker = unique();
        String email = "spam." + marker + "@gmail.com";
        for (int i = 0; i < 30; i++) {
            postJson("contact", fields().put("email", email).put("last_name", "Spam" + marker).put("message", "Post " + i));
        }
        URI byEmail = URI.create(api + "/leads?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
        await(() -> {
            JsonNode items = Json.MAPPER.readTree(send(HttpRequest.newBuilder(byEmail)).body()).path("items");
            return items.size() == 1 && items.get(0).path("interactionCount").asInt() == 30;
        }, "all 30 posts stored");
        caughtUp();
        Thread.sleep(500);
        caughtUp();

        JsonNode items = Json.MAPPER.readTree(send(HttpRequest.newBuilder(byEmail)).body()).path("items");
        assertThat(items).as("one lead").hasSize(1);
        JsonNode lead = items.get(0);
        assertThat(lead.path("interactionCount").asInt()).as("every post is recorded").isEqualTo(30);
        // one contact form (20) + recency (5) − free mail without company (5): the other 29 are over the cap
        assertThat(lead.path("score").asInt()).isEqualTo(20);
        assertThat(lead.path("temperature").asText()).isEqualTo("cold");
        assertThat(lead.path("stage").asText()).isEqualTo("lead");
        assertThat(mailsAbout(marker).stream().filter(m -> !m.to().contains(email))).as("no sales mail").isEmpty();
    }

    @Test
    void salesMovesTheMqlToSqlWithWhoAndWhy() throws Exception {
        String email = "cto." + unique() + "@beispiel-maschinenbau.de";
        postJson("demo", fields().put("email", email).put("company", "Beispiel AG").put("job_title", "CTO")
                .put("company_size", "51-250").put("budget_responsibility", true).put("country", "AT"));
        String leadId = leadIdByEmail(email);
        await(() -> "MQL".equals(lead(leadId).path("stage").asText()), "MQL");
        HttpResponse<String> sql = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stage\":\"SQL\",\"reason\":\"Budget bestätigt\"}")));
        assertThat(sql.statusCode()).as(sql.body()).isEqualTo(200);
        JsonNode body = Json.MAPPER.readTree(sql.body());
        assertThat(body.path("stage").asText()).isEqualTo("SQL");
        JsonNode change = body.path("stageHistory").get(0);
        assertThat(change.path("from").asText()).isEqualTo("MQL");
        assertThat(change.path("to").asText()).isEqualTo("SQL");
        assertThat(change.path("who").asText()).isEqualTo("local");
        assertThat(change.path("why").asText()).isEqualTo("Budget bestätigt");

        HttpResponse<String> skip = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stage\":\"customer\"}")));
        assertThat(skip.statusCode()).isEqualTo(422);
        assertThat(Json.MAPPER.readTree(skip.body()).path("error").asText()).isEqualTo("illegal_stage_change");
        Map<String, Integer> badRequests = Map.of("{\"stage\":", 400, "{\"stage\":\"won\"}", 400,
                "{\"stage\":\"opportunity\",\"force\":\"yes\"}", 400, "[]", 400);
        for (Map.Entry<String, Integer> bad : badRequests.entrySet()) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))
                    .header("content-type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(bad.getKey())));
            assertThat(r.statusCode()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(Json.MAPPER.readTree(r.body()).path("error").asText()).isEqualTo("malformed_body");
        }
        HttpResponse<String> plain = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + leadId))
                .header("content-type", "text/plain").method("PATCH", HttpRequest.BodyPublishers.ofString("SQL")));
        assertThat(plain.statusCode()).isEqualTo(415);
        HttpResponse<String> unknown = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + UUID.randomUUID()))
                .header("content-type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"stage\":\"SQL\"}")));
        assertThat(unknown.statusCode()).isEqualTo(404);
        JsonNode unchanged = lead(leadId);
        assertThat(unchanged.path("stage").asText()).as("refused changes store nothing").isEqualTo("SQL");
        // scoring never takes the stage back from sales
        postJson("contact", fields().put("email", email));
        caughtUp();
        Thread.sleep(300);
        caughtUp();
        assertThat(lead(leadId).path("stage").asText()).isEqualTo("SQL");
    }

    @Test
    void aMergeSendsNoMailAgainAndRescoresTheLeadThatStays() throws Exception {
        String marker = unique();
        String phone = "030 " + (1_000_000 + (int) (Math.random() * 8_999_999));
        String email = "ceo." + marker + "@maschinen-beispiel.de";
        postAny("callback", "{\"phone\":\"" + phone + "\"}");
        // the same phone with a new email: a lead of its own, linked to the callback's
        postAny("demo", "{\"email\":\"" + email + "\",\"phone\":\"" + phone + "\",\"first_name\":\"Jörg\","
                + "\"last_name\":\"Weiß" + marker + "\",\"company\":\"Maschinen Beispiel GmbH\",\"job_title\":\"CEO\","
                + "\"company_size\":\"51-250\",\"budget_responsibility\":\"yes\",\"country\":\"DE\"}");
        postAny("newsletter", "{\"email\":\"" + email + "\",\"consent\":true}");
        await(() -> salesMailsAbout(marker, email).size() == 1 && mailsTo(email).size() == 1,
                "one sales mail and one opt-in mail");
        caughtUp();
        JsonNode emailLead = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(api + "/leads?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8)))).body()).path("items").get(0);
        String source = emailLead.path("leadId").asText();
        String target = emailLead.path("possibleDuplicateOf").get(0).asText();
        assertThat(emailLead.path("stage").asText()).isEqualTo("MQL");
        assertThat(lead(target).path("stage").asText()).isEqualTo("lead");
        Instant before = Instant.now();

        HttpResponse<String> merged = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + source + "/merge"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"into\":\"" + target + "\",\"reason\":\"dieselbe Person\"}")));

        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        await(() -> Instant.parse(lead(target).path("scoredAt").asText()).isAfter(before), "the lead that stays rescored");
        caughtUp();
        Thread.sleep(500);
        caughtUp();
        HttpResponse<String> gone = send(HttpRequest.newBuilder(URI.create(api + "/leads/" + source)));
        assertThat(gone.statusCode()).isEqualTo(404);
        JsonNode stays = lead(target);
        assertThat(stays.path("interactions")).hasSize(3);
        assertThat(stays.path("email").asText()).isEqualTo(email);
        assertThat(stays.path("stage").asText()).isEqualTo("MQL");
        assertThat(stays.path("temperature").asText()).isEqualTo("hot");
        assertThat(stays.has("possibleDuplicateOf")).isFalse();
        assertThat(mailsTo(email)).as("no second opt-in mail for the moved signup").hasSize(1);
        assertThat(salesMailsAbout(marker, email)).as("no second sales mail for the same person").hasSize(1);
    }

    /** A form post answered with any 2xx (the answer's body is not used). */
    static void postAny(String form, String json) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/forms/" + form))
                .header("content-type", "application/json").header("accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    /** The stream record of a lead turning into a hot MQL, as the event source mapping delivers it. */
    static com.amazonaws.services.lambda.runtime.events.DynamodbEvent becameHotMql(String leadId, boolean test, int version) {
        java.util.function.Function<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> str =
                v -> new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withS(v);
        var oldImage = new java.util.HashMap<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue>();
        oldImage.put("itemType", str.apply("lead"));
        oldImage.put("leadId", str.apply(leadId));
        oldImage.put("stage", str.apply("lead"));
        oldImage.put("temperature", str.apply("cold"));
        var newImage = new java.util.HashMap<>(oldImage);
        newImage.put("stage", str.apply("MQL"));
        newImage.put("temperature", str.apply("hot"));
        newImage.put("version", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withN(Integer.toString(version)));
        newImage.put("test", new com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue().withBOOL(test));
        var change = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        change.setOldImage(oldImage);
        change.setNewImage(newImage);
        change.setSequenceNumber("1" + version);
        var record = new com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("MODIFY");
        record.setDynamodb(change);
        var event = new com.amazonaws.services.lambda.runtime.events.DynamodbEvent();
        event.setRecords(List.of(record));
        return event;
    }

    @Test
    void testLeadsNeverReachSales() throws Exception {
        String marker = unique();
        postJson("contact", fields().put("email", "probe." + marker + "@testfirma.de").put("last_name", "Probe" + marker));
        String leadId = leadIdByEmail("probe." + marker + "@testfirma.de");
        caughtUp();
        var notifications = new io.leadcapture.notifications.NotificationHandler();
        var context = new io.leadcapture.local.aws.LocalContext("NotificationFunction", 60);
        // the same transition, flagged as a platform test lead: nothing goes to sales
        notifications.handleRequest(becameHotMql(leadId, true, 90), context);
        assertThat(mailsAbout(marker)).isEmpty();
        // control: the real lead's transition does reach sales, exactly once
        notifications.handleRequest(becameHotMql(leadId, false, 91), context);
        notifications.handleRequest(becameHotMql(leadId, false, 91), context);
        assertThat(mailsAbout(marker)).hasSize(1);
    }

    @Test
    void aPoisonRecordIsSetAsideAndTheRecordsAfterItAreScored() throws Exception {
        DynamoDbClient ddb = LocalAws.dynamoDb(endpoint);
        String table = LocalRunner.tableName("LeadsTable");
        // an interaction item without a lead: scoring cannot succeed on it, however often it retries
        String poison = "LEAD#poison-" + unique();
        ddb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS(poison),
                "sk", AttributeValue.fromS("INTERACTION#x"), "itemType", AttributeValue.fromS("interaction"))));
        String email = "after.poison." + unique() + "@firma.de";
        postJson("contact", fields().put("email", email));
        String leadId = leadIdByEmail(email);
        await(() -> lead(leadId).has("temperature"), "the record after the poison record to be scored");
        await(() -> runner.streams().failedRecords().stream().anyMatch(f -> f.eventSource().startsWith("ScoringFunction/")
                        && poison.equals(f.record().getDynamodb().getKeys().get("pk").getS())),
                "the poison record in the failure destination");
    }

    @Test
    void aHotLeadThatGoesQuietCoolsDownInTheDailyRescoring() throws Exception {
        String email = "quiet." + unique() + "@industrie-beispiel.de";
        postJson("demo", fields().put("email", email).put("company", "Industrie GmbH").put("job_title", "CEO")
                .put("company_size", "51-250").put("budget_responsibility", true).put("country", "DE"));
        String leadId = leadIdByEmail(email);
        await(() -> "hot".equals(lead(leadId).path("temperature").asText()), "hot");
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(120)), ZoneOffset.UTC);
        DynamoDbClient ddb = LocalAws.dynamoDb(endpoint);
        LeadStore store = new LeadStore(ddb, LocalRunner.tableName("LeadsTable"));
        ScoringConfig config = ScoringConfig.bundled();
        DailyRescoreHandler daily = new DailyRescoreHandler(store.decay(), new LeadRescorer(store.reads(), store.scores(),
                new LeadScorer(config, FreeMailDomains.bundled()), new StageRules(config), later)::rescore, later,
                Duration.ofSeconds(30));
        Map<String, Integer> summary = daily.handleRequest(new com.amazonaws.services.lambda.runtime.events.ScheduledEvent(),
                new io.leadcapture.local.aws.LocalContext("DailyRescoreFunction", 900));
        assertThat(summary).containsKey("changed");
        JsonNode lead = lead(leadId);
        assertThat(lead.path("temperature").asText()).isEqualTo("cold");
        assertThat(lead.path("stage").asText()).as("an MQL stays an MQL; it only cools down").isEqualTo("MQL");
    }
}

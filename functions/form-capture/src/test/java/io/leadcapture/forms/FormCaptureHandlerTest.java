package io.leadcapture.forms;

import static io.leadcapture.forms.FormPosts.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.EmailAddresses;
import io.leadcapture.core.FormCatalog;
import io.leadcapture.core.FreeMailDomains;
import io.leadcapture.core.Interaction;
import io.leadcapture.core.Lead;
import io.leadcapture.core.ProposedChange;
import io.leadcapture.local.aws.LocalAws;
import io.leadcapture.local.aws.LocalContext;
import io.leadcapture.local.aws.MotoServer;
import io.leadcapture.runtime.IpHasher;
import io.leadcapture.runtime.Json;
import io.leadcapture.runtime.UseCases;
import io.leadcapture.runtime.store.LeadStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The form capture function against a real DynamoDB emulator (moto) over the wire. */
class FormCaptureHandlerTest {
    static final String SALT = "t1:test-salt-0123456789";
    static DynamoDbClient ddb;

    String table;
    LeadStore store;
    FormCaptureHandler handler;

    @BeforeAll
    static void emulator() {
        ddb = LocalAws.dynamoDb(MotoServer.endpoint());
    }

    @BeforeEach
    void freshTable() {
        table = LocalAws.freshLeadsTable(ddb);
        store = new LeadStore(ddb, table);
        handler = new FormCaptureHandler(FormCatalog.bundled(), UseCases.captureLead(store), new IpHasher(SALT));
    }

    APIGatewayV2HTTPResponse post(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, new LocalContext("FormCaptureFunction", 10));
    }

    static JsonNode json(APIGatewayV2HTTPResponse r) throws Exception {
        return Json.MAPPER.readTree(r.getBody());
    }

    List<Map<String, AttributeValue>> items() {
        return ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().stream().toList();
    }

    /** The lead the store holds for an address: form answers do not name it. */
    Lead leadByEmail(String email) {
        return store.reads().findLeadIdByEmail(email).flatMap(store.reads()::findLead).orElseThrow();
    }

    Lead leadByPhone(String e164) {
        return store.reads().findLeadIdByPhone(e164).flatMap(store.reads()::findLead).orElseThrow();
    }

    static List<String> interactionIds(Lead lead) {
        return lead.interactions().stream().map(Interaction::interactionId).toList();
    }

    /** A JSON caller's answer: 202, and nothing but that it was accepted and under which id. */
    static String accepted(APIGatewayV2HTTPResponse r) throws Exception {
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
        JsonNode body = json(r);
        assertThat(body.path("status").asText()).isEqualTo("accepted");
        assertThat(body.properties()).extracting(Map.Entry::getKey).containsExactly("status", "submissionId");
        return body.path("submissionId").asText();
    }

    Lead onlyLead() {
        List<Map<String, AttributeValue>> leads = items().stream()
                .filter(i -> "lead".equals(i.get("itemType").s())).toList();
        assertThat(leads).hasSize(1);
        return store.reads().findLead(leads.get(0).get("leadId").s()).orElseThrow();
    }

    @Test
    void browserFormPostWithUmlautsIsBase64DecodedStoredAndRedirected() throws Exception {
        APIGatewayV2HTTPEvent event = FormPosts.to("contact")
                .urlEncoded("first_name=J%C3%B6rg&last_name=Wei%C3%9F&email=+Joerg.Weiss%40Example.DE+"
                        + "&company=M%C3%BCller+%26+S%C3%B6hne+GmbH&city=K%C3%B6ln&phone=0221+1234567"
                        + "&message=Gr%C3%BC%C3%9Fe%0D%0Aaus+K%C3%B6ln&consent=on&utm_source=google&interest=a&interest=b")
                .header("origin", "http://localhost:8080")
                .header("referer", "http://localhost:8080/kontakt?utm_campaign=herbst&gclid=abc123")
                .event();
        assertThat(event.getIsBase64Encoded()).isTrue();

        APIGatewayV2HTTPResponse r = post(event);

        assertThat(r.getStatusCode()).isEqualTo(303);
        assertThat(r.getHeaders()).containsEntry("location", "http://localhost:8080/danke")
                .containsEntry("access-control-allow-origin", "http://localhost:8080");
        Lead lead = onlyLead();
        assertThat(lead.profile().firstName()).isEqualTo("Jörg");
        assertThat(lead.profile().lastName()).isEqualTo("Weiß");
        assertThat(lead.profile().email()).isEqualTo("joerg.weiss@example.de");
        assertThat(lead.profile().company()).isEqualTo("Müller & Söhne GmbH");
        assertThat(lead.profile().city()).isEqualTo("Köln");
        assertThat(lead.profile().phone()).isEqualTo("+492211234567");
        assertThat(lead.profile().segment()).hasToString("B2B");
        assertThat(lead.interactionCount()).isEqualTo(1);
        assertThat(lead.interactions()).hasSize(1);
        var interaction = lead.interactions().get(0);
        assertThat(interaction.type().wireName()).isEqualTo("contact_form");
        assertThat(interaction.direction().wireName()).isEqualTo("inbound");
        assertThat(interaction.message()).isEqualTo("Grüße\naus Köln");
        assertThat(interaction.customAnswers()).containsEntry("interest", List.of("a", "b"));
        assertThat(interaction.attribution().utmSource()).isEqualTo("google");
        assertThat(interaction.attribution().utmCampaign()).isEqualTo("herbst");
        assertThat(interaction.attribution().gclid()).isEqualTo("abc123");
        assertThat(interaction.attribution().landingPage()).isEqualTo("http://localhost:8080/kontakt?utm_campaign=herbst&gclid=abc123");
        // Marketing consent from a public form waits for the address owner's confirmation.
        assertThat(interaction.consent().status().wireName()).isEqualTo("pending");
        assertThat(interaction.consent().textVersion()).isEqualTo("contact-2026-01");
        assertThat(interaction.consent().ipHash()).startsWith("hmac-sha256:").doesNotContain("203.0.113.7");
        assertThat(lead.firstTouch().interactionId()).isEqualTo(interaction.interactionId());
        assertThat(lead.lastTouch().interactionId()).isEqualTo(interaction.interactionId());
        assertThat(items().toString()).doesNotContain("203.0.113.7");
    }

    @Test
    void multipartPostKeepsUtf8AndSkipsFiles() throws Exception {
        String b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
        String body = "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"email\"\r\n\r\n"
                + "jose@example.es\r\n"
                + "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"firstName\"\r\n\r\n"
                + "José\r\n"
                + "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"lastName\"\r\n\r\n"
                + "Müller\r\n"
                + "--" + b + "\r\n"
                + "Content-Disposition: form-data; name=\"cv\"; filename=\"cv.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n"
                + "%PDF-1.4 binary\r\n"
                + "--" + b + "--\r\n";
        APIGatewayV2HTTPResponse r = post(FormPosts.to("contact").multipart(b, body).header("accept", "application/json").event());

        String submissionId = accepted(r);
        Lead lead = onlyLead();
        assertThat(interactionIds(lead)).containsExactly(submissionId);
        assertThat(lead.profile().firstName()).isEqualTo("José");
        assertThat(lead.profile().lastName()).isEqualTo("Müller");
        assertThat(lead.interactions().get(0).customAnswers()).doesNotContainKey("cv");
    }

    @Test
    void jsonPostsForANewAndAKnownPersonGetTheSameAnswerAndLandOnOneLead() throws Exception {
        APIGatewayV2HTTPResponse first = post(FormPosts.to("newsletter")
                .json(fields().put("email", "ANNA@web.de").put("firstName", "Anna").put("consent", true))
                .header("origin", "http://localhost:8080").event());
        String created = accepted(first);

        APIGatewayV2HTTPResponse second = post(FormPosts.to("demo")
                .json(fields().put("email", "anna@web.de").put("company", "Acme AG").put("job_title", "Head of Marketing"))
                .header("origin", "http://localhost:8080").event());
        String merged = accepted(second);

        // no enumeration: status, headers and body keys are the same; only the submission id differs
        assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode());
        assertThat(second.getHeaders()).isEqualTo(first.getHeaders());
        assertThat(second.getBody().replace(merged, "ID")).isEqualTo(first.getBody().replace(created, "ID"));
        assertThat(merged).isNotEqualTo(created);

        Lead lead = onlyLead();
        assertThat(interactionIds(lead)).containsExactly(created, merged);
        assertThat(lead.interactionCount()).isEqualTo(2);
        assertThat(lead.interactions()).extracting(i -> i.type().wireName())
                .containsExactly("newsletter_signup", "demo_request");
        assertThat(lead.profile().firstName()).isEqualTo("Anna");
        assertThat(lead.profile().company()).isEqualTo("Acme AG");
        assertThat(lead.profile().segment()).hasToString("B2B");
        assertThat(lead.firstTouch().type().wireName()).isEqualTo("newsletter_signup");
        assertThat(lead.lastTouch().type().wireName()).isEqualTo("demo_request");
        // double opt-in form: pending until confirmed; the later form without checkbox does not lower it
        assertThat(lead.consent().status().wireName()).isEqualTo("pending");
    }

    @Test
    void browserPostsForANewAndAKnownPersonGetTheSameRedirect() {
        APIGatewayV2HTTPResponse first = post(FormPosts.to("contact").urlEncoded("email=berta%40beispiel-werke.de")
                .header("origin", "http://localhost:8080").event());
        APIGatewayV2HTTPResponse second = post(FormPosts.to("contact").urlEncoded("email=berta%40beispiel-werke.de&company=X")
                .header("origin", "http://localhost:8080").event());

        assertThat(first.getStatusCode()).isEqualTo(303);
        assertThat(second.getStatusCode()).isEqualTo(303);
        assertThat(second.getHeaders()).isEqualTo(first.getHeaders());
        assertThat(second.getBody()).isEqualTo(first.getBody());
        assertThat(onlyLead().interactionCount()).isEqualTo(2);
    }

    @Test
    void samePhoneWithoutEmailMergesIntoOneLead() throws Exception {
        String a = accepted(post(FormPosts.to("callback")
                .json(fields().put("phone", "0151 23456789").put("name", "Karl Huber")).event()));
        String b = accepted(post(FormPosts.to("callback").json(fields().put("phone", "+49 151 2345 6789")).event()));
        Lead lead = onlyLead();
        assertThat(interactionIds(lead)).containsExactly(a, b);
        assertThat(lead.profile().phone()).isEqualTo("+4915123456789");
        assertThat(lead.profile().firstName()).isEqualTo("Karl");
        assertThat(lead.interactionCount()).isEqualTo(2);
    }

    @Test
    void anEmailWithAnotherLeadsPhoneGetsItsOwnLeadLinkedAsPossibleDuplicate() throws Exception {
        accepted(post(FormPosts.to("callback")
                .json(fields().put("phone", "0151 23456789").put("name", "Karl Huber")).event()));
        String victim = leadByPhone("+4915123456789").leadId();

        String attacker = accepted(post(FormPosts.to("newsletter").json(fields().put("phone", "015123456789")
                .put("email", "mallory@example-angreifer.de").put("consent", "on")).event()));

        Lead karl = store.reads().findLead(victim).orElseThrow();
        Lead mallory = leadByEmail("mallory@example-angreifer.de");
        assertThat(mallory.leadId()).isNotEqualTo(victim);
        assertThat(interactionIds(mallory)).containsExactly(attacker);
        assertThat(karl.profile().email()).as("the email never joins the phone's lead").isNull();
        assertThat(karl.interactionCount()).isEqualTo(1);
        assertThat(karl.possibleDuplicateOf()).containsExactly(mallory.leadId());
        assertThat(mallory.possibleDuplicateOf()).containsExactly(karl.leadId());
        assertThat(mallory.profile().firstName()).as("nothing of the other lead is copied").isNull();
        // the phone stays the callback lead's identity: a later phone-only post still lands there
        String again = accepted(post(FormPosts.to("callback").json(fields().put("phone", "+49 151 23456789")).event()));
        assertThat(interactionIds(store.reads().findLead(victim).orElseThrow())).contains(again);
        // and the email identifies the new lead
        String byEmail = accepted(post(FormPosts.to("contact").json(fields().put("email", "Mallory@Example-Angreifer.de")).event()));
        assertThat(interactionIds(store.reads().findLead(mallory.leadId()).orElseThrow())).contains(byEmail);
    }

    @Test
    void aPostForAKnownAddressNeverRewritesTheProfileButRecordsWhatItSubmitted() throws Exception {
        accepted(post(FormPosts.to("demo").json(fields().put("email", "ceo@customer-gmbh.de")
                .put("first_name", "Claudia").put("last_name", "Eder").put("company", "Customer GmbH")
                .put("job_title", "CEO").put("phone", "030 1234567").put("country", "DE")).event()));
        Lead before = leadByEmail("ceo@customer-gmbh.de");
        String leadId = before.leadId();

        String attack = accepted(post(FormPosts.to("demo").json(fields().put("email", "CEO@customer-gmbh.de")
                .put("first_name", "Mallory").put("company", "X").put("job_title", "CEO")
                .put("phone", "0170 9999999").put("country", "AT").put("city", "Wien").put("consent", "on")).event()));

        Lead after = store.reads().findLead(leadId).orElseThrow();
        assertThat(interactionIds(after)).contains(attack);
        assertThat(after.profile().firstName()).isEqualTo("Claudia");
        assertThat(after.profile().company()).isEqualTo("Customer GmbH");
        assertThat(after.profile().phone()).isEqualTo("+49301234567");
        assertThat(after.profile().country()).isEqualTo("DE");
        assertThat(after.profile().city()).as("a missing field may be filled").isEqualTo("Wien");
        assertThat(after.proposedChanges()).extracting(ProposedChange::field)
                .containsExactly("phone", "first_name", "company", "country");
        assertThat(after.proposedChanges()).allMatch(c -> c.interactionId().equals(attack));
        Interaction recorded = after.interactions().get(1);
        assertThat(recorded.submitted().firstName()).isEqualTo("Mallory");
        assertThat(recorded.submitted().phone()).as("read with the submitted country").isEqualTo("+431709999999");
        assertThat(after.consent().status()).as("a post cannot grant marketing consent").isEqualTo(ConsentStatus.PENDING);
        assertThat(before.profile()).isEqualTo(after.profile().with("city", null, FreeMailDomains.bundled()));
        // the proposed phone is not the lead's identity: a phone-only post with it is someone else
        assertThat(items().stream().filter(i -> "identity".equals(i.get("itemType").s()))
                .map(i -> i.get("pk").s())).doesNotContain("PHONE#+431709999999");
    }

    @Test
    void twentyConcurrentPostsForFivePeopleGiveFiveLeadsAndTwentyInteractions() throws Exception {
        List<Callable<APIGatewayV2HTTPResponse>> posts = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int person = 0; person < 5; person++) {
                JsonNode body = fields().put("email", "person" + person + "@firma" + person + ".de").put("utm_content", "r" + round);
                posts.add(() -> post(FormPosts.to("contact").json(body).event()));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<APIGatewayV2HTTPResponse> f : pool.invokeAll(posts)) {
                statuses.add(f.get().getStatusCode());
            }
            assertThat(statuses).hasSize(20).allMatch(s -> s == 202);
        } finally {
            pool.shutdownNow();
        }
        List<Map<String, AttributeValue>> items = items();
        Map<String, Long> byType = items.stream().collect(Collectors.groupingBy(i -> i.get("itemType").s(), Collectors.counting()));
        assertThat(byType).containsEntry("lead", 5L).containsEntry("interaction", 20L).containsEntry("identity", 5L);
        for (Map<String, AttributeValue> lead : items.stream().filter(i -> "lead".equals(i.get("itemType").s())).toList()) {
            assertThat(lead.get("interactionCount").n()).isEqualTo("4");
        }
    }

    @Test
    void idempotencyKeyReplayIsRecordedOnceAndAnsweredTheSame() throws Exception {
        JsonNode body = fields().put("email", "retry@example.com");
        APIGatewayV2HTTPResponse first = post(FormPosts.to("contact").json(body).header("idempotency-key", "k-123").event());
        APIGatewayV2HTTPResponse again = post(FormPosts.to("contact").json(body).header("idempotency-key", "k-123").event());

        String submissionId = accepted(first);
        assertThat(again.getStatusCode()).isEqualTo(202);
        assertThat(again.getBody()).isEqualTo(first.getBody());
        assertThat(onlyLead().interactionCount()).isEqualTo(1);
        assertThat(interactionIds(onlyLead())).containsExactly(submissionId);
        assertThat(items()).filteredOn(i -> "interaction".equals(i.get("itemType").s())).hasSize(1);

        APIGatewayV2HTTPResponse otherBody = post(FormPosts.to("contact")
                .json(fields().put("email", "someone-else@example.com")).header("idempotency-key", "k-123").event());
        assertThat(otherBody.getStatusCode()).isEqualTo(422);
        assertThat(json(otherBody).path("error").asText()).isEqualTo("idempotency_key_reused");
        assertThat(items()).filteredOn(i -> "lead".equals(i.get("itemType").s())).hasSize(1);
    }

    @Test
    void concurrentRetriesWithOneIdempotencyKeyRecordOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<APIGatewayV2HTTPResponse>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> post(FormPosts.to("demo").json(fields().put("email", "ceo@acme.de").put("company", "Acme"))
                        .header("idempotency-key", "same-click").event()));
            }
            Set<String> bodies = new java.util.HashSet<>();
            for (Future<APIGatewayV2HTTPResponse> f : pool.invokeAll(calls)) {
                assertThat(f.get().getStatusCode()).isEqualTo(202);
                bodies.add(f.get().getBody());
            }
            assertThat(bodies).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(onlyLead().interactionCount()).isEqualTo(1);
    }

    @Test
    void honeypotAnswersLikeSuccessAndStoresNothing() throws Exception {
        APIGatewayV2HTTPResponse browser = post(FormPosts.to("contact")
                .urlEncoded("email=bot%40spam.example&_gotcha=http%3A%2F%2Fspam").event());
        assertThat(browser.getStatusCode()).isEqualTo(303);
        APIGatewayV2HTTPResponse xhr = post(FormPosts.to("contact")
                .json(fields().put("email", "bot@spam.example").put("_gotcha", "x")).event());
        APIGatewayV2HTTPResponse xhrAgain = post(FormPosts.to("contact")
                .json(fields().put("email", "bot@spam.example").put("_gotcha", "x")).event());
        String id = accepted(xhr);
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                .as("a fresh id each time, like a stored submission").isNotEqualTo(accepted(xhrAgain));
        assertThat(items()).isEmpty();
    }

    @Test
    void everyBadInputGetsItsStatusAndStoresNothing() throws Exception {
        record Case(int status, String code, APIGatewayV2HTTPEvent event) {
        }
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("{\"a\":");
        }
        deep.append("1").append("}".repeat(100));
        List<Case> cases = List.of(
                new Case(404, "unknown_form", FormPosts.to("nope").json(fields().put("email", "a@b.de")).event()),
                new Case(400, "malformed_body", FormPosts.to("contact").json("{\"email\":").event()),
                new Case(400, "malformed_body", FormPosts.to("contact").json("{\"email\":{\"x\":1}}").event()),
                new Case(400, "malformed_body", FormPosts.to("contact").json("[1,2]").event()),
                new Case(400, "malformed_body", FormPosts.to("contact").json(deep.toString()).event()),
                new Case(400, "malformed_body", FormPosts.to("contact").urlEncoded("email=a%ZZb").event()),
                new Case(400, "malformed_body", FormPosts.to("contact").urlEncoded("email=a%40b.de%").event()),
                new Case(400, "malformed_body", FormPosts.to("contact").contentType("application/x-www-form-urlencoded")
                        .body(new byte[] {'e', '=', (byte) 0xC3, (byte) 0x28}).event()),
                new Case(413, "body_too_large", FormPosts.to("contact")
                        .urlEncoded("email=a%40b.de&message=" + "x".repeat(256 * 1024)).event()),
                new Case(415, "unsupported_media_type", FormPosts.to("contact").contentType("text/plain").body("email=a@b.de").event()),
                new Case(415, "unsupported_media_type", FormPosts.to("contact").body("email=a@b.de").event()),
                new Case(422, "validation_failed", FormPosts.to("contact").json(fields().put("email", "not-an-email")).event()),
                new Case(422, "validation_failed", FormPosts.to("contact").json(fields().put("first_name", "Nobody")).event()),
                new Case(422, "validation_failed", FormPosts.to("callback").json(fields().put("phone", "12")).event()),
                new Case(422, "validation_failed", FormPosts.to("demo").json(fields().put("email", "a@b.de")).event()),
                new Case(400, "invalid_idempotency_key", FormPosts.to("contact").json(fields().put("email", "a@b.de"))
                        .header("idempotency-key", "x".repeat(300)).event()),
                new Case(403, "origin_not_allowed", FormPosts.to("contact").json(fields().put("email", "a@b.de"))
                        .header("origin", "https://evil.example").event()));
        for (Case c : cases) {
            APIGatewayV2HTTPResponse r = post(c.event());
            assertThat(r.getStatusCode()).as(c.code() + " for " + c.event().getBody()).isEqualTo(c.status());
            assertThat(r.getHeaders()).containsEntry("content-type", "application/json; charset=utf-8");
            JsonNode body = json(r);
            assertThat(body.path("error").asText()).isEqualTo(c.code());
            assertThat(body.path("message").asText()).isNotBlank();
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void validationErrorNamesEveryBadField() throws Exception {
        APIGatewayV2HTTPResponse r = post(FormPosts.to("demo")
                .json(fields().put("email", "x@").put("phone", "abc").put("country", "Atlantis")).event());
        assertThat(r.getStatusCode()).isEqualTo(422);
        JsonNode fields = json(r).path("fields");
        assertThat(fields.has("email")).isTrue();
        assertThat(fields.has("phone")).isTrue();
        assertThat(fields.has("country")).isTrue();
        assertThat(fields.path("company").asText()).isEqualTo("required");
        assertThat(items()).isEmpty();
    }

    @Test
    void emailWithANonAsciiLocalPartIs422NamingEmailAndStoresNothing() throws Exception {
        List<APIGatewayV2HTTPEvent> posts = List.of(
                FormPosts.to("contact").json(fields().put("email", "jörg@firma.de").put("first_name", "Jörg")).event(),
                FormPosts.to("newsletter").urlEncoded("email=J%C3%B6rg%40M%C3%BCller.de&consent=on").event(),
                // with a valid phone too: a form post is corrected and resent, never stored without its email
                FormPosts.to("callback").json(fields().put("email", "jörg@firma.de").put("phone", "0221 1234567")).event());
        for (APIGatewayV2HTTPEvent event : posts) {
            APIGatewayV2HTTPResponse r = post(event);

            assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(422);
            JsonNode body = json(r);
            assertThat(body.path("error").asText()).isEqualTo("validation_failed");
            assertThat(body.path("fields").path("email").asText()).isEqualTo(EmailAddresses.NON_ASCII_LOCAL_PART)
                    .contains("ASCII", "before the @");
        }
        assertThat(items()).isEmpty();
    }

    @Test
    void internationalisedDomainIsStoredInUnicodeAndClaimedOnce() {
        APIGatewayV2HTTPResponse r = post(FormPosts.to("contact")
                .urlEncoded("email=Joerg.Idn%40M%C3%BCller-S%C3%B6hne.DE&first_name=J%C3%B6rg").event());
        // the punycode spelling of the same domain is the same person
        APIGatewayV2HTTPResponse again = post(FormPosts.to("contact")
                .urlEncoded("email=joerg.idn%40xn--mller-shne-kcb9d.de").event());

        assertThat(r.getStatusCode()).isEqualTo(303);
        assertThat(again.getStatusCode()).isEqualTo(303);
        Lead lead = onlyLead();
        assertThat(lead.profile().email()).isEqualTo("joerg.idn@müller-söhne.de");
        assertThat(lead.interactionCount()).isEqualTo(2);
        assertThat(items()).filteredOn(i -> "identity".equals(i.get("itemType").s()))
                .extracting(i -> i.get("pk").s()).containsExactly("EMAIL#joerg.idn@müller-söhne.de");
    }

    @Test
    void lineSeparatorsAndBidiControlsAreStrippedFromWhatIsStored() throws Exception {
        String ls = "\u2028";
        String rlo = "\u202E";
        APIGatewayV2HTTPResponse r = post(FormPosts.to("contact").urlEncoded(form(
                "email", "bidi.test@example-gmbh.de",
                "first_name", "Max" + rlo,
                "last_name", rlo + "nnamretsuM",
                "company", "ACME" + ls + "Telefon: 0800 666 666",
                "job_title", "CEO\u2066\u2069",
                "message", "Hallo" + ls + "Telefon: 0800 666 666\u2029Gruß " + rlo + "xam",
                "interest", "ERP" + ls + "CRM" + rlo)).event());

        assertThat(r.getStatusCode()).isEqualTo(303);
        Lead lead = onlyLead();
        assertThat(lead.profile().firstName()).isEqualTo("Max");
        assertThat(lead.profile().lastName()).isEqualTo("nnamretsuM");
        assertThat(lead.profile().company()).isEqualTo("ACME Telefon: 0800 666 666");
        assertThat(lead.profile().jobTitle()).isEqualTo("CEO");
        var interaction = lead.interactions().get(0);
        assertThat(interaction.message()).isEqualTo("Hallo\nTelefon: 0800 666 666\nGruß xam");
        assertThat(interaction.customAnswers()).containsEntry("interest", List.of("ERP\nCRM"));
        // nothing of them in any stored item
        String stored = items().toString();
        for (String c : List.of(ls, "\u2029", rlo, "\u2066", "\u2069")) {
            assertThat(stored).as("U+%04X", c.codePointAt(0)).doesNotContain(c);
        }
    }

    /** An urlencoded body of these name/value pairs, UTF-8, as a browser encodes a form. */
    static String form(String... nameValue) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nameValue.length; i += 2) {
            b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(nameValue[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(nameValue[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void corsGrantOnlyForTheFormsOrigins() {
        APIGatewayV2HTTPResponse allowed = post(FormPosts.to("contact").json(fields().put("email", "c@d.de"))
                .header("origin", "http://localhost:8080").event());
        assertThat(allowed.getHeaders()).containsEntry("access-control-allow-origin", "http://localhost:8080");
        APIGatewayV2HTTPResponse foreign = post(FormPosts.to("contact").json(fields().put("email", "c@d.de"))
                .header("origin", "https://attacker.example").event());
        assertThat(foreign.getStatusCode()).isEqualTo(403);
        assertThat(foreign.getHeaders()).doesNotContainKey("access-control-allow-origin");
    }

    @Test
    void unreachableDynamoDbGives503WithRetryAfter() throws Exception {
        DynamoDbClient dead = LocalAws.dynamoDb(URI.create("http://127.0.0.1:" + MotoServer.freePort()));
        FormCaptureHandler broken = new FormCaptureHandler(FormCatalog.bundled(),
                UseCases.captureLead(new LeadStore(dead, table)), new IpHasher(SALT));
        APIGatewayV2HTTPResponse r = broken.handleRequest(FormPosts.to("contact").json(fields().put("email", "a@b.de")).event(),
                new LocalContext("FormCaptureFunction", 10));
        assertThat(r.getStatusCode()).isEqualTo(503);
        assertThat(r.getHeaders()).containsKey("retry-after");
        assertThat(json(r).path("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(items()).isEmpty();
    }
}

package io.leadcapture.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.local.aws.RepoLayout;
import io.leadcapture.local.aws.SamTemplate;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * template.yaml checked as a structure (cfn-lint is not available everywhere): every function's
 * CodeUri is the zip its module builds, every Handler resolves to a real class and method in that
 * module, every route has a handler, and the table and policies are what the data model needs.
 */
class TemplateTest {
    static final SamTemplate TEMPLATE = SamTemplate.bundled();
    static final Path ROOT = RepoLayout.root();
    static final Pattern CODE_URI = Pattern.compile("functions/([a-z0-9-]+)/target/\\1\\.zip");

    @Test
    void everyFunctionHandlerResolvesInTheModuleItsCodeUriNames() throws Exception {
        List<SamTemplate.Function> functions = TEMPLATE.functions();
        assertThat(functions).isNotEmpty();
        for (SamTemplate.Function f : functions) {
            assertThat(f.handler()).as(f.logicalId() + " Handler").matches("[a-z][\\w.]*\\.[A-Z]\\w*::\\w+");
            Matcher m = CODE_URI.matcher(f.codeUri());
            assertThat(m.matches()).as(f.logicalId() + " CodeUri " + f.codeUri()).isTrue();
            Path module = ROOT.resolve("functions").resolve(m.group(1));
            assertThat(Files.readString(module.resolve("pom.xml")))
                    .as("module of " + f.logicalId()).contains("<artifactId>" + m.group(1) + "</artifactId>");
            Path classFile = module.resolve("target/classes").resolve(f.handlerClass().replace('.', '/') + ".class");
            assertThat(classFile).as("handler class of " + f.logicalId() + " compiled in its own module").exists();

            try (URLClassLoader loader = new URLClassLoader(new URL[] {module.resolve("target/classes").toUri().toURL()},
                    getClass().getClassLoader())) {
                Class<?> handler = Class.forName(f.handlerClass(), false, loader);
                assertThat(RequestHandler.class.isAssignableFrom(handler)).as(f.handlerClass() + " is a RequestHandler").isTrue();
                assertThat(Modifier.isPublic(handler.getConstructor().getModifiers())).as("public no-arg constructor").isTrue();
                Method method = null;
                for (Method candidate : handler.getMethods()) {
                    if (candidate.getName().equals(f.handlerMethod()) && candidate.getParameterCount() == 2
                            && candidate.getParameterTypes()[1] == Context.class && !candidate.isBridge()) {
                        method = candidate;
                    }
                }
                assertThat(method).as(f.handler() + " exists").isNotNull();
            }
        }
    }

    @Test
    void everyRouteHasAFunctionAndEveryRouteSettingARoute() {
        List<String> routeKeys = new ArrayList<>();
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            for (SamTemplate.Route r : f.routes()) {
                assertThat(f.handler()).as("handler for " + r.method() + " " + r.path()).isNotBlank();
                assertThat(r.path()).startsWith("/");
                routeKeys.add(r.method() + " " + r.path());
            }
        }
        assertThat(routeKeys).contains("POST /forms/{formId}", "GET /leads/{leadId}", "GET /leads", "PATCH /leads/{leadId}",
                "POST /leads/{leadId}/merge", "GET /leads/{leadId}/export", "GET /leads/export.csv", "POST /leads/{leadId}/activities",
                "GET /consent/confirm", "GET /consent/withdraw", "POST /consent/withdraw", "POST /webhooks/zoom", "GET /webhooks/meta", "POST /webhooks/meta",
                "POST /webhooks/google-ads", "GET /webhooks/linkedin", "POST /webhooks/linkedin", "GET /r/{token}",
                "HEAD /r/{token}").doesNotHaveDuplicates();
        TEMPLATE.resources().path("LeadApi").path("Properties").path("RouteSettings").fieldNames()
                .forEachRemaining(key -> assertThat(routeKeys).as("RouteSettings key").contains(key));
    }

    @Test
    void readRoutesAreIamAuthorisedAndFormRouteIsOpen() {
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            for (SamTemplate.Route r : f.routes()) {
                if (r.path().startsWith("/leads") || r.path().startsWith("/reports")) {
                    assertThat(r.authorizer()).as(r.path()).isEqualTo("AWS_IAM");
                }
                if (r.path().startsWith("/forms") || r.path().startsWith("/consent") || r.path().startsWith("/webhooks")
                        || r.path().startsWith("/r/")) {
                    assertThat(r.authorizer()).as(r.path()).isNull();
                }
            }
        }
        assertThat(TEMPLATE.resources().path("LeadApi").path("Properties").path("Auth").path("EnableIamAuthorizer").asBoolean()).isTrue();
    }

    @Test
    void tableHasStreamRecoveryTtlAndEncryption() {
        JsonNode table = TEMPLATE.resources().path("LeadsTable").path("Properties");
        assertThat(table.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.path("StreamSpecification").path("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(table.path("PointInTimeRecoverySpecification").path("PointInTimeRecoveryEnabled").asBoolean()).isTrue();
        assertThat(table.path("TimeToLiveSpecification").path("AttributeName").asText()).isEqualTo("expiresAt");
        assertThat(table.path("SSESpecification").path("SSEEnabled").asBoolean()).isTrue();
    }

    @Test
    void tableHasTheListIndexesSortedByAttention() {
        JsonNode table = TEMPLATE.resources().path("LeadsTable").path("Properties");
        List<String> indexes = new ArrayList<>();
        for (JsonNode g : table.path("GlobalSecondaryIndexes")) {
            if ("byDecayDue".equals(g.path("IndexName").asText()) || "byNurtureDue".equals(g.path("IndexName").asText())) {
                continue; // not list indexes: tableHasTheDecayIndexWithKeysOnly…, tableHasTheNurtureIndex…
            }
            indexes.add(g.path("IndexName").asText());
            assertThat(g.path("KeySchema").get(1).path("AttributeName").asText()).isEqualTo("listSk");
        }
        assertThat(indexes).containsExactly("byAttention", "byStage", "bySource", "byOwner");
    }

    @Test
    void tableHasTheDecayIndexWithKeysOnlyAndOnlyTheDecayFunctionQueriesIt() {
        JsonNode table = TEMPLATE.resources().path("LeadsTable").path("Properties");
        JsonNode decay = null;
        for (JsonNode g : table.path("GlobalSecondaryIndexes")) {
            if ("byDecayDue".equals(g.path("IndexName").asText())) {
                decay = g;
            }
        }
        assertThat(decay).as("byDecayDue").isNotNull();
        assertThat(decay.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo("decayDay");
        assertThat(decay.path("KeySchema").get(1).path("AttributeName").asText()).isEqualTo("decayDueAt");
        assertThat(decay.path("Projection").path("ProjectionType").asText()).isEqualTo("KEYS_ONLY");
        List<String> queriers = new ArrayList<>();
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            for (JsonNode policy : TEMPLATE.resources().path(f.logicalId()).path("Properties").path("Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    if (st.path("Resource").toString().contains("/index/byDecayDue")) {
                        queriers.add(f.logicalId());
                    }
                }
            }
        }
        assertThat(queriers).containsExactly("DailyRescoreFunction");
    }

    @Test
    void streamFunctionsHavePartialFailuresFiltersRetryLimitsAndAnAlarmedDeadLetterQueue() {
        int streamEvents = 0;
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            for (JsonNode event : TEMPLATE.resources().path(f.logicalId()).path("Properties").path("Events")) {
                if (!"DynamoDB".equals(event.path("Type").asText())) {
                    continue;
                }
                streamEvents++;
                JsonNode p = event.path("Properties");
                assertThat(p.path("Stream").asText()).isEqualTo("LeadsTable.StreamArn");
                assertThat(p.path("StartingPosition").asText()).isIn("TRIM_HORIZON", "LATEST");
                assertThat(p.path("BatchSize").asInt()).isBetween(1, 1000);
                assertThat(p.has("MaximumBatchingWindowInSeconds")).isTrue();
                assertThat(p.path("FunctionResponseTypes").toString()).contains("ReportBatchItemFailures");
                assertThat(p.path("BisectBatchOnFunctionError").asBoolean()).isTrue();
                assertThat(p.path("MaximumRetryAttempts").asInt(-1)).isBetween(0, 10);
                assertThat(p.path("MaximumRecordAgeInSeconds").asInt(-1)).isPositive();
                assertThat(p.path("FilterCriteria").path("Filters").size()).as(f.logicalId() + " filters").isPositive();
                JsonNode onFailure = p.path("DestinationConfig").path("OnFailure");
                assertThat(onFailure.path("Type").asText()).isEqualTo("SQS");
                String queue = onFailure.path("Destination").asText().replace(".Arn", "");
                assertThat(TEMPLATE.resources().path(queue).path("Type").asText()).isEqualTo("AWS::SQS::Queue");
                boolean alarmed = false;
                for (JsonNode r : TEMPLATE.resources()) {
                    if ("AWS::CloudWatch::Alarm".equals(r.path("Type").asText())
                            && r.path("Properties").path("Dimensions").toString().contains(queue)) {
                        alarmed = true;
                    }
                }
                assertThat(alarmed).as("alarm on " + queue).isTrue();
            }
        }
        assertThat(streamEvents).isEqualTo(3);
    }

    /** The notification function's filters as the local runner (and Lambda) apply them. */
    static io.leadcapture.local.streams.FilterCriteria notificationFilters() {
        List<String> patterns = new ArrayList<>();
        TEMPLATE.resources().path("NotificationFunction").path("Properties").path("Events").path("LeadChanged")
                .path("Properties").path("FilterCriteria").path("Filters").forEach(f -> patterns.add(f.path("Pattern").asText()));
        return io.leadcapture.local.streams.FilterCriteria.of(patterns);
    }

    /** A stream INSERT of a new interaction of {@code formId} in DynamoDB JSON, as the filters see it. */
    static JsonNode interactionInsert(String formId, String direction, String consent) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"eventName\":\"INSERT\",\"dynamodb\":{\"NewImage\":{"
                + "\"itemType\":{\"S\":\"interaction\"},\"formId\":{\"S\":\"" + formId + "\"},"
                + "\"direction\":{\"S\":\"" + direction + "\"},"
                + "\"consent\":{\"M\":{\"status\":{\"S\":\"" + consent + "\"}}}}}}");
    }

    @Test
    void everyFormWithAnAutoResponseReachesTheNotificationFunction() throws Exception {
        io.leadcapture.local.streams.FilterCriteria filters = notificationFilters();
        io.leadcapture.core.FormCatalog forms = io.leadcapture.core.FormCatalog.bundled();
        int withAutoResponse = 0;
        for (io.leadcapture.core.FormDefinition form : forms.all()) {
            if (forms.autoResponse(form.id()).isPresent()) {
                withAutoResponse++;
                assertThat(filters.matches(interactionInsert(form.id(), "inbound", "none"))).as("filter for form " + form.id())
                        .isTrue();
            }
        }
        assertThat(withAutoResponse).isPositive();
    }

    @Test
    void pendingOptInsAndNurtureEntryFormsReachTheNotificationFunctionAndImportsDoNot() throws Exception {
        io.leadcapture.local.streams.FilterCriteria filters = notificationFilters();
        assertThat(filters.patterns()).as("Lambda's default quota: five filters per event source").hasSizeLessThanOrEqualTo(5);
        assertThat(filters.matches(interactionInsert("contact", "inbound", "pending"))).isTrue();
        for (String form : io.leadcapture.core.notify.NurtureConfig.bundled().entryForms()) {
            assertThat(filters.matches(interactionInsert(form, "inbound", "none"))).as("nurture entry form " + form).isTrue();
        }
        assertThat(filters.matches(interactionInsert("contact", "outbound", "pending"))).as("an imported row").isFalse();
        JsonNode confirmed = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"eventName\":\"MODIFY\","
                + "\"dynamodb\":{\"NewImage\":{\"itemType\":{\"S\":\"lead\"},\"stage\":{\"S\":\"lead\"},"
                + "\"consent\":{\"M\":{\"status\":{\"S\":\"confirmed\"}}}}}}");
        assertThat(filters.matches(confirmed)).as("a lead with confirmed consent changed (nurture enrolment)").isTrue();
    }

    @Test
    void tableHasTheNurtureIndexWithKeysOnlyAndOnlyTheNurtureSenderQueriesIt() {
        JsonNode table = TEMPLATE.resources().path("LeadsTable").path("Properties");
        JsonNode nurture = null;
        for (JsonNode g : table.path("GlobalSecondaryIndexes")) {
            if ("byNurtureDue".equals(g.path("IndexName").asText())) {
                nurture = g;
            }
        }
        assertThat(nurture).as("byNurtureDue").isNotNull();
        assertThat(nurture.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo("nurtureDueSequence");
        assertThat(nurture.path("KeySchema").get(1).path("AttributeName").asText()).isEqualTo("nurtureDueAt");
        assertThat(nurture.path("Projection").path("ProjectionType").asText()).isEqualTo("KEYS_ONLY");
        List<String> queriers = new ArrayList<>();
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            for (JsonNode policy : TEMPLATE.resources().path(f.logicalId()).path("Properties").path("Policies")) {
                for (JsonNode st : policy.path("Statement")) {
                    if (st.path("Resource").toString().contains("/index/byNurtureDue")) {
                        queriers.add(f.logicalId());
                    }
                }
            }
        }
        assertThat(queriers).containsExactly("NurtureFunction");
    }

    @Test
    void webhookSecretsComeFromSsmParametersNeverLiterals() {
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            if (!f.handlerClass().startsWith("io.leadcapture.webhooks.")) {
                continue;
            }
            JsonNode props = TEMPLATE.resources().path(f.logicalId()).path("Properties");
            props.path("Environment").path("Variables").fields().forEachRemaining(v -> {
                if (v.getKey().matches(".*(SECRET|TOKEN|KEY).*")) {
                    assertThat(v.getKey()).as(f.logicalId()).endsWith("_PARAMETER");
                    assertThat(v.getValue().asText()).as(v.getKey() + " names a template parameter")
                            .isIn(TEMPLATE.root().path("Parameters").properties().stream().map(Map.Entry::getKey).toList());
                }
            });
            assertThat(props.path("Policies").toString()).as(f.logicalId()).contains("ssm:GetParameter");
        }
    }

    @Test
    void theFormFunctionReadsExactlyTheCaptchaSecretParameter() {
        JsonNode props = TEMPLATE.resources().path("FormCaptureFunction").path("Properties");
        JsonNode variables = props.path("Environment").path("Variables");
        assertThat(variables.has("CAPTCHA_SECRET")).as("never a literal secret").isFalse();
        assertThat(variables.path("CAPTCHA_SECRET_PARAMETER").asText()).isEqualTo("CaptchaSecretParameter");
        assertThat(variables.path("CAPTCHA_VERIFY_URL").asText()).isEqualTo("CaptchaVerifyUrl");
        assertThat(TEMPLATE.root().path("Parameters").path("CaptchaSecretParameter").path("Default").asText())
                .startsWith("/");
        List<String> ssmResources = new ArrayList<>();
        for (JsonNode statement : props.path("Policies").get(0).path("Statement")) {
            if (statement.path("Action").toString().contains("ssm:")) {
                assertThat(statement.path("Action")).extracting(JsonNode::asText).containsExactly("ssm:GetParameter");
                statement.path("Resource").forEach(r -> ssmResources.add(r.asText()));
            }
        }
        assertThat(ssmResources).containsExactly(
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${CaptchaSecretParameter}",
                "arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter${IpHashSaltParameter}");
    }

    @Test
    void theSaltAndTheTokenKeysComeFromSsmParametersNeverFromTheEnvironment() {
        List<String> parameters = TEMPLATE.root().path("Parameters").properties().stream().map(Map.Entry::getKey).toList();
        assertThat(parameters).doesNotContain("IpHashSalt", "ConsentTokenSecret");
        for (SamTemplate.Function f : TEMPLATE.functions()) {
            JsonNode props = TEMPLATE.resources().path(f.logicalId()).path("Properties");
            props.path("Environment").path("Variables").fields().forEachRemaining(v -> {
                if (v.getKey().matches(".*(SECRET|TOKEN|KEY|SALT).*") && !v.getKey().endsWith("_VALID_UNTIL")) {
                    assertThat(v.getKey()).as(f.logicalId()).endsWith("_PARAMETER");
                }
            });
        }
        for (String id : List.of("NotificationFunction", "ConsentConfirmFunction", "ConsentWithdrawFunction",
                "ContentClickFunction")) {
            JsonNode props = TEMPLATE.resources().path(id).path("Properties");
            JsonNode variables = props.path("Environment").path("Variables");
            assertThat(variables.path("CONSENT_TOKEN_KEY_PARAMETER").asText()).as(id).isEqualTo("ConsentTokenKeyParameter");
            assertThat(variables.path("CONSENT_TOKEN_PREVIOUS_KEY_PARAMETER").toString()).as(id)
                    .contains("HasPreviousConsentTokenKey", "ConsentTokenPreviousKeyParameter");
            assertThat(variables.path("CONSENT_TOKEN_PREVIOUS_KEY_VALID_UNTIL").toString()).as(id)
                    .contains("ConsentTokenPreviousKeyValidUntil");
            assertThat(props.path("Policies").toString()).as(id).contains("ssm:GetParameter")
                    .contains("parameter${ConsentTokenKeyParameter}").contains("parameter${ConsentTokenPreviousKeyParameter}");
        }
        assertThat(TEMPLATE.resources().path("FormCaptureFunction").path("Properties").path("Environment")
                .path("Variables").path("IP_HASH_SALT_PARAMETER").asText()).isEqualTo("IpHashSaltParameter");
        assertThat(TEMPLATE.root().path("Parameters").path("IpHashSaltParameter").path("Default").asText()).startsWith("/");
        assertThat(TEMPLATE.root().path("Parameters").path("ConsentTokenKeyParameter").path("Default").asText()).startsWith("/");
    }

    @Test
    void sesSendingIsScopedToTheSenderIdentity() {
        JsonNode statements = TEMPLATE.resources().path("NotificationFunction").path("Properties").path("Policies")
                .get(0).path("Statement");
        boolean ses = false;
        for (JsonNode st : statements) {
            if (st.path("Action").toString().contains("ses:")) {
                // the sender identity, and the configuration set every mail names (SendEmail is authorised on both)
                if (st.path("Resource").asText().contains(":configuration-set/${MailConfigurationSet}")) {
                    assertThat(st.path("Action").toString()).isEqualTo("[\"ses:SendEmail\"]");
                    continue;
                }
                ses = true;
                assertThat(st.path("Resource").asText()).contains(":identity/${SenderIdentity}");
            }
        }
        assertThat(ses).isTrue();
    }

    @Test
    void sesFeedbackReachesTheFeedbackFunctionAndEveryMailNamesTheConfigurationSet() {
        JsonNode destination = TEMPLATE.resources().path("MailFeedbackEventDestination").path("Properties");
        assertThat(destination.path("ConfigurationSetName").asText()).isEqualTo("MailConfigurationSet");
        JsonNode published = destination.path("EventDestination");
        assertThat(published.path("MatchingEventTypes").toString()).isEqualTo("[\"bounce\",\"complaint\"]");
        assertThat(published.path("SnsDestination").path("TopicARN").asText()).isEqualTo("MailFeedbackTopic");
        JsonNode function = TEMPLATE.resources().path("MailFeedbackFunction").path("Properties");
        assertThat(function.path("Events").path("Feedback").path("Type").asText()).isEqualTo("SNS");
        assertThat(function.path("Events").path("Feedback").path("Properties").path("Topic").asText()).isEqualTo("MailFeedbackTopic");
        JsonNode onFailure = function.path("EventInvokeConfig").path("DestinationConfig").path("OnFailure");
        assertThat(onFailure.path("Type").asText()).isEqualTo("SQS");
        assertThat(function.path("EventInvokeConfig").path("MaximumRetryAttempts").asInt(-1)).isBetween(0, 2);
        assertThat(TEMPLATE.resources().path("NotificationFunction").path("Properties").path("Environment")
                .path("Variables").path("SES_CONFIGURATION_SET").asText()).isEqualTo("MailConfigurationSet");
    }

    @Test
    void everyCapturingFunctionMayDoEachActionOfTheCaptureTransaction() {
        // IAM checks each action inside TransactWriteItems: the capture puts items, updates the
        // engagement ledger, and SnapStart priming sends a condition check.
        List<String> capturing = TEMPLATE.functions().stream().map(SamTemplate.Function::logicalId)
                .filter(id -> TEMPLATE.resources().path(id).path("Properties").path("Policies").toString()
                        .contains("\"CaptureLeads\"")).toList();
        assertThat(capturing).contains("FormCaptureFunction", "ZoomWebhookFunction");
        for (String id : capturing) {
            for (JsonNode policy : TEMPLATE.resources().path(id).path("Properties").path("Policies")) {
                for (JsonNode statement : policy.path("Statement")) {
                    if ("CaptureLeads".equals(statement.path("Sid").asText())) {
                        assertThat(statement.path("Action")).extracting(JsonNode::asText).as(id).contains(
                                "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem",
                                "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem");
                    }
                }
            }
        }
    }

    @Test
    void policiesNameActionsAndResourcesWithoutWildcards() {
        for (String id : TEMPLATE.functions().stream().map(SamTemplate.Function::logicalId).toList()) {
            JsonNode policies = TEMPLATE.resources().path(id).path("Properties").path("Policies");
            assertThat(policies.isArray()).as(id + " Policies").isTrue();
            for (JsonNode policy : policies) {
                for (JsonNode statement : policy.path("Statement")) {
                    for (JsonNode action : statement.path("Action")) {
                        assertThat(action.asText()).as(id).doesNotContain("*");
                    }
                    assertThat(statement.path("Resource").asText()).as(id).isNotEqualTo("*");
                }
            }
        }
    }

    @Test
    void everyFunctionHasALogGroupWithARetention() {
        for (String id : TEMPLATE.functions().stream().map(SamTemplate.Function::logicalId).toList()) {
            List<JsonNode> groups = new ArrayList<>();
            TEMPLATE.resources().forEach(r -> {
                if ("AWS::Logs::LogGroup".equals(r.path("Type").asText())
                        && r.path("Properties").path("LogGroupName").asText().equals("/aws/lambda/${" + id + "}")) {
                    groups.add(r);
                }
            });
            assertThat(groups).as(id + " log group /aws/lambda/${" + id + "}").hasSize(1);
            assertThat(groups.getFirst().path("Properties").path("RetentionInDays").asText()).as(id)
                    .isEqualTo("LogRetentionInDays");
        }
        assertThat(TEMPLATE.root().path("Parameters").path("LogRetentionInDays").path("Default").asInt()).isPositive();
    }

    @Test
    void globalsTargetJava25WithSnapStartOnAnAlias() {
        JsonNode fn = TEMPLATE.root().path("Globals").path("Function");
        assertThat(fn.path("Runtime").asText()).isEqualTo("java25");
        // JSON lines pass through; no ApplicationLogLevel, which would drop the metrics lines (no level) at WARN
        assertThat(fn.path("LoggingConfig").path("LogFormat").asText()).isEqualTo("JSON");
        assertThat(fn.path("LoggingConfig").has("ApplicationLogLevel")).isFalse();
        assertThat(fn.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(fn.path("SnapStart").path("ApplyOn").asText()).isEqualTo("PublishedVersions");
        // secrets are never template parameter values (they would show in the stack): SSM parameter names only
        TEMPLATE.root().path("Parameters").properties().forEach(p ->
                assertThat(p.getValue().path("NoEcho").asBoolean()).as(p.getKey() + " holds no secret").isFalse());
        assertThat(TEMPLATE.root().path("Outputs").has("ApiUrl")).isTrue();
        assertThat(TEMPLATE.root().path("Outputs").has("LeadsTableName")).isTrue();
    }
}

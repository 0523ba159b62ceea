package io.leadcapture.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import io.leadcapture.local.aws.RepoLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The module layout's dependency rules, checked on the function modules' main classes
 * (functions/&lt;module&gt;/target/classes) and main sources:
 * <ol>
 * <li>lead-core and lead-application use no AWS library; core uses neither application nor runtime;
 *     application does not use runtime.</li>
 * <li>Only io.leadcapture.runtime.store touches DynamoDB attribute values (SDK or Lambda events model).</li>
 * <li>Only io.leadcapture.runtime.store spells the table's key prefixes, key constants and "itemType".</li>
 * <li>Function modules do not use each other.</li>
 * </ol>
 * The last two tests run the same checks on a small compiled tree, once with a violation of each rule
 * and once without, so a rule that stops matching anything does not pass unnoticed.
 */
class DependencyRuleTest {
    static final Path ROOT = RepoLayout.root();
    static final String STORE_SOURCES = "functions/lead-runtime/src/main/java/io/leadcapture/runtime/store/";
    /** Modules every function may use; the rest are functions, which must not use each other. */
    static final Set<String> SHARED_MODULES = Set.of("lead-core", "lead-application", "lead-runtime");

    static final ArchRule CORE_IS_PLAIN_JAVA = noClasses().that().resideInAPackage("io.leadcapture.core..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                    "io.leadcapture.application..", "io.leadcapture.runtime..")
            .because("rule 1: the domain (lead-core, io.leadcapture.core) is plain Java; AWS code belongs in "
                    + "lead-runtime (io.leadcapture.runtime..), DynamoDB keys in io.leadcapture.runtime.store, "
                    + "use cases in lead-application (io.leadcapture.application)");
    static final ArchRule APPLICATION_IS_PLAIN_JAVA = noClasses().that().resideInAPackage("io.leadcapture.application..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon..", "com.amazonaws..",
                    "io.leadcapture.runtime..")
            .because("rule 1: use cases (lead-application, io.leadcapture.application) reach storage only through "
                    + "their ports; the AWS implementations of those ports belong in io.leadcapture.runtime.store")
            // lead-application may not be built yet
            .allowEmptyShould(true);
    /**
     * The SDK's DynamoDB model (requests, responses, AttributeValue) and the stream images' attribute
     * values. The stream record's envelope (event name, sequence number) is the stream frame's to read.
     */
    static final ArchRule ONLY_THE_STORE_TOUCHES_ITEMS = noClasses()
            .that().resideOutsideOfPackage("io.leadcapture.runtime.store..")
            .should().dependOnClassesThat().resideInAnyPackage("software.amazon.awssdk.services.dynamodb.model..")
            .orShould().dependOnClassesThat()
            .haveFullyQualifiedName("com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue");
    static final ArchRule FUNCTIONS_ARE_INDEPENDENT = slices().assignedFrom(new FunctionModules())
            .should().notDependOnEachOther()
            .because("rule 4: each function module is a thin adapter over lead-application, lead-runtime and "
                    + "lead-core; what two functions share belongs in one of those");

    static final String RULE_2 = "rule 2: DynamoDB items and stream images (either AttributeValue type, anything in "
            + "software.amazon.awssdk.services.dynamodb.model) "
            + "belong in io.leadcapture.runtime.store; elsewhere use its typed reads, writes and stream changes. "
            + "Used outside it (class files, then source lines)";
    /**
     * Names from either DynamoDB model package in code. Checked in the sources as well because a local
     * variable's type (Map&lt;String, AttributeValue&gt; cursor) leaves no dependency in the class file.
     */
    static final Pattern DYNAMODB_MODEL_NAME = Pattern.compile(
            "software\\.amazon\\.awssdk\\.services\\.dynamodb\\.model\\."
            + "|com\\.amazonaws\\.services\\.lambda\\.runtime\\.events\\.models\\.dynamodb\\.AttributeValue\\b");
    static final String RULE_3 = "rule 3: the table's keys and attribute names belong in io.leadcapture.runtime.store ("
            + STORE_SOURCES + "); elsewhere use its typed reads, writes and stream changes. These string literals spell "
            + "a key prefix, a key constant or the attribute name \"itemType\" outside it";
    /** A key prefix (at the start of a word), a whole key constant, or the item-type attribute name. */
    static final Pattern STORE_WORD = Pattern.compile("(?<![A-Za-z0-9_])(?:"
            + "(?:LEAD|EMAIL|PHONE|INTERACTION|SCORE|STAGE|NOTIFICATION|SALES|OPTIN|OPTINCAP|AUTO|ROUTING|MERGE|DUPLICATE|PROFILECHANGE|CONSENT|SUPPRESSION|MAILFEEDBACK|OWNER|ACTIVITY|ESCALATION|FUNNEL|DAY)#"
            + "|(?:MAILCAP|IDEMPOTENCY|PROFILE|IDENTITY|MERGED|MERGING|SUPPRESSION|MAILFEEDBACK|ERASED|ERASING|itemType)(?![A-Za-z0-9_]))");

    private static JavaClasses mainClasses;

    @Test
    void rule1_coreAndApplicationUseNoAwsAndNoRuntime() throws IOException {
        CompositeArchRule.of(CORE_IS_PLAIN_JAVA).and(APPLICATION_IS_PLAIN_JAVA).check(mainClasses());
    }

    @Test
    void rule2_onlyTheStorePackageTouchesDynamoDbAttributeValues() throws IOException {
        assertNone(RULE_2, rule2Violations(ROOT, mainClasses()));
    }

    @Test
    void rule3_onlyTheStorePackageSpellsKeyPrefixesAndItemType() throws IOException {
        assertNone(RULE_3, storeWordsOutsideTheStore(ROOT));
    }

    @Test
    void rule4_functionModulesDoNotDependOnEachOther() throws IOException {
        FUNCTIONS_ARE_INDEPENDENT.check(mainClasses());
    }

    @Test
    void eachRuleReportsItsViolationInASmallTree(@TempDir Path dir) throws IOException {
        Path root = Fixture.write(dir, true);
        JavaClasses classes = importMainClasses(root);

        assertThat(details(CORE_IS_PLAIN_JAVA, classes))
                .contains("io.leadcapture.core.Lead", "software.amazon.awssdk.services.dynamodb.model.AttributeValue",
                        "io.leadcapture.runtime.store.LeadItems");
        assertThat(details(APPLICATION_IS_PLAIN_JAVA, classes))
                .contains("io.leadcapture.application.CaptureLead", "io.leadcapture.runtime.store.LeadItems",
                        "com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue");
        assertThat(details(ONLY_THE_STORE_TOUCHES_ITEMS, classes))
                .contains("io.leadcapture.forms.FormHandler", "io.leadcapture.runtime.stream.Frame",
                        "io.leadcapture.core.Lead", "io.leadcapture.application.CaptureLead")
                // a local variable's type is not in the class file: the sources catch it
                .doesNotContain("io.leadcapture.webhooks.WebhookHandler");
        assertThat(rule2Violations(root, classes))
                .noneMatch(found -> found.matches("\\w+ <io\\.leadcapture\\.runtime\\.store\\..*"))
                .noneMatch(found -> found.startsWith(STORE_SOURCES))
                .containsSubsequence(
                        "functions/form-capture/src/main/java/io/leadcapture/forms/FormHandler.java:2: "
                                + "import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;",
                        "functions/lead-application/src/main/java/io/leadcapture/application/CaptureLead.java:4: "
                                + "public String capture(Lead lead, "
                                + "com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {",
                        "functions/lead-core/src/main/java/io/leadcapture/core/Lead.java:3: "
                                + "import software.amazon.awssdk.services.dynamodb.model.AttributeValue;",
                        "functions/lead-runtime/src/main/java/io/leadcapture/runtime/stream/Frame.java:2: "
                                + "import software.amazon.awssdk.services.dynamodb.model.AttributeValue;",
                        "functions/webhooks/src/main/java/io/leadcapture/webhooks/WebhookHandler.java:4: "
                                + "import software.amazon.awssdk.services.dynamodb.model.AttributeValue;");
        assertThat(details(FUNCTIONS_ARE_INDEPENDENT, classes))
                .contains("form-capture", "webhooks", "io.leadcapture.webhooks.WebhookHandler")
                .doesNotContain("lead-core", "lead-runtime", "lead-application");
        assertThat(storeWordsOutsideTheStore(root)).containsExactly(
                "functions/form-capture/src/main/java/io/leadcapture/forms/FormHandler.java:9: {\"itemType\": \"lead\"}",
                "functions/lead-core/src/main/java/io/leadcapture/core/Lead.java:9: "
                        + "return \"EMAIL#\" + email + LeadItems.profile(email).size();",
                "functions/lead-runtime/src/main/java/io/leadcapture/runtime/stream/Frame.java:6: + \"SALES#\"",
                "functions/lead-runtime/src/main/java/io/leadcapture/runtime/stream/Frame.java:7: + \"#MAILCAP\";");
    }

    @Test
    void everyRulePassesOnTheSameTreeWithoutTheViolations(@TempDir Path dir) throws IOException {
        Path root = Fixture.write(dir, false);
        JavaClasses classes = importMainClasses(root);

        assertThat(details(CORE_IS_PLAIN_JAVA, classes)).isEmpty();
        assertThat(details(APPLICATION_IS_PLAIN_JAVA, classes)).isEmpty();
        assertThat(rule2Violations(root, classes)).isEmpty();
        assertThat(details(FUNCTIONS_ARE_INDEPENDENT, classes)).isEmpty();
        assertThat(storeWordsOutsideTheStore(root)).isEmpty();
        // while the store spells keys and uses attribute values
        assertThat(Files.readString(root.resolve(STORE_SOURCES).resolve("LeadItems.java"))).contains("\"LEAD#\"", "\"itemType\"");
    }

    private static void assertNone(String rule, List<String> found) {
        if (!found.isEmpty()) {
            throw new AssertionError(rule + " (" + found.size() + "):\n  " + String.join("\n  ", found));
        }
    }

    private static String details(ArchRule rule, JavaClasses classes) {
        return String.join("\n", rule.evaluate(classes).getFailureReport().getDetails());
    }

    private static synchronized JavaClasses mainClasses() throws IOException {
        if (mainClasses == null) {
            mainClasses = importMainClasses(ROOT);
        }
        return mainClasses;
    }

    /** The main classes of every module under functions/ (not their tests, not the infrastructure modules). */
    static JavaClasses importMainClasses(Path root) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (Path module : modules(root)) {
            Path classes = module.resolve("target/classes");
            if (!Files.isDirectory(classes)) {
                throw new IllegalStateException(module + " has main sources but no target/classes: compile it first "
                        + "(mvn test-compile -pl infrastructure/local-runner -am)");
            }
            dirs.add(classes);
        }
        assertThat(dirs).as("function modules under " + root).isNotEmpty();
        return new ClassFileImporter().importPaths(dirs);
    }

    private static List<Path> modules(Path root) throws IOException {
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            return modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).sorted().toList();
        }
    }

    /** Rule 3: every string literal outside the store sources that spells a key word, as "file:line: source line". */
    static List<String> storeWordsOutsideTheStore(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> file : sourcesOutsideTheStore(root).entrySet()) {
            JavaSource source = JavaSource.parse(file.getValue());
            source.literals().forEach((start, literal) -> {
                Matcher m = STORE_WORD.matcher(literal);
                if (m.find()) {
                    found.add(source.at(file.getKey(), start + m.start()));
                }
            });
        }
        return found;
    }

    static List<String> rule2Violations(Path root, JavaClasses classes) throws IOException {
        List<String> found = new ArrayList<>(ONLY_THE_STORE_TOUCHES_ITEMS.evaluate(classes).getFailureReport().getDetails());
        found.addAll(dynamoDbModelNamedOutsideTheStore(root));
        return found;
    }

    /** Rule 2 in the sources: every name from a DynamoDB model package in code (not in comments or strings). */
    static List<String> dynamoDbModelNamedOutsideTheStore(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> file : sourcesOutsideTheStore(root).entrySet()) {
            JavaSource source = JavaSource.parse(file.getValue());
            Matcher m = DYNAMODB_MODEL_NAME.matcher(source.code());
            while (m.find()) {
                found.add(source.at(file.getKey(), m.start()));
            }
        }
        return found;
    }

    /** The function modules' main sources, but the store's, by their path from the root. */
    private static Map<String, String> sourcesOutsideTheStore(Path root) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Path module : modules(root)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(module.resolve("src/main/java"))) {
                files = walk.filter(f -> f.toString().endsWith(".java")).sorted().toList();
            }
            for (Path file : files) {
                String relative = root.relativize(file).toString().replace('\\', '/');
                if (!relative.startsWith(STORE_SOURCES)) {
                    sources.put(relative, Files.readString(file));
                }
            }
        }
        return sources;
    }

    /**
     * A Java source as its code, with comments and literals blanked out (line breaks kept), and its
     * string literals and text blocks, quotes included, by their offset.
     */
    record JavaSource(String text, String code, Map<Integer, String> literals) {
        static JavaSource parse(String src) {
            StringBuilder code = new StringBuilder(src);
            Map<Integer, String> literals = new LinkedHashMap<>();
            int i = 0;
            while (i < src.length()) {
                int end;
                if (src.startsWith("//", i)) {
                    int eol = src.indexOf('\n', i);
                    end = eol < 0 ? src.length() : eol;
                } else if (src.startsWith("/*", i)) {
                    int close = src.indexOf("*/", i + 2);
                    end = close < 0 ? src.length() : close + 2;
                } else if (src.startsWith("\"\"\"", i)) {
                    end = closing(src, i + 3, "\"\"\"");
                    literals.put(i, src.substring(i, end));
                } else if (src.charAt(i) == '"') {
                    end = closing(src, i + 1, "\"");
                    literals.put(i, src.substring(i, end));
                } else if (src.charAt(i) == '\'') {
                    end = closing(src, i + 1, "'");
                } else {
                    i++;
                    continue;
                }
                for (int j = i; j < end; j++) {
                    if (code.charAt(j) != '\n') {
                        code.setCharAt(j, ' ');
                    }
                }
                i = end;
            }
            return new JavaSource(src, code.toString(), literals);
        }

        /** "file:line: that line", for the line holding the offset. */
        String at(String file, int offset) {
            int start = text.lastIndexOf('\n', offset - 1) + 1;
            int end = text.indexOf('\n', offset);
            int line = (int) text.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
            return file + ":" + line + ": " + text.substring(start, end < 0 ? text.length() : end).strip();
        }
    }

    /** The offset just after the closing quote (escapes skipped), or the end of the source. */
    private static int closing(String src, int from, String quote) {
        for (int i = from; i < src.length(); i++) {
            if (src.charAt(i) == '\\') {
                i++;
            } else if (src.startsWith(quote, i)) {
                return i + quote.length();
            }
        }
        return src.length();
    }

    /** Slices by the function module a class was compiled into; the shared modules are in no slice. */
    static final class FunctionModules implements SliceAssignment {
        private static final Pattern MODULE = Pattern.compile("/functions/([^/]+)/target/classes/");

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            return javaClass.getSource()
                    .map(source -> MODULE.matcher(source.getUri().toString()))
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .filter(module -> !SHARED_MODULES.contains(module))
                    .map(SliceIdentifier::of)
                    .orElse(SliceIdentifier.ignore());
        }

        @Override
        public String getDescription() {
            return "function modules (functions/*, except " + String.join(", ", SHARED_MODULES.stream().sorted().toList())
                    + ")";
        }
    }

    /**
     * A tree shaped like the repository: the modules' sources under functions/, compiled into each
     * module's target/classes; stand-ins for the two AttributeValue types are compiled outside it.
     */
    static final class Fixture {
        private static final Map<String, String> MODULE_OF_PACKAGE = Map.of(
                "core", "lead-core", "application", "lead-application", "runtime", "lead-runtime",
                "forms", "form-capture", "webhooks", "webhooks");

        static Path write(Path dir, boolean withViolations) throws IOException {
            Path root = Files.createDirectories(dir.resolve("repo"));
            Path lib = Files.createDirectories(dir.resolve("lib"));
            Map<String, String> sources = new LinkedHashMap<>();
            sources.put("software/amazon/awssdk/services/dynamodb/model/AttributeValue.java", """
                    package software.amazon.awssdk.services.dynamodb.model;
                    public final class AttributeValue {
                        public static AttributeValue fromS(String s) { return new AttributeValue(); }
                    }
                    """);
            sources.put("com/amazonaws/services/lambda/runtime/events/models/dynamodb/AttributeValue.java", """
                    package com.amazonaws.services.lambda.runtime.events.models.dynamodb;
                    public final class AttributeValue {
                        public String getS() { return null; }
                    }
                    """);
            sources.put("io/leadcapture/runtime/store/LeadItems.java", """
                    package io.leadcapture.runtime.store;
                    import java.util.Map;
                    import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                    public final class LeadItems {
                        static final String ITEM_TYPE = "itemType";
                        public static Map<String, AttributeValue> profile(String leadId) {
                            return Map.of("PK", AttributeValue.fromS("LEAD#" + leadId), "SK", AttributeValue.fromS("PROFILE"));
                        }
                        public static String leadId(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
                            return image.get("leadId").getS();
                        }
                    }
                    """);
            sources.put("io/leadcapture/core/Lead.java", withViolations ? """
                    package io.leadcapture.core;
                    import io.leadcapture.runtime.store.LeadItems;
                    import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                    public record Lead(String email) {
                        AttributeValue item() {
                            return AttributeValue.fromS(email);
                        }
                        String key() {
                            return "EMAIL#" + email + LeadItems.profile(email).size();
                        }
                    }
                    """ : """
                    package io.leadcapture.core;
                    /* stored under "EMAIL#" + email, by the store */
                    public record Lead(String email) {
                        static final char QUOTE = '"'; // "LEAD#"
                        static final String NOTE = "a \\"quoted\\" word // not a comment"; // "EMAIL#"
                        static final String HELP = \"""
                                one lead per person, AWS_PROFILE or not
                                \""";
                        // "LEAD#" in a comment
                        static final String NOT_A_KEY = "LEADS#, IDENTITY_PROVIDER, itemTypes, " + QUOTE;
                    }
                    """);
            sources.put("io/leadcapture/application/CaptureLead.java", withViolations ? """
                    package io.leadcapture.application;
                    import io.leadcapture.core.Lead;
                    public final class CaptureLead {
                        public String capture(Lead lead, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
                            return lead.email() + io.leadcapture.runtime.store.LeadItems.profile(lead.email()).size();
                        }
                    }
                    """ : """
                    package io.leadcapture.application;
                    import io.leadcapture.core.Lead;
                    public final class CaptureLead {
                        public String capture(Lead lead) {
                            return lead.email();
                        }
                    }
                    """);
            sources.put("io/leadcapture/runtime/stream/Frame.java", withViolations ? """
                    package io.leadcapture.runtime.stream;
                    import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                    public final class Frame {
                        public static String salesKey(java.util.Map<String, AttributeValue> image) {
                            return image.toString()
                                    + "SALES#"
                                    + "#MAILCAP";
                        }
                    }
                    """ : """
                    package io.leadcapture.runtime.stream;
                    public final class Frame {
                        public static String leadId(String id) {
                            return id;
                        }
                    }
                    """);
            sources.put("io/leadcapture/webhooks/WebhookHandler.java", withViolations ? """
                    package io.leadcapture.webhooks;
                    import io.leadcapture.application.CaptureLead;
                    import io.leadcapture.core.Lead;
                    import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
                    public final class WebhookHandler {
                        public static String handle(String email) {
                            java.util.Map<String, AttributeValue> cursor = null;
                            return new CaptureLead().capture(new Lead(email), null) + cursor;
                        }
                    }
                    """ : """
                    package io.leadcapture.webhooks;
                    import io.leadcapture.application.CaptureLead;
                    import io.leadcapture.core.Lead;
                    public final class WebhookHandler {
                        /** Not {@link software.amazon.awssdk.services.dynamodb.model.AttributeValue}: the store's. */
                        public static String handle(String email) {
                            return new CaptureLead().capture(new Lead(email)) + "software.amazon.awssdk.services.dynamodb.model.";
                        }
                    }
                    """);
            sources.put("io/leadcapture/forms/FormHandler.java", withViolations ? """
                    package io.leadcapture.forms;
                    import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
                    import io.leadcapture.webhooks.WebhookHandler;
                    public final class FormHandler {
                        public String handle(String email, AttributeValue type) {
                            return WebhookHandler.handle(email) + type.getS() + SAMPLE;
                        }
                        static final String SAMPLE = \"""
                                {"itemType": "lead"}
                                \""";
                    }
                    """ : """
                    package io.leadcapture.forms;
                    import io.leadcapture.application.CaptureLead;
                    import io.leadcapture.core.Lead;
                    import io.leadcapture.runtime.store.LeadItems;
                    public final class FormHandler {
                        public String handle(String email) {
                            return new CaptureLead().capture(new Lead(email)) + LeadItems.profile(email).size();
                        }
                    }
                    """);

            Path sourceDir = Files.createDirectories(dir.resolve("src"));
            List<String> args = new ArrayList<>(List.of("--release", "21", "-proc:none", "-nowarn", "-d", lib.toString()));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                String[] parts = e.getKey().split("/");
                Path file = parts[0].equals("io")
                        ? root.resolve("functions").resolve(MODULE_OF_PACKAGE.get(parts[2])).resolve("src/main/java")
                                .resolve(e.getKey())
                        : sourceDir.resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            assertThat(javac).as("the tests run on a JDK").isNotNull();
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
            assertThat(rc).as("compiling the fixture:\n" + diagnostics.toString(StandardCharsets.UTF_8)).isZero();
            // each package's classes into its module's target/classes, as Maven lays them out
            for (Map.Entry<String, String> e : MODULE_OF_PACKAGE.entrySet()) {
                Path compiled = lib.resolve("io/leadcapture").resolve(e.getKey());
                Path target = root.resolve("functions").resolve(e.getValue()).resolve("target/classes/io/leadcapture");
                Files.createDirectories(target);
                Files.move(compiled, target.resolve(e.getKey()));
            }
            return root;
        }
    }
}

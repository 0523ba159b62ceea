package io.leadcapture.forms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leadcapture.runtime.ClassPreloader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The list of classes the constructor loads ahead for the first request names classes that exist. */
class FirstRequestClassesTest {
    private static final String REGENERATE = "regenerate it: mvn -q install -DskipTests && infrastructure/benchmarks/first-request-classes.sh";

    @Test
    void everyListedClassResolvesOnTheFunctionsClassPath() {
        List<String> names = ClassPreloader.names(FormCaptureHandler.class, FormCaptureHandler.FIRST_REQUEST_CLASSES);
        assertTrue(names.size() > 100, "the list is missing or nearly empty; " + REGENERATE);
        List<String> missing = names.stream().filter(n -> !resolves(n)).toList();
        assertEquals(List.of(), missing, "classes the list names but no library defines (a dependency changed); " + REGENERATE);
        assertEquals(names.size(), ClassPreloader.load(FormCaptureHandler.class, FormCaptureHandler.FIRST_REQUEST_CLASSES));
    }

    @Test
    void theListHoldsNoClassOfTheBenchmarkHarness() {
        List<String> harness = ClassPreloader.names(FormCaptureHandler.class, FormCaptureHandler.FIRST_REQUEST_CLASSES).stream()
                .filter(n -> n.startsWith("io.leadcapture.bench.") || n.startsWith("io.leadcapture.local.")).toList();
        assertEquals(List.of(), harness, "only the function's own zip and the JDK belong in it");
    }

    private static boolean resolves(String name) {
        try {
            Class.forName(name, false, FormCaptureHandler.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}

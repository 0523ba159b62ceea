package io.leadcapture.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClassPreloaderTest {
    static final AtomicInteger PROBE_INITIALISED = new AtomicInteger();

    static final class Probe {
        static final Object VALUE = new Object();

        static {
            PROBE_INITIALISED.incrementAndGet();
        }
    }

    @Test
    void namesSkipCommentsAndBlankLinesAndTrim() {
        assertEquals(List.of("io.leadcapture.runtime.ClassPreloaderTest$Probe", "java.util.concurrent.Phaser",
                "io.leadcapture.runtime.NoSuchClass"), ClassPreloader.names(ClassPreloaderTest.class, "preload-test-classes.txt"));
    }

    @Test
    void loadsWhatResolvesSkipsTheRestAndRunsNoStaticInitialiser() {
        assertEquals(2, ClassPreloader.load(ClassPreloaderTest.class, "preload-test-classes.txt"));
        assertEquals(0, PROBE_INITIALISED.get(), "loaded, not initialised");
        assertTrue(Probe.VALUE != null);
        assertEquals(1, PROBE_INITIALISED.get(), "initialised on first use, on the thread that uses it");
    }

    @Test
    void aMissingListLoadsNothing() {
        assertEquals(List.of(), ClassPreloader.names(ClassPreloaderTest.class, "no-such-list.txt"));
        assertEquals(0, ClassPreloader.load(ClassPreloaderTest.class, "no-such-list.txt"));
    }

    @Test
    void startsADaemonThreadThatEnds() throws InterruptedException {
        Thread t = ClassPreloader.start(ClassPreloaderTest.class, "preload-test-classes.txt");
        assertTrue(t.isDaemon(), "never keeps a function's JVM alive");
        assertEquals("preload-classes", t.getName());
        t.join(10_000);
        assertFalse(t.isAlive());
    }
}

package io.leadcapture.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Loads, on a thread of its own, the classes a function's first request is known to load: a list
 * written from a cold run (see {@code infrastructure/benchmarks/first-request-classes.sh}). The
 * first request runs mostly on one core — the SDK's request pipeline, met for the first time — so
 * reading and defining its classes from the jars beside it shortens that request.
 *
 * <p>Classes are loaded, not initialised: no static initialiser runs on this thread, so class
 * initialisation keeps the order and thread it has without the list. A name that no longer
 * resolves (a list older than a library update) is skipped; a test of the function that owns a
 * list fails when it names such classes ({@code FirstRequestClassesTest}).
 */
public final class ClassPreloader {
    private ClassPreloader() {
    }

    /** Starts loading the classes named in {@code resource} (beside {@code owner}) on a daemon thread. */
    public static Thread start(Class<?> owner, String resource) {
        return Thread.ofPlatform().name("preload-classes").daemon().start(() -> load(owner, resource));
    }

    /** Loads the classes named in {@code resource}; answers how many resolved. */
    public static int load(Class<?> owner, String resource) {
        ClassLoader loader = owner.getClassLoader();
        int loaded = 0;
        for (String name : names(owner, resource)) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // an outdated entry: the request loads what it needs itself
            }
        }
        return loaded;
    }

    /** The class names of a list: one per line; blank lines and lines starting with '#' are skipped. */
    public static List<String> names(Class<?> owner, String resource) {
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

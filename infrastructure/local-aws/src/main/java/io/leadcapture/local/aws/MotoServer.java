package io.leadcapture.local.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The AWS emulator for tests: the endpoint in {@code AWS_ENDPOINT_URL} when one is set (a running
 * moto or LocalStack), otherwise a moto server started once per JVM through
 * {@code infrastructure/local/moto.sh} on a free loopback port and stopped at exit.
 */
public final class MotoServer {
    private static URI shared;

    private MotoServer() {
    }

    public static synchronized URI endpoint() {
        if (shared == null) {
            String configured = System.getenv("AWS_ENDPOINT_URL");
            shared = configured != null && !configured.isBlank() ? URI.create(configured) : start();
        }
        return shared;
    }

    private static URI start() {
        int port = freePort();
        Path script = RepoLayout.root().resolve("infrastructure/local/moto.sh");
        run(script, "start", Integer.toString(port));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(script, "stop", Integer.toString(port));
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }));
        return URI.create("http://127.0.0.1:" + port);
    }

    private static void run(Path script, String... args) {
        String[] cmd = new String[args.length + 2];
        cmd[0] = "bash";
        cmd[1] = script.toString();
        System.arraycopy(args, 0, cmd, 2, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("moto.sh " + String.join(" ", args) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

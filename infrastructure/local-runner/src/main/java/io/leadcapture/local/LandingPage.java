package io.leadcapture.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sample landing page on http://localhost:8080 — the origin and thank-you page the shipped forms
 * are configured for — so a real browser form post can be tried locally.
 */
final class LandingPage {
    private LandingPage() {
    }

    static void start(int port, int apiPort) throws IOException {
        Path dir = LocalRunner.repoRoot().resolve("infrastructure/local/landing");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        } catch (BindException e) {
            System.out.println("Port " + port + " is taken: the sample landing page is not served (set LANDING_PORT).");
            return;
        }
        server.createContext("/", ex -> {
            try (ex) {
                String path = ex.getRequestURI().getPath();
                String file = path.equals("/") ? "index.html" : path.equals("/danke") ? "danke.html" : null;
                if (file == null || !ex.getRequestMethod().equals("GET")) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readString(dir.resolve(file))
                        .replace("{{API}}", "http://127.0.0.1:" + apiPort).getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "text/html; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(body);
                }
            }
        });
        server.start();
    }
}

package io.leadcapture.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadcapture.core.BundledConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The links of nurture.yaml as the redirect needs them: {@code fallbackUrl}, and per sequence name
 * and step the {@code link.url} with its {@code link.utm} parameters appended (URL-encoded). Reads
 * nothing else of the file; the file's own loader checks the rest.
 */
public final class NurtureLinkCatalog implements NurtureLinks {
    static final String RESOURCE = "/config/nurture.yaml";

    private final Map<String, List<Optional<String>>> links;
    private final String fallbackUrl;

    private NurtureLinkCatalog(Map<String, List<Optional<String>>> links, String fallbackUrl) {
        this.links = links;
        this.fallbackUrl = fallbackUrl;
    }

    /** The catalog of the nurture.yaml bundled in lead-core. */
    public static NurtureLinkCatalog bundled() {
        return BundledConfig.bundled(RESOURCE, NurtureLinkCatalog::load);
    }

    public static NurtureLinkCatalog load(InputStream yaml) {
        JsonNode root;
        try {
            root = BundledConfig.reader(JsonNode.class).readTree(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String fallback = https(root.path("fallbackUrl").asText(null), "fallbackUrl");
        Map<String, List<Optional<String>>> links = new HashMap<>();
        for (JsonNode sequence : root.path("sequences")) {
            String name = sequence.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("nurture.yaml: a sequence without a name");
            }
            List<Optional<String>> steps = new java.util.ArrayList<>();
            for (JsonNode step : sequence.path("steps")) {
                JsonNode link = step.path("link");
                steps.add(link.isObject()
                        ? Optional.of(withUtm(https(link.path("url").asText(null), name + " link.url"), link.path("utm")))
                        : Optional.empty());
            }
            links.put(name, List.copyOf(steps));
        }
        return new NurtureLinkCatalog(Map.copyOf(links), fallback);
    }

    @Override
    public Optional<String> linkOf(String sequence, int step) {
        List<Optional<String>> steps = links.get(sequence);
        return steps == null || step < 1 || step > steps.size() ? Optional.empty() : steps.get(step - 1);
    }

    @Override
    public String fallbackUrl() {
        return fallbackUrl;
    }

    /** Only an absolute https URL is ever a redirect target. */
    private static String https(String url, String what) {
        URI uri;
        try {
            uri = url == null ? null : URI.create(url);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("nurture.yaml: " + what + " must be an absolute https URL");
        }
        return url;
    }

    private static String withUtm(String url, JsonNode utm) {
        if (!utm.isObject() || utm.isEmpty()) {
            return url;
        }
        StringBuilder b = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> fields = utm.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            b.append(b.isEmpty() ? "" : "&").append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(f.getValue().asText(), StandardCharsets.UTF_8));
        }
        int hash = url.indexOf('#');
        String base = hash < 0 ? url : url.substring(0, hash);
        String fragment = hash < 0 ? "" : url.substring(hash);
        return base + (base.contains("?") ? "&" : "?") + b + fragment;
    }
}

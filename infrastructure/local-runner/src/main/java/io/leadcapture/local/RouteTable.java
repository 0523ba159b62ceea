package io.leadcapture.local;

import io.leadcapture.local.aws.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The HTTP routes of template.yaml, matched as API Gateway matches them: method plus path with {params}. */
final class RouteTable {
    record Match(SamTemplate.Function function, SamTemplate.Route route, Map<String, String> pathParameters) {
        String routeKey() {
            return route.method() + " " + route.path();
        }
    }

    private record Entry(SamTemplate.Function function, SamTemplate.Route route, Pattern pattern, List<String> names) {
    }

    private final List<Entry> entries = new ArrayList<>();

    RouteTable(List<SamTemplate.Function> functions) {
        for (SamTemplate.Function f : functions) {
            for (SamTemplate.Route r : f.routes()) {
                List<String> names = new ArrayList<>();
                StringBuilder regex = new StringBuilder("^");
                for (String segment : r.path().split("/")) {
                    if (segment.isEmpty()) {
                        continue;
                    }
                    regex.append('/');
                    if (segment.startsWith("{") && segment.endsWith("}")) {
                        names.add(segment.substring(1, segment.length() - 1));
                        regex.append("([^/]+)");
                    } else {
                        regex.append(Pattern.quote(segment));
                    }
                }
                regex.append("/?$");
                entries.add(new Entry(f, r, Pattern.compile(regex.toString()), names));
            }
        }
    }

    Optional<Match> match(String method, String path) {
        // Literal segments win over parameters, as in API Gateway: try routes with fewer parameters first.
        return entries.stream()
                .filter(e -> e.route().method().equals(method) || e.route().method().equals("ANY"))
                .sorted(java.util.Comparator.comparingInt(e -> e.names().size()))
                .map(e -> {
                    Matcher m = e.pattern().matcher(path);
                    if (!m.matches()) {
                        return null;
                    }
                    Map<String, String> params = new LinkedHashMap<>();
                    for (int i = 0; i < e.names().size(); i++) {
                        params.put(e.names().get(i), java.net.URLDecoder.decode(m.group(i + 1).replace("+", "%2B"),
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return new Match(e.function(), e.route(), params);
                })
                .filter(java.util.Objects::nonNull)
                .findFirst();
    }

    boolean hasPath(String path) {
        return entries.stream().anyMatch(e -> e.pattern().matcher(path).matches());
    }

    List<String> describe() {
        return entries.stream().map(e -> String.format("%-6s %-22s -> %s", e.route().method(), e.route().path(),
                e.function().logicalId())).toList();
    }
}

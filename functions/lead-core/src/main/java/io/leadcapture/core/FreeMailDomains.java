package io.leadcapture.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Free-mail providers (gmail.com, web.de, …): a lead from one of them without company counts as B2C. */
public final class FreeMailDomains {
    private final Set<String> domains;

    public FreeMailDomains(Set<String> domains) {
        this.domains = Set.copyOf(domains);
    }

    /** The list shipped in {@code free-mail-domains.txt}: one domain per line, {@code #} comments. */
    public static FreeMailDomains bundled() {
        try (InputStream in = FreeMailDomains.class.getResourceAsStream("free-mail-domains.txt")) {
            if (in == null) {
                throw new IllegalStateException("free-mail-domains.txt missing from the classpath");
            }
            Set<String> set = new HashSet<>();
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(l -> l.replaceFirst("#.*", "").trim().toLowerCase(Locale.ROOT))
                    .filter(l -> !l.isEmpty())
                    .forEach(set::add);
            return new FreeMailDomains(set);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isFreeMail(String domain) {
        return domain != null && domains.contains(domain.toLowerCase(Locale.ROOT));
    }
}

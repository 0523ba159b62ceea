package io.leadcapture.core;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One landing-page form as configured in {@code infrastructure/config/forms.yaml}.
 *
 * @param aliases extra field names this form posts, mapped to standard field names
 * @param captcha the bot check a post must pass before anything is stored, or null for none
 */
public record FormDefinition(String id, InteractionType interactionType, String channel, String defaultRegion,
                             List<String> allowedOrigins, URI thankYouUrl, List<String> requiredFields,
                             Map<String, String> aliases, String consentTextVersion, boolean doubleOptIn,
                             String honeypotField, Captcha captcha) {

    public FormDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(interactionType, "interactionType");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        requiredFields = List.copyOf(requiredFields == null ? List.of() : requiredFields);
        aliases = Map.copyOf(aliases == null ? Map.of() : aliases);
    }

    /** A form without a bot check. */
    public FormDefinition(String id, InteractionType interactionType, String channel, String defaultRegion,
                          List<String> allowedOrigins, URI thankYouUrl, List<String> requiredFields,
                          Map<String, String> aliases, String consentTextVersion, boolean doubleOptIn,
                          String honeypotField) {
        this(id, interactionType, channel, defaultRegion, allowedOrigins, thankYouUrl, requiredFields, aliases,
                consentTextVersion, doubleOptIn, honeypotField, null);
    }

    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }

    /**
     * Whether {@code hostname} — where a bot-check provider says its widget was solved — is the host
     * of one of the allowed origins (case-insensitive, as host names are).
     */
    public boolean allowsHostname(String hostname) {
        if (hostname == null || hostname.isBlank()) {
            return false;
        }
        String wanted = hostname.toLowerCase(Locale.ROOT);
        for (String origin : allowedOrigins) {
            String host = URI.create(origin).getHost();
            if (host != null && host.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}

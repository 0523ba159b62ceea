package io.leadcapture.core;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One landing-page form as configured in {@code infrastructure/config/forms.yaml}.
 *
 * @param aliases extra field names this form posts, mapped to standard field names
 */
public record FormDefinition(String id, InteractionType interactionType, String channel, String defaultRegion,
                             List<String> allowedOrigins, URI thankYouUrl, List<String> requiredFields,
                             Map<String, String> aliases, String consentTextVersion, boolean doubleOptIn,
                             String honeypotField) {

    public FormDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(interactionType, "interactionType");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(defaultRegion, "defaultRegion");
        allowedOrigins = List.copyOf(allowedOrigins == null ? List.of() : allowedOrigins);
        requiredFields = List.copyOf(requiredFields == null ? List.of() : requiredFields);
        aliases = Map.copyOf(aliases == null ? Map.of() : aliases);
    }

    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin);
    }
}

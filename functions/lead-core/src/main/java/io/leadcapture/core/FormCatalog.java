package io.leadcapture.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The forms a deployment accepts, loaded once from the versioned YAML file and checked at load. */
public final class FormCatalog {
    public static final String BUNDLED_RESOURCE = "/config/forms.yaml";

    private final int version;
    private final Map<String, FormDefinition> forms;
    private final Map<String, AutoResponse> autoResponses;
    private final Map<String, String> defaultAliases;

    /** A mail a form sends the person right after the post (the whitepaper link, say). */
    public record AutoResponse(String subject, String text) {
        public AutoResponse {
            if (subject == null || subject.isBlank() || Text.singleLine(subject) == null
                    || !subject.equals(Text.singleLine(subject)) || text == null || text.isBlank()) {
                throw new IllegalArgumentException("autoResponse needs a one-line subject and a text");
            }
        }
    }

    private FormCatalog(int version, Map<String, FormDefinition> forms, Map<String, AutoResponse> autoResponses,
                        Map<String, String> defaultAliases) {
        this.version = version;
        this.forms = Map.copyOf(forms);
        this.autoResponses = Map.copyOf(autoResponses);
        this.defaultAliases = Map.copyOf(defaultAliases);
    }

    public static FormCatalog bundled() {
        return BundledConfig.bundled(BUNDLED_RESOURCE, FormCatalog::load);
    }

    public static FormCatalog load(InputStream yaml) throws IOException {
        FileModel file = BundledConfig.read(yaml, FileModel.class);
        FormModel defaults = file.defaults() == null ? FormModel.EMPTY : file.defaults();
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        if (file.forms() == null || file.forms().isEmpty()) {
            throw new IllegalArgumentException("forms.yaml defines no forms");
        }
        Map<String, AutoResponse> autoResponses = new LinkedHashMap<>();
        file.forms().forEach((id, model) -> {
            forms.put(id, model.withDefaults(defaults).toDefinition(id));
            if (model.autoResponse() != null) {
                autoResponses.put(id, model.autoResponse());
            }
        });
        Map<String, String> aliases = defaults.aliases() == null ? Map.of() : defaults.aliases();
        aliases.forEach((alias, target) -> {
            if (!FieldNames.STANDARD.contains(target)) {
                throw new IllegalArgumentException("defaults: alias " + alias + " points to unknown field " + target);
            }
        });
        return new FormCatalog(file.version(), forms, autoResponses, aliases);
    }

    public int version() {
        return version;
    }

    public Optional<FormDefinition> find(String formId) {
        return Optional.ofNullable(formId == null ? null : forms.get(formId));
    }

    public Collection<FormDefinition> all() {
        return forms.values();
    }

    /**
     * The field names every form accepts besides the standard vocabulary ({@code defaults.aliases}):
     * what any other channel reading the same vocabulary (a CSV import) accepts too.
     */
    public Map<String, String> defaultAliases() {
        return defaultAliases;
    }

    public Optional<AutoResponse> autoResponse(String formId) {
        return Optional.ofNullable(formId == null ? null : autoResponses.get(formId));
    }

    /** {@code captcha:} of a form: {@code provider} and, optionally, the widget's {@code action}. */
    record CaptchaModel(String provider, String action) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record FileModel(int version, FormModel defaults, Map<String, FormModel> forms) {
    }

    record FormModel(String interactionType, String channel, String defaultRegion, List<String> allowedOrigins,
                     String thankYouUrl, List<String> requiredFields, Map<String, String> aliases,
                     String consentTextVersion, Boolean doubleOptIn, String honeypotField, AutoResponse autoResponse,
                     CaptchaModel captcha, String captchaUnavailable) {

        static final FormModel EMPTY = new FormModel(null, null, null, null, null, null, null, null, null, null, null,
                null, null);

        FormModel withDefaults(FormModel d) {
            Map<String, String> mergedAliases = new LinkedHashMap<>();
            if (d.aliases != null) {
                mergedAliases.putAll(d.aliases);
            }
            if (aliases != null) {
                mergedAliases.putAll(aliases);
            }
            return new FormModel(or(interactionType, d.interactionType), or(channel, d.channel),
                    or(defaultRegion, d.defaultRegion), or(allowedOrigins, d.allowedOrigins),
                    or(thankYouUrl, d.thankYouUrl), or(requiredFields, d.requiredFields), mergedAliases,
                    or(consentTextVersion, d.consentTextVersion), or(doubleOptIn, d.doubleOptIn),
                    or(honeypotField, d.honeypotField), autoResponse, or(captcha, d.captcha),
                    or(captchaUnavailable, d.captchaUnavailable));
        }

        FormDefinition toDefinition(String id) {
            if (!id.matches("[a-z0-9][a-z0-9_-]{0,63}")) {
                throw new IllegalArgumentException("form id '" + id + "' must be lower-case letters, digits, - or _");
            }
            InteractionType type = InteractionType.parse(interactionType).orElseThrow(
                    () -> new IllegalArgumentException("form '" + id + "': unknown interactionType " + interactionType));
            String region = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
            Set<String> regions = PhoneNumberUtil.getInstance().getSupportedRegions();
            if (region == null || !regions.contains(region)) {
                throw new IllegalArgumentException("form '" + id + "': defaultRegion " + defaultRegion + " is not a phone region");
            }
            if (thankYouUrl == null) {
                throw new IllegalArgumentException("form '" + id + "': thankYouUrl is required");
            }
            URI thanks = URI.create(thankYouUrl);
            if (!thanks.isAbsolute()) {
                throw new IllegalArgumentException("form '" + id + "': thankYouUrl must be absolute");
            }
            if (requiredFields != null) {
                for (String f : requiredFields) {
                    if (!FieldNames.STANDARD.contains(f)) {
                        throw new IllegalArgumentException("form '" + id + "': required field " + f + " is not a standard field");
                    }
                }
            }
            if (aliases != null) {
                aliases.forEach((alias, target) -> {
                    if (!FieldNames.STANDARD.contains(target)) {
                        throw new IllegalArgumentException("form '" + id + "': alias " + alias + " points to unknown field " + target);
                    }
                });
            }
            if (Boolean.FALSE.equals(doubleOptIn)) {
                // Anyone can post anyone's address: only the address's owner, through the link, can grant.
                throw new IllegalArgumentException("form '" + id + "': doubleOptIn: false is not possible; marketing "
                        + "consent ticked on a public form stays pending until confirmed through the emailed link");
            }
            return new FormDefinition(id, type, channel == null ? "web_form" : channel, region, allowedOrigins, thanks,
                    requiredFields, aliases, consentTextVersion, true,
                    honeypotField == null ? "_gotcha" : honeypotField, captcha(id));
        }

        /** The form's bot check, or null; checked here so that a typo fails the start, not every post. */
        private Captcha captcha(String id) {
            Captcha.WhenUnavailable whenUnavailable = captchaUnavailable == null ? Captcha.WhenUnavailable.REJECT
                    : Captcha.WhenUnavailable.parse(captchaUnavailable).orElseThrow(() -> new IllegalArgumentException(
                            "form '" + id + "': captchaUnavailable " + captchaUnavailable + " must be reject or accept"));
            if (captcha == null) {
                return null;
            }
            Captcha.Provider provider = Captcha.Provider.parse(captcha.provider()).orElseThrow(() -> new IllegalArgumentException(
                    "form '" + id + "': captcha provider " + captcha.provider() + " must be turnstile, recaptcha or hcaptcha"));
            // The provider reports the host its widget was solved on; it must be one of the form's own.
            if (allowedOrigins == null || allowedOrigins.isEmpty()) {
                throw new IllegalArgumentException("form '" + id + "': a captcha needs allowedOrigins to check the hostname against");
            }
            for (String origin : allowedOrigins) {
                URI uri;
                try {
                    uri = new URI(origin);
                } catch (URISyntaxException e) {
                    uri = null;
                }
                if (uri == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("form '" + id + "': allowed origin " + origin + " has no host name");
                }
            }
            return new Captcha(provider, captcha.action(), whenUnavailable);
        }

        private static <T> T or(T value, T fallback) {
            return value != null ? value : fallback;
        }
    }
}

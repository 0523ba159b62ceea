package io.leadcapture.core;

import com.fasterxml.jackson.databind.JsonNode;
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
        return load(BundledConfig.tree(yaml));
    }

    /** The catalogue from the file's tree (read key by key: see {@link ConfigTree}). */
    static FormCatalog load(JsonNode root) {
        ConfigTree file = ConfigTree.object(root, "forms.yaml", "version", "defaults", "forms");
        if (file == null) {
            throw new IllegalArgumentException("forms.yaml is empty");
        }
        Integer version = file.integer("version");
        FormModel fileDefaults = FormModel.of(file.object("defaults", FormModel.KEYS));
        FormModel defaults = fileDefaults == null ? FormModel.EMPTY : fileDefaults;
        JsonNode formNodes = file.node("forms");
        if (formNodes == null || !formNodes.isObject() || formNodes.isEmpty()) {
            throw new IllegalArgumentException("forms.yaml defines no forms");
        }
        Map<String, FormDefinition> forms = new LinkedHashMap<>();
        Map<String, AutoResponse> autoResponses = new LinkedHashMap<>();
        formNodes.properties().forEach(e -> {
            String id = e.getKey();
            FormModel model = FormModel.of(ConfigTree.object(e.getValue(), "form '" + id + "'", FormModel.KEYS));
            if (model == null) {
                model = FormModel.EMPTY;
            }
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
        return new FormCatalog(version == null ? 0 : version, forms, autoResponses, aliases);
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

    record FormModel(String interactionType, String channel, String defaultRegion, List<String> allowedOrigins,
                     String thankYouUrl, List<String> requiredFields, Map<String, String> aliases,
                     String consentTextVersion, Boolean doubleOptIn, String honeypotField, AutoResponse autoResponse,
                     CaptchaModel captcha, String captchaUnavailable) {

        static final FormModel EMPTY = new FormModel(null, null, null, null, null, null, null, null, null, null, null,
                null, null);
        static final String[] KEYS = {"interactionType", "channel", "defaultRegion", "allowedOrigins", "thankYouUrl",
            "requiredFields", "aliases", "consentTextVersion", "doubleOptIn", "honeypotField", "autoResponse", "captcha",
            "captchaUnavailable"};

        /** A form's (or the defaults') keys as written; null for none. */
        static FormModel of(ConfigTree t) {
            if (t == null) {
                return null;
            }
            ConfigTree auto = t.object("autoResponse", "subject", "text");
            ConfigTree captcha = t.object("captcha", "provider", "action");
            return new FormModel(t.text("interactionType"), t.text("channel"), t.text("defaultRegion"),
                    t.texts("allowedOrigins"), t.text("thankYouUrl"), t.texts("requiredFields"), t.textMap("aliases"),
                    t.text("consentTextVersion"), t.bool("doubleOptIn"), t.text("honeypotField"),
                    auto == null ? null : new AutoResponse(auto.text("subject"), auto.text("text")),
                    captcha == null ? null : new CaptchaModel(captcha.text("provider"), captcha.text("action")),
                    t.text("captchaUnavailable"));
        }

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

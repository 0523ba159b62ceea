package io.leadcapture.webhooks;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Secrets and endpoints of the webhook channels. {@code NAME} itself when set (local runs, tests);
 * otherwise {@code NAME_PARAMETER} names an SSM Parameter Store SecureString, read with decryption
 * (Powertools parameters, cached) — the way template.yaml wires them in AWS, so no secret is ever a
 * literal in the template or in a log line. Every value is stripped of surrounding whitespace, here
 * for every channel: a secret pasted into SSM or an env file with a trailing newline would otherwise
 * make every signature check fail.
 */
public final class WebhookSecrets {
    private final Function<String, String> env;
    private final Function<String, String> parameters;

    public WebhookSecrets(Function<String, String> env, Function<String, String> parameters) {
        this.env = env;
        this.parameters = parameters;
    }

    /** From the process environment, with SSM behind the {@code _PARAMETER} variables. */
    public static WebhookSecrets fromEnvironment() {
        return new WebhookSecrets(System::getenv, new Function<>() {
            private SSMProvider ssm;

            @Override
            public synchronized String apply(String parameterName) {
                if (ssm == null) {
                    ssm = SSMProvider.builder().build();
                }
                return ssm.withDecryption().get(parameterName);
            }
        });
    }

    /** Fixed values, for tests and tools. */
    public static WebhookSecrets of(Map<String, String> values) {
        return new WebhookSecrets(values::get, name -> null);
    }

    /** The value, stripped; empty when neither is set or the value is blank. */
    public Optional<String> find(String name) {
        String direct = stripped(env.apply(name));
        if (direct != null) {
            return Optional.of(direct);
        }
        String parameter = stripped(env.apply(name + "_PARAMETER"));
        if (parameter != null) {
            return Optional.ofNullable(stripped(parameters.apply(parameter)));
        }
        return Optional.empty();
    }

    private static String stripped(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                name + " is not configured (set " + name + " or " + name + "_PARAMETER)"));
    }
}

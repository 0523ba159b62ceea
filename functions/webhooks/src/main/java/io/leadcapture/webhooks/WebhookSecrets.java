package io.leadcapture.webhooks;

import io.leadcapture.runtime.Secrets;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.lambda.powertools.parameters.ssm.SSMProvider;

/**
 * Secrets and endpoints of the webhook channels, read as {@link Secrets} reads them ({@code NAME},
 * else the SSM SecureString named by {@code NAME_PARAMETER}; trimmed), with the SSM parameters read
 * through Powertools parameters (decrypted, cached).
 */
public final class WebhookSecrets {
    private final Secrets secrets;

    public WebhookSecrets(Function<String, String> env, Function<String, String> parameters) {
        this.secrets = new Secrets(env, parameters);
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
        return secrets.find(name);
    }

    public String require(String name) {
        return secrets.require(name);
    }
}

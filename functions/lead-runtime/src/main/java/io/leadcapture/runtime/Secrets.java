package io.leadcapture.runtime;

import io.leadcapture.runtime.aws.SsmParameters;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Secrets a function reads: {@code NAME} itself when set (local runs, tests); otherwise
 * {@code NAME_PARAMETER} names an SSM Parameter Store SecureString, read with decryption — the way
 * template.yaml wires them in AWS, so no secret is ever a literal in the template or in a log line.
 * Values are trimmed: a secret stored or pasted with a trailing newline still matches.
 */
public final class Secrets {
    private final Function<String, String> env;
    private final Function<String, String> parameters;

    /**
     * @param env        variable name → value (null when unset)
     * @param parameters SSM parameter name → decrypted value; throws when it cannot be read
     */
    public Secrets(Function<String, String> env, Function<String, String> parameters) {
        this.env = env;
        this.parameters = parameters;
    }

    /** From the process environment, with SSM (read when first needed, cached) behind the {@code _PARAMETER} variables. */
    public static Secrets fromEnvironment() {
        return new Secrets(System::getenv, SsmParameters.fromEnvironment());
    }

    /** Fixed values, for tests and tools. */
    public static Secrets of(Map<String, String> values) {
        return new Secrets(values::get, name -> null);
    }

    /** Whether {@code name} is set or names its parameter; reads nothing from SSM. */
    public boolean configured(String name) {
        return present(env.apply(name)) || present(env.apply(name + "_PARAMETER"));
    }

    /** The value, trimmed; empty when neither {@code NAME} nor {@code NAME_PARAMETER} gives one. */
    public Optional<String> find(String name) {
        String direct = env.apply(name);
        if (present(direct)) {
            return Optional.of(direct.strip());
        }
        String parameter = env.apply(name + "_PARAMETER");
        if (present(parameter)) {
            String value = parameters.apply(parameter.strip());
            return present(value) ? Optional.of(value.strip()) : Optional.empty();
        }
        return Optional.empty();
    }

    public String require(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException(
                name + " is not configured (set " + name + " or " + name + "_PARAMETER)"));
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}

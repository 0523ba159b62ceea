package io.leadcapture.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {
    final List<String> parametersRead = new ArrayList<>();

    Secrets secrets(Map<String, String> env, Map<String, String> ssm) {
        return new Secrets(env::get, name -> {
            parametersRead.add(name);
            if (!ssm.containsKey(name)) {
                throw new IllegalStateException("SSM parameter " + name + " could not be read: 400 ParameterNotFound");
            }
            return ssm.get(name);
        });
    }

    @Test
    void aValueInTheEnvironmentWinsAndIsTrimmed() {
        Secrets s = secrets(Map.of("CAPTCHA_SECRET", "  1x0000000000000000000000000000000AA\n",
                "CAPTCHA_SECRET_PARAMETER", "/lead-capture/captcha/secret"), Map.of());

        assertThat(s.find("CAPTCHA_SECRET")).hasValue("1x0000000000000000000000000000000AA");
        assertThat(parametersRead).isEmpty();
    }

    @Test
    void otherwiseTheNamedParameterIsReadAndTrimmed() {
        Secrets s = secrets(Map.of("CAPTCHA_SECRET_PARAMETER", "/lead-capture/captcha/secret\n"),
                Map.of("/lead-capture/captcha/secret", "0x4AAAAAAA-real-secret\r\n"));

        assertThat(s.require("CAPTCHA_SECRET")).isEqualTo("0x4AAAAAAA-real-secret");
        assertThat(parametersRead).containsExactly("/lead-capture/captcha/secret");
    }

    @Test
    void blankValuesCountAsUnset() {
        Secrets s = secrets(Map.of("A", " \n", "B_PARAMETER", "/b"), Map.of("/b", "\n"));

        assertThat(s.find("A")).isEmpty();
        assertThat(s.find("B")).isEmpty();
        assertThat(s.configured("A")).isFalse();
        assertThat(s.configured("B")).isTrue();
        assertThatThrownBy(() -> s.require("A")).isInstanceOf(IllegalStateException.class)
                .hasMessage("A is not configured (set A or A_PARAMETER)");
    }

    @Test
    void configuredReadsNothingFromSsm() {
        Secrets s = secrets(Map.of("CAPTCHA_SECRET_PARAMETER", "/missing"), Map.of());

        assertThat(s.configured("CAPTCHA_SECRET")).isTrue();
        assertThat(s.configured("OTHER")).isFalse();
        assertThat(parametersRead).isEmpty();
        assertThatThrownBy(() -> s.find("CAPTCHA_SECRET")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/missing").hasMessageContaining("ParameterNotFound");
    }

    @Test
    void fixedValuesForTests() {
        Secrets s = Secrets.of(Map.of("X", "value\n"));
        assertThat(s.find("X")).hasValue("value");
        assertThat(s.find("Y")).isEmpty();
    }
}

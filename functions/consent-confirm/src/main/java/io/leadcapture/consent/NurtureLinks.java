package io.leadcapture.consent;

import io.leadcapture.core.notify.NurtureConfig;
import java.util.Optional;

/** Where the links of nurture mails lead: the configured link of a sequence step, and a safe fallback. */
public interface NurtureLinks {

    /** The absolute URL of step {@code step} (1-based) of {@code sequence}, utm parameters appended; empty when not configured. */
    Optional<String> linkOf(String sequence, int step);

    /** Where a link goes whose step is no longer configured, or whose lead is gone. */
    String fallbackUrl();

    /** The links of the nurture sequences as configured (infrastructure/config/nurture.yaml). */
    static NurtureLinks of(NurtureConfig config) {
        return new NurtureLinks() {
            @Override
            public Optional<String> linkOf(String sequence, int step) {
                return config.linkOf(sequence, step);
            }

            @Override
            public String fallbackUrl() {
                return config.fallbackUrl();
            }
        };
    }
}

package io.leadcapture.core.retention;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import io.leadcapture.core.BundledConfig;
import io.leadcapture.core.InteractionType;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How long leads are kept, read from the versioned {@code infrastructure/config/retention.yaml}
 * (shipped as {@value #BUNDLED_RESOURCE}); the rules themselves are {@link RetentionPolicy}. A broken
 * file fails at load with a message naming the key.
 *
 * @param pendingOptInDays          days after its newest opt-in request a lead that never confirmed is erased
 * @param inactiveMonths            months without any interaction after which a lead is erased
 * @param optInOnlyInteractionTypes wire names of the interaction types that ask for nothing but marketing mail
 */
public record RetentionConfig(int version, int pendingOptInDays, int inactiveMonths,
                              List<String> optInOnlyInteractionTypes) {

    public static final String BUNDLED_RESOURCE = "/config/retention.yaml";

    public RetentionConfig {
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or higher, was " + version);
        }
        if (pendingOptInDays < 1) {
            throw new IllegalArgumentException("pendingOptInDays must be 1 or more, was " + pendingOptInDays);
        }
        if (inactiveMonths < 1) {
            throw new IllegalArgumentException("inactiveMonths must be 1 or more, was " + inactiveMonths);
        }
        Objects.requireNonNull(optInOnlyInteractionTypes, "optInOnlyInteractionTypes");
        for (String type : optInOnlyInteractionTypes) {
            if (type == null || InteractionType.parse(type).isEmpty()) {
                throw new IllegalArgumentException("optInOnlyInteractionTypes: unknown interaction type '" + type + "'");
            }
        }
        optInOnlyInteractionTypes = List.copyOf(optInOnlyInteractionTypes);
    }

    public static RetentionConfig bundled() {
        return BundledConfig.bundled(BUNDLED_RESOURCE, RetentionConfig::load);
    }

    /** Reads and checks a retention file. */
    public static RetentionConfig load(InputStream yaml) throws IOException {
        ObjectReader reader = BundledConfig.reader(RetentionConfig.class)
                .with(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
                .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        return BundledConfig.read(reader, yaml);
    }

    /** {@link #optInOnlyInteractionTypes()} as types. */
    public Set<InteractionType> optInOnlyTypes() {
        Set<InteractionType> types = EnumSet.noneOf(InteractionType.class);
        optInOnlyInteractionTypes.forEach(t -> types.add(InteractionType.parse(t).orElseThrow()));
        return types;
    }
}

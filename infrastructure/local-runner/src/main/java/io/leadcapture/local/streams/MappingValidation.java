package io.leadcapture.local.streams;

import io.leadcapture.local.aws.SamTemplate;
import java.util.Iterator;
import java.util.Set;

/** The checks of Lambda's CreateEventSourceMapping for a DynamoDB source, plus what the local poller cannot honour. */
final class MappingValidation {
    private static final Set<String> RESPONSE_TYPES = Set.of("ReportBatchItemFailures");
    /** Event properties Lambda has for DynamoDB sources that the local poller models or may ignore safely. */
    private static final Set<String> KNOWN_PROPERTIES = Set.of("Stream", "StartingPosition", "BatchSize",
            "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts", "BisectBatchOnFunctionError",
            "MaximumRecordAgeInSeconds", "FunctionResponseTypes", "FilterCriteria", "DestinationConfig",
            "Enabled", "ParallelizationFactor", "KmsKeyArn", "MetricsConfig");

    private MappingValidation() {
    }

    /** See {@link StreamPoller#validate}. */
    static void validate(SamTemplate.StreamEvent e) {
        String where = e.id() + ": ";
        if (e.handler() == null || e.handler().isBlank()) {
            throw new IllegalArgumentException(where + "the function has no Handler");
        }
        if (e.startingPosition() == null) {
            throw new IllegalArgumentException(where + "StartingPosition is required for a DynamoDB event (TRIM_HORIZON or LATEST)");
        }
        if (!e.startingPosition().equals("TRIM_HORIZON") && !e.startingPosition().equals("LATEST")) {
            throw new IllegalArgumentException(where + "StartingPosition must be TRIM_HORIZON or LATEST for DynamoDB, got " + e.startingPosition());
        }
        range(where, "BatchSize", e.batchSize(), 1, 10_000);
        range(where, "MaximumBatchingWindowInSeconds", e.maximumBatchingWindowInSeconds(), 0, 300);
        range(where, "MaximumRetryAttempts", e.maximumRetryAttempts(), -1, 10_000);
        if (e.maximumRecordAgeInSeconds() != -1) {
            range(where, "MaximumRecordAgeInSeconds (or -1)", e.maximumRecordAgeInSeconds(), 60, 604_800);
        }
        for (String t : e.functionResponseTypes()) {
            if (!RESPONSE_TYPES.contains(t)) {
                throw new IllegalArgumentException(where + "FunctionResponseTypes may only contain ReportBatchItemFailures, got " + t);
            }
        }
        if (e.properties() != null) {
            for (Iterator<String> it = e.properties().fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!KNOWN_PROPERTIES.contains(name)) {
                    throw new IllegalArgumentException(where + name + " is not supported by the local stream poller");
                }
            }
            int parallel = e.properties().path("ParallelizationFactor").asInt(1);
            range(where, "ParallelizationFactor", parallel, 1, 10);
        }
        try {
            FilterCriteria.of(e.filterPatterns());
        } catch (FilterPattern.InvalidFilterPatternException x) {
            throw new FilterPattern.InvalidFilterPatternException(where + x.getMessage());
        }
    }

    private static void range(String where, String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(where + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}

package io.leadcapture.application.imports;

import io.leadcapture.core.InteractionType;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an import is: whose list ({@code source}, the interaction's channel, e.g. {@code messe-hannover-2026}),
 * what kind of contact it records and on which legal basis.
 */
public record ImportSpec(String source, InteractionType type, ImportBasis basis) {
    /** Lower-case letters, digits, - and _: a name that is safe in a key, a log line and an S3 object key. */
    public static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public ImportSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(basis, "basis");
        if (!SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("source must be lower-case letters, digits, - or _ (at most 64)");
        }
        if (type != InteractionType.OUTBOUND_IMPORT && type != InteractionType.EVENT_CONTACT) {
            throw new IllegalArgumentException("type must be outbound_import or event_contact");
        }
    }
}

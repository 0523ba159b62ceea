package io.leadcapture.application.imports;

import io.leadcapture.application.IdempotencyKey;
import java.util.List;
import java.util.Objects;

/**
 * A parsed list: its header and data rows (row 1 is the first line after the header), and the hash
 * of its bytes. The import's id is derived from the spec and that hash, so the same file sent again
 * is the same import (resumed or answered, never recorded twice).
 */
public record ImportFile(ImportSpec spec, List<String> header, List<List<String>> rows, String contentHash) {
    public ImportFile {
        Objects.requireNonNull(spec, "spec");
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        Objects.requireNonNull(contentHash, "contentHash");
    }

    /** {@code imp-} and 32 hex digits of SHA-256 over source, type, basis and the content hash. */
    public String importId() {
        return importId(spec, contentHash);
    }

    public static String importId(ImportSpec spec, String contentHash) {
        return "imp-" + IdempotencyKey.sha256Hex(spec.source() + "\n" + spec.type().wireName() + "\n"
                + spec.basis().wireName() + "\n" + contentHash).substring(0, 32);
    }
}

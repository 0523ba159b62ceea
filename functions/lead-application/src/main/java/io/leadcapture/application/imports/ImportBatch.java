package io.leadcapture.application.imports;

import java.time.Instant;
import java.util.List;

/**
 * One processed batch, committed with the import's checkpoint in one write: the rows it recorded
 * (for the revert), its counts and rejections. Holds no personal data: row numbers, lead and
 * interaction ids, outcomes, and validation messages that name fields, not values.
 *
 * @param firstRow the checkpoint it starts from (the import's {@code nextRow} as read)
 * @param nextRow  the checkpoint after it
 * @param rejected the refused rows to list on the report (as many as it still has room for)
 * @param rejectedCount all refused rows of the batch
 */
public record ImportBatch(String importId, int firstRow, int nextRow, List<RecordedRow> recorded, int created,
                          int merged, int unchanged, List<ImportReport.Rejection> rejected, int rejectedCount,
                          boolean completes, Instant at) {
    public ImportBatch {
        recorded = List.copyOf(recorded);
        rejected = List.copyOf(rejected);
    }

    /** A row this import recorded: what its revert removes. */
    public record RecordedRow(int row, String leadId, String interactionId, boolean created, String rowKeyDigest) {
    }
}

package io.leadcapture.application.imports;

import java.time.Instant;
import java.util.List;

/**
 * What an import did, as {@code POST /imports} and {@code GET /imports/{id}} answer it.
 *
 * @param rows       data rows in the file
 * @param processed  rows done so far (all of them once {@code status} is completed)
 * @param created    rows that created a lead
 * @param merged     rows recorded on an existing lead (one lead per person)
 * @param unchanged  rows recorded before (the same row of the same source, docs/forms.md#imports): nothing new
 * @param rejected   rows refused, each with the first field at fault and why; at most {@link #MAX_LISTED_REJECTIONS}
 *                   are listed, {@code rejectedCount} counts them all
 */
public record ImportReport(String importId, String source, String type, String basis, ImportStatus status, int rows,
                           int processed, int created, int merged, int unchanged, List<Rejection> rejected,
                           int rejectedCount, Instant startedAt, Instant completedAt) {
    public static final int MAX_LISTED_REJECTIONS = 1000;

    public ImportReport {
        rejected = List.copyOf(rejected);
    }

    /** One refused row: nothing of it was stored. */
    public record Rejection(int row, String reason, String field) {
    }
}

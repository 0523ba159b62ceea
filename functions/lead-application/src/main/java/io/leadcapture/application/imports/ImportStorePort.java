package io.leadcapture.application.imports;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The import items (docs/data-model.md#imports): the import with its checkpoint and report, and its batches. */
public interface ImportStorePort {
    /** The import as last committed, or empty for an id no import has. */
    Optional<ImportReport> find(String importId);

    /**
     * Records a new import (status running, checkpoint 0) unless one with its id exists.
     *
     * @return false when it existed: the caller reads it and carries on from there
     */
    boolean start(String importId, ImportSpec spec, int rows, Instant at);

    /**
     * Commits one batch and moves the checkpoint from {@code batch.firstRow()} to {@code batch.nextRow()}, in
     * one write.
     *
     * @return false when the checkpoint is no longer {@code firstRow} (another invocation committed this
     *         batch first): nothing was written
     */
    boolean commitBatch(ImportBatch batch);

    /** The interactions this import's committed batches recorded (to tell a resumed row from a repeated one). */
    Set<String> recordedInteractions(String importId);

    /**
     * Whether the lead holds this interaction, recorded by import {@code importId} (an import records
     * every row at its start time): a replayed row whose interaction it is was recorded by this import.
     */
    boolean holdsInteraction(String importId, String leadId, String interactionId, Instant occurredAt);

    /** Every row the import recorded, batch by batch. */
    List<ImportBatch.RecordedRow> recordedRows(String importId);

    /** Marks the import as being reverted; false when it was not completed or running (reverted already). */
    boolean markReverting(String importId, Instant at);

    /**
     * Removes one recorded row's interaction from a lead that stays: the interaction item, its
     * engagement-ledger entry and the count on the profile, and the row's key (a later list with this
     * row records it again). Safe to repeat.
     */
    void removeInteraction(ImportBatch.RecordedRow row, Instant occurredAt, Instant now);

    /** Deletes the row's key (after its lead was erased, which kept it stripped). Safe to repeat. */
    void forgetRowKey(ImportBatch.RecordedRow row);

    /** Whether the lead holds any interaction but those in {@code importInteractions}. */
    boolean hasOtherInteractions(String leadId, Set<String> importInteractions);

    /** Marks the import reverted, keeping its report. */
    void markReverted(String importId, Instant at);
}

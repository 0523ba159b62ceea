package io.leadcapture.application.imports;

import io.leadcapture.application.CaptureCommand;
import io.leadcapture.application.CaptureLead;
import io.leadcapture.application.CaptureResult;
import io.leadcapture.application.EraseCommand;
import io.leadcapture.application.EraseLead;
import io.leadcapture.application.ErasureOutcome;
import io.leadcapture.application.IdempotencyKey;
import io.leadcapture.core.Consent;
import io.leadcapture.core.ConsentStatus;
import io.leadcapture.core.FieldNames;
import io.leadcapture.core.FormDefinition;
import io.leadcapture.core.FormFields;
import io.leadcapture.core.SubmissionBuilder;
import io.leadcapture.core.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Imports a list of contacts (a target list, a trade fair's contacts) row by row through the one
 * capture use case ({@link CaptureLead}): the same normalisation, validation and merge as a form post,
 * so one lead per person across inbound and outbound. Each row is recorded outbound, unverified,
 * with the import's source, type and basis, and never with more consent than the basis allows.
 *
 * <p>Rows go in bounded batches; each batch commits with the import's checkpoint, and each row has
 * its own idempotency key (scope: the source; key: the row's type, basis and cells), so an interrupted
 * import carried on from its checkpoint, the same file sent again, or the same row in a later list of
 * the source records nothing twice.
 */
public final class ImportLeads {
    /** Rows per batch: one checkpoint write each, small enough to finish well inside any deadline. */
    public static final int DEFAULT_BATCH_ROWS = 100;
    /** A cell a spreadsheet would run as a formula; numbers and phone numbers (+49 …, -5) are not. */
    private static final Pattern FORMULA = Pattern.compile("^[=@\\t\\r].*|^[+-](?![0-9][0-9 ()/.+-]*$).*",
            Pattern.DOTALL);
    public static final String FORMULA_REASON =
            "looks like a spreadsheet formula (starts with =, @, or + / - not followed by a number); row not imported";
    /** Columns naming the evidence of a consent the list owner holds (docs/forms.md#imports). */
    public static final Set<String> EVIDENCE_COLUMNS = Set.of("consent_evidence", "einwilligung_nachweis");
    private static final Set<String> GRANTED = Set.of("true", "yes", "ja", "1", "x", "granted", "erteilt");

    private final ImportStorePort store;
    private final CaptureLead capture;
    private final EraseLead erase;
    private final Map<String, String> aliases;
    private final String defaultRegion;
    private final Clock clock;
    private final int batchRows;

    /**
     * @param aliases       the forms' field-name aliases (forms.yaml {@code defaults.aliases})
     * @param defaultRegion the phone region of numbers without a country code
     */
    public ImportLeads(ImportStorePort store, CaptureLead capture, EraseLead erase, Map<String, String> aliases,
                       String defaultRegion, Clock clock, int batchRows) {
        this.store = store;
        this.capture = capture;
        this.erase = erase;
        this.aliases = Map.copyOf(aliases);
        this.defaultRegion = defaultRegion;
        this.clock = clock;
        this.batchRows = batchRows;
    }

    /**
     * Runs the file's import, or carries on with it from its checkpoint, until it is done or
     * {@code stopAt} passes (checked before each batch).
     *
     * @return the import as committed: {@link ImportStatus#RUNNING} when time ran out with rows left
     * @throws ImportRevertedException the same file was imported and reverted
     * @throws io.leadcapture.application.StoreUnavailableException the store failed; the batch in flight
     *                                   was not checkpointed and runs again (recording nothing twice)
     */
    public ImportReport run(ImportFile file, Instant stopAt) {
        String importId = file.importId();
        store.start(importId, file.spec(), file.rows().size(), clock.instant());
        ImportReport state = store.find(importId).orElseThrow();
        if (state.status() == ImportStatus.REVERTING || state.status() == ImportStatus.REVERTED) {
            throw new ImportRevertedException(importId);
        }
        FormDefinition channel = channel(file.spec());
        Set<String> recorded = null;
        while (state.status() == ImportStatus.RUNNING && state.processed() < state.rows()) {
            if (!clock.instant().isBefore(stopAt)) {
                return state;
            }
            if (recorded == null && state.processed() > 0) {
                recorded = new HashSet<>(store.recordedInteractions(importId));
            } else if (recorded == null) {
                recorded = new HashSet<>();
            }
            ImportBatch batch = batch(file, state, channel, recorded);
            if (!store.commitBatch(batch)) {
                recorded = null; // another invocation committed it: read what it recorded
            }
            state = store.find(importId).orElseThrow();
        }
        return state;
    }

    /** The import's report, or empty for an unknown id. */
    public Optional<ImportReport> report(String importId) {
        return store.find(importId);
    }

    private ImportBatch batch(ImportFile file, ImportReport state, FormDefinition channel, Set<String> recorded) {
        int first = state.processed();
        int next = Math.min(first + batchRows, file.rows().size());
        List<ImportBatch.RecordedRow> rows = new ArrayList<>();
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        int created = 0;
        int merged = 0;
        int unchanged = 0;
        for (int index = first; index < next; index++) {
            int rowNumber = index + 1;
            List<String> cells = file.rows().get(index);
            Optional<ImportReport.Rejection> refused = formula(rowNumber, file.header(), cells, channel);
            if (refused.isPresent()) {
                rejected.add(refused.get());
                continue;
            }
            CaptureCommand command = command(file, state, channel, rowNumber, cells);
            CaptureResult result;
            try {
                result = capture.capture(command);
            } catch (ValidationException e) {
                Map.Entry<String, String> firstProblem = e.fields().entrySet().iterator().next();
                rejected.add(new ImportReport.Rejection(rowNumber, firstProblem.getValue(), firstProblem.getKey()));
                continue;
            }
            boolean ours = !result.replayed() || (!recorded.contains(result.interactionId())
                    && store.holdsInteraction(state.importId(), result.leadId(), result.interactionId(),
                    state.startedAt()));
            if (!ours) {
                unchanged++;
                continue;
            }
            recorded.add(result.interactionId());
            boolean isNew = result.outcome() == CaptureResult.Outcome.CREATED;
            if (isNew) {
                created++;
            } else {
                merged++;
            }
            rows.add(new ImportBatch.RecordedRow(rowNumber, result.leadId(), result.interactionId(), isNew,
                    command.idempotency().digest()));
        }
        int room = Math.max(0, ImportReport.MAX_LISTED_REJECTIONS - state.rejected().size());
        return new ImportBatch(state.importId(), first, next, rows, created, merged, unchanged,
                rejected.subList(0, Math.min(room, rejected.size())), rejected.size(), next == file.rows().size(),
                clock.instant());
    }

    /** The first cell of the row a spreadsheet would run as a formula: the whole row is refused. */
    private static Optional<ImportReport.Rejection> formula(int row, List<String> header, List<String> cells,
                                                           FormDefinition channel) {
        for (int c = 0; c < cells.size() && c < header.size(); c++) {
            String value = cells.get(c);
            if (looksLikeFormula(value)) {
                return Optional.of(new ImportReport.Rejection(row, FORMULA_REASON, fieldName(channel, header.get(c))));
            }
        }
        return Optional.empty();
    }

    /**
     * A cell a spreadsheet would run as a formula when the list is opened again: it starts with
     * {@code =}, {@code @}, a tab or a carriage return, or with {@code +} or {@code -} not followed by
     * a number (a phone number such as {@code +49 711 2345678} is not a formula, {@code -2+3+cmd|…} is).
     */
    public static boolean looksLikeFormula(String cell) {
        return cell != null && FORMULA.matcher(cell).matches();
    }

    private static String fieldName(FormDefinition channel, String column) {
        String canonical = SubmissionBuilder.canonicalName(channel, column);
        return canonical != null ? canonical : FieldNames.snakeCase(column.strip());
    }

    private CaptureCommand command(ImportFile file, ImportReport state, FormDefinition channel, int row,
                                   List<String> cells) {
        FormFields fields = new FormFields();
        Map<String, String> byField = new TreeMap<>();
        String evidence = null;
        String consentCell = null;
        for (int c = 0; c < cells.size() && c < file.header().size(); c++) {
            String column = file.header().get(c);
            String value = cells.get(c) == null ? "" : cells.get(c).strip();
            if (value.isEmpty()) {
                continue;
            }
            String name = fieldName(channel, column);
            byField.merge(name, value, (a, b) -> a + "\n" + b);
            if (EVIDENCE_COLUMNS.contains(name.toLowerCase(Locale.ROOT))) {
                evidence = value;
            } else if (name.equals("consent")) {
                consentCell = value;
            } else {
                fields.add(column, value);
            }
        }
        ImportSpec spec = file.spec();
        Consent consent = consent(spec, state, consentCell, evidence);
        Map<String, String> sourceIds = new LinkedHashMap<>();
        sourceIds.put("importId", state.importId());
        sourceIds.put("row", Integer.toString(row));
        sourceIds.put("basis", spec.basis().wireName());
        StringBuilder key = new StringBuilder(spec.type().wireName()).append('\n').append(spec.basis().wireName());
        byField.forEach((name, value) -> key.append('\n').append(name).append('=').append(value));
        return CaptureCommand.importRow(channel, fields, sourceIds, state.startedAt(), "import:" + spec.source(),
                IdempotencyKey.sha256Hex(key.toString()), consent);
    }

    /**
     * Granted only on the consent basis, with an evidence reference, and where the row says the person
     * granted it; the import is its source and the evidence its reference. Otherwise none.
     */
    private static Consent consent(ImportSpec spec, ImportReport state, String consentCell, String evidence) {
        String source = "import:" + state.importId();
        boolean granted = consentCell != null && GRANTED.contains(consentCell.toLowerCase(Locale.ROOT));
        if (spec.basis() == ImportBasis.CONSENT && granted && evidence != null) {
            return new Consent(Consent.MARKETING, ConsentStatus.GRANTED, evidence, state.startedAt(), source, null);
        }
        return Consent.none(state.startedAt(), source);
    }

    /** The rules an imported row is read by: the forms' vocabulary and aliases, the source as channel. */
    private FormDefinition channel(ImportSpec spec) {
        return new FormDefinition("import", spec.type(), spec.source(), defaultRegion, List.of(), null, List.of(),
                aliases, null, true, "_gotcha");
    }

    /**
     * Reverts an import: its interactions are removed from the leads they landed on, a lead that exists
     * only because of it is erased through the erasure use case, and the rows' keys are forgotten, so a
     * later list with these rows records them again. The import's report stays, marked reverted. Safe
     * to repeat; a repeat after {@code stopAt} passed carries on.
     *
     * @return empty for an unknown import; otherwise the import, reverted or (out of time) still reverting
     */
    public Optional<ImportReport> revert(String importId, String requestedBy, Instant stopAt) {
        Optional<ImportReport> found = store.find(importId);
        if (found.isEmpty() || found.get().status() == ImportStatus.REVERTED) {
            return found;
        }
        Instant now = clock.instant();
        store.markReverting(importId, now);
        ImportReport state = store.find(importId).orElseThrow();
        List<ImportBatch.RecordedRow> rows = store.recordedRows(importId);
        Map<String, Set<String>> byLead = new LinkedHashMap<>();
        Set<String> createdLeads = new HashSet<>();
        for (ImportBatch.RecordedRow row : rows) {
            byLead.computeIfAbsent(row.leadId(), l -> new HashSet<>()).add(row.interactionId());
            if (row.created()) {
                createdLeads.add(row.leadId());
            }
        }
        Set<String> erased = new HashSet<>();
        for (String leadId : createdLeads) {
            if (!clock.instant().isBefore(stopAt)) {
                return store.find(importId);
            }
            if (!store.hasOtherInteractions(leadId, byLead.get(leadId))) {
                ErasureOutcome outcome = erase.erase(new EraseCommand(leadId, requestedBy,
                        "import " + importId + " reverted", stopAt));
                if (outcome instanceof ErasureOutcome.Unfinished || outcome instanceof ErasureOutcome.MergeInProgress) {
                    return store.find(importId); // the revert carries on with its next request
                }
                erased.add(leadId);
            }
        }
        for (ImportBatch.RecordedRow row : rows) {
            if (!clock.instant().isBefore(stopAt)) {
                return store.find(importId);
            }
            if (erased.contains(row.leadId())) {
                store.forgetRowKey(row);
            } else {
                store.removeInteraction(row, state.startedAt(), clock.instant());
            }
        }
        store.markReverted(importId, clock.instant());
        return store.find(importId);
    }
}

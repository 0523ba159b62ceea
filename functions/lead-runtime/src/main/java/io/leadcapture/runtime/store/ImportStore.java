package io.leadcapture.runtime.store;

import static io.leadcapture.runtime.store.LeadItems.PK;
import static io.leadcapture.runtime.store.LeadItems.PROFILE;
import static io.leadcapture.runtime.store.LeadItems.SK;
import static io.leadcapture.runtime.store.LeadItems.leadPk;
import static io.leadcapture.runtime.store.LeadItems.n;
import static io.leadcapture.runtime.store.LeadItems.s;
import static io.leadcapture.runtime.store.LeadItems.str;

import io.leadcapture.application.imports.ImportBatch;
import io.leadcapture.application.imports.ImportReport;
import io.leadcapture.application.imports.ImportSpec;
import io.leadcapture.application.imports.ImportStatus;
import io.leadcapture.application.imports.ImportStorePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Import items (docs/data-model.md#imports): per import one item {@code IMPORT#<importId>} /
 * {@code IMPORT} with its spec, checkpoint ({@code nextRow}), counts, listed rejections and status,
 * and per committed batch one item {@code BATCH#<firstRow>} listing the rows it recorded (row number,
 * lead id, interaction id, created or merged, the row key's digest) — what a revert removes. Neither
 * holds a name, address or any other cell of the file.
 */
public final class ImportStore implements ImportStorePort {
    private static final String IMPORT_PREFIX = "IMPORT#";
    private static final String IMPORT = "IMPORT";
    private static final String BATCH_PREFIX = "BATCH#";
    private static final String ROWS = "recordedRows";

    private final Table table;

    ImportStore(Table table) {
        this.table = table;
    }

    private static String importPk(String importId) {
        return IMPORT_PREFIX + importId;
    }

    @Override
    public Optional<ImportReport> find(String importId) {
        return Table.guarded(() -> table.item(importPk(importId), IMPORT).map(ImportStore::report));
    }

    @Override
    public boolean start(String importId, ImportSpec spec, int rows, Instant at) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(importPk(importId)));
        item.put(SK, s(IMPORT));
        item.put(LeadItems.ITEM_TYPE, s("import"));
        item.put("importId", s(importId));
        item.put("source", s(spec.source()));
        item.put("interactionType", s(spec.type().wireName()));
        item.put("basis", s(spec.basis().wireName()));
        item.put("status", s(ImportStatus.RUNNING.wireName()));
        item.put("rows", n(rows));
        item.put("nextRow", n(0));
        item.put("created", n(0));
        item.put("merged", n(0));
        item.put("unchanged", n(0));
        item.put("rejectedCount", n(0));
        item.put("rejected", AttributeValue.fromL(List.of()));
        item.put("startedAt", s(at.toString()));
        item.put("updatedAt", s(at.toString()));
        try {
            Table.guarded(() -> table.ddb.putItem(r -> r.tableName(table.name).item(item)
                    .conditionExpression("attribute_not_exists(pk)")));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean commitBatch(ImportBatch batch) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(PK, s(importPk(batch.importId())));
        item.put(SK, s(batchSk(batch.firstRow())));
        item.put(LeadItems.ITEM_TYPE, s("importBatch"));
        item.put("importId", s(batch.importId()));
        item.put("firstRow", n(batch.firstRow()));
        item.put("nextRow", n(batch.nextRow()));
        item.put("at", s(batch.at().toString()));
        if (!batch.recorded().isEmpty()) {
            item.put(ROWS, AttributeValue.fromL(batch.recorded().stream().map(r -> s(r.row() + "|" + r.leadId() + "|"
                    + r.interactionId() + "|" + (r.created() ? "created" : "merged") + "|" + r.rowKeyDigest())).toList()));
        }
        Map<String, String> names = new HashMap<>(Map.of("#next", "nextRow", "#status", "status", "#updated", "updatedAt",
                "#created", "created", "#merged", "merged", "#unchanged", "unchanged", "#rejectedCount", "rejectedCount",
                "#rejected", "rejected"));
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":first", n(batch.firstRow()));
        values.put(":next", n(batch.nextRow()));
        values.put(":running", s(ImportStatus.RUNNING.wireName()));
        values.put(":at", s(batch.at().toString()));
        values.put(":created", n(batch.created()));
        values.put(":merged", n(batch.merged()));
        values.put(":unchanged", n(batch.unchanged()));
        values.put(":rejectedCount", n(batch.rejectedCount()));
        values.put(":rejected", AttributeValue.fromL(batch.rejected().stream().map(r -> AttributeValue.fromM(Map.of(
                "row", n(r.row()), "reason", s(r.reason()), "field", s(r.field())))).toList()));
        String set = "SET #next = :next, #updated = :at, #rejected = list_append(#rejected, :rejected)";
        if (batch.completes()) {
            names.put("#completedAt", "completedAt");
            values.put(":completed", s(ImportStatus.COMPLETED.wireName()));
            set += ", #status = :completed, #completedAt = :at";
        }
        TransactWriteItem checkpoint = TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(importPk(batch.importId())), SK, s(IMPORT)))
                .updateExpression(set + " ADD #created :created, #merged :merged, #unchanged :unchanged, "
                        + "#rejectedCount :rejectedCount")
                .conditionExpression("#next = :first AND #status = :running")
                .expressionAttributeNames(names).expressionAttributeValues(values).build()).build();
        return Table.guarded(() -> table.transact(List.of(table.putNew(item), checkpoint)));
    }

    private static String batchSk(int firstRow) {
        return BATCH_PREFIX + String.format("%09d", firstRow);
    }

    @Override
    public Set<String> recordedInteractions(String importId) {
        Set<String> ids = new HashSet<>();
        recordedRows(importId).forEach(r -> ids.add(r.interactionId()));
        return ids;
    }

    @Override
    public List<ImportBatch.RecordedRow> recordedRows(String importId) {
        return Table.guarded(() -> {
            List<ImportBatch.RecordedRow> rows = new ArrayList<>();
            for (Map<String, AttributeValue> batch : table.projected(importPk(importId), BATCH_PREFIX, List.of(ROWS))) {
                AttributeValue list = batch.get(ROWS);
                if (list == null) {
                    continue;
                }
                for (AttributeValue v : list.l()) {
                    String[] p = v.s().split("\\|", 5);
                    rows.add(new ImportBatch.RecordedRow(Integer.parseInt(p[0]), p[1], p[2], p[3].equals("created"), p[4]));
                }
            }
            return rows;
        });
    }

    @Override
    public boolean holdsInteraction(String importId, String leadId, String interactionId, Instant occurredAt) {
        return Table.guarded(() -> table.item(leadPk(leadId), interactionSk(interactionId, occurredAt))
                .map(i -> i.get("sourceIds")).filter(ids -> ids.hasM() && ids.m().containsKey("importId"))
                .map(ids -> importId.equals(ids.m().get("importId").s())).orElse(false));
    }

    /** Whether the interaction is still on the lead (a revert that stopped may have removed it). */
    private boolean holds(String leadId, String interactionId, Instant occurredAt) {
        return Table.guarded(() -> table.item(leadPk(leadId), interactionSk(interactionId, occurredAt)).isPresent());
    }

    private static String interactionSk(String interactionId, Instant occurredAt) {
        return LeadItems.INTERACTION_PREFIX + Times.sortable(occurredAt) + "#" + interactionId;
    }

    @Override
    public boolean markReverting(String importId, Instant at) {
        try {
            Table.guarded(() -> table.ddb.updateItem(r -> r.tableName(table.name)
                    .key(Map.of(PK, s(importPk(importId)), SK, s(IMPORT)))
                    .updateExpression("SET #status = :reverting, #updated = :at")
                    .conditionExpression("#status IN (:running, :completed)")
                    .expressionAttributeNames(Map.of("#status", "status", "#updated", "updatedAt"))
                    .expressionAttributeValues(Map.of(":reverting", s(ImportStatus.REVERTING.wireName()),
                            ":running", s(ImportStatus.RUNNING.wireName()),
                            ":completed", s(ImportStatus.COMPLETED.wireName()), ":at", s(at.toString())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * One transaction: the interaction goes, its ledger entry goes, and the profile counts one
     * interaction less at the next version, due for rescoring now (the daily decay run rescores it
     * from the ledger). An interaction already gone means an earlier revert did it all.
     */
    @Override
    public void removeInteraction(ImportBatch.RecordedRow row, Instant occurredAt, Instant now) {
        String pk = leadPk(row.leadId());
        TransactWriteItem deleteInteraction = TransactWriteItem.builder().delete(Delete.builder().tableName(table.name)
                .key(Map.of(PK, s(pk), SK, s(interactionSk(row.interactionId(), occurredAt))))
                .conditionExpression("attribute_exists(pk)").build()).build();
        Map<String, AttributeValue> profileValues = new HashMap<>(Map.of(":minusOne", n(-1), ":one", n(1)));
        LeadDecay.dueAttributes(now).forEach((name, value) -> profileValues.put(":" + name, value));
        TransactWriteItem profile = TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(pk), SK, s(PROFILE)))
                .updateExpression("SET #due = :" + LeadDecay.DUE_AT + ", #day = :" + LeadDecay.DAY
                        + " ADD #count :minusOne, #v :one")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#due", LeadDecay.DUE_AT, "#day", LeadDecay.DAY,
                        "#count", "interactionCount", "#v", "version"))
                .expressionAttributeValues(profileValues).build()).build();
        TransactWriteItem ledger = TransactWriteItem.builder().update(Update.builder().tableName(table.name)
                .key(Map.of(PK, s(pk), SK, s(LeadItems.ENGAGEMENT)))
                .updateExpression("REMOVE #e")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#e", LeadItems.entryAttribute(row.interactionId()))).build()).build();
        boolean done = Table.guarded(() -> table.transact(List.of(deleteInteraction, profile, ledger)));
        if (!done && holds(row.leadId(), row.interactionId(), occurredAt)) {
            // a lead stored before ledgers were kept has none: its next rescore rebuilds it without this entry
            done = Table.guarded(() -> table.transact(List.of(deleteInteraction, profile)));
            if (!done && holds(row.leadId(), row.interactionId(), occurredAt)) {
                throw new io.leadcapture.application.StoreUnavailableException(
                        "lead " + row.leadId() + " changed while an imported interaction was removed; retry", null);
            }
        }
        forgetRowKey(row);
    }

    @Override
    public void forgetRowKey(ImportBatch.RecordedRow row) {
        Table.guarded(() -> table.ddb.deleteItem(r -> r.tableName(table.name).key(Map.of(
                PK, s(CaptureStore.idempotencyPk(row.rowKeyDigest())), SK, s(CaptureStore.IDEMPOTENCY)))));
    }

    @Override
    public boolean hasOtherInteractions(String leadId, Set<String> importInteractions) {
        return Table.guarded(() -> table.projected(leadPk(leadId), LeadItems.INTERACTION_PREFIX, List.of("interactionId"))
                .stream().anyMatch(i -> !importInteractions.contains(str(i, "interactionId"))));
    }

    @Override
    public void markReverted(String importId, Instant at) {
        Table.guarded(() -> table.ddb.updateItem(r -> r.tableName(table.name)
                .key(Map.of(PK, s(importPk(importId)), SK, s(IMPORT)))
                .updateExpression("SET #status = :reverted, #updated = :at, #revertedAt = :at")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeNames(Map.of("#status", "status", "#updated", "updatedAt", "#revertedAt", "revertedAt"))
                .expressionAttributeValues(Map.of(":reverted", s(ImportStatus.REVERTED.wireName()),
                        ":at", s(at.toString())))));
    }

    private static ImportReport report(Map<String, AttributeValue> m) {
        List<ImportReport.Rejection> rejected = new ArrayList<>();
        if (m.containsKey("rejected")) {
            for (AttributeValue v : m.get("rejected").l()) {
                rejected.add(new ImportReport.Rejection(Integer.parseInt(v.m().get("row").n()),
                        v.m().get("reason").s(), v.m().get("field").s()));
            }
        }
        return new ImportReport(str(m, "importId"), str(m, "source"), str(m, "interactionType"), str(m, "basis"),
                ImportStatus.fromWireName(str(m, "status")), num(m, "rows"), num(m, "nextRow"), num(m, "created"),
                num(m, "merged"), num(m, "unchanged"), rejected, num(m, "rejectedCount"), Instant.parse(str(m, "startedAt")),
                m.containsKey("completedAt") ? Instant.parse(str(m, "completedAt")) : null);
    }

    private static int num(Map<String, AttributeValue> m, String name) {
        AttributeValue v = m.get(name);
        return v == null || v.n() == null ? 0 : Integer.parseInt(v.n());
    }
}

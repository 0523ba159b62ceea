package io.leadcapture.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB capacity units of the requests a client makes, computed by DynamoDB's on-demand billing
 * rules from the sizes of the items involved (moto reports a constant {@code ConsumedCapacity}):
 * reads round the item bytes up to 4 KB (half for eventually consistent reads, twice in a
 * transaction; a read that finds nothing still costs the minimum); writes round the larger of the
 * item before and after up to 1 KB, twice in a transaction; each secondary index whose keys the item
 * has before or after costs its own write (two when its key changes). Before and after sizes are
 * read through a second, unmetered client around each write. Use one meter per function.
 */
final class CapacityMeter implements ExecutionInterceptor {
    private static final ExecutionAttribute<Map<String, Long>> BEFORE = new ExecutionAttribute<>("sizesBefore");

    /** An index's key attributes (hash, and range or null). */
    record Index(String name, String hash, String range) {
    }

    private final Map<String, Integer> requests = new TreeMap<>();
    private DynamoDbClient plain;
    private String table;
    private List<Index> indexes = List.of();
    double readUnits;
    double writeUnits;
    double indexWriteUnits;

    /** Meters writes to {@code table}, reading item sizes through {@code plain}. */
    CapacityMeter on(DynamoDbClient plain, String table, List<Index> indexes) {
        this.plain = plain;
        this.table = table;
        this.indexes = indexes;
        return this;
    }

    /** Forgets what was counted so far (after a warm-up). */
    synchronized void reset() {
        requests.clear();
        readUnits = 0;
        writeUnits = 0;
        indexWriteUnits = 0;
    }

    Map<String, Integer> requests() {
        return requests;
    }

    int requestCount() {
        return requests.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Map<String, Long> before = new HashMap<>();
        for (Map<String, AttributeValue> key : writtenKeys(context.request())) {
            before.put(id(key), sizeOf(key));
        }
        attributes.putAttribute(BEFORE, before);
    }

    @Override
    public synchronized void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        requests.merge(request.getClass().getSimpleName().replace("Request", ""), 1, Integer::sum);
        switch (request) {
            case GetItemRequest r -> {
                GetItemResponse response = (GetItemResponse) context.response();
                readUnits += reads(response.hasItem() ? size(response.item()) : 0, Boolean.TRUE.equals(r.consistentRead()));
            }
            case QueryRequest r -> {
                QueryResponse response = (QueryResponse) context.response();
                readUnits += reads(scaled(response.items(), response.count(), response.scannedCount()),
                        r.indexName() == null && Boolean.TRUE.equals(r.consistentRead()));
            }
            case ScanRequest r -> {
                ScanResponse response = (ScanResponse) context.response();
                readUnits += reads(scaled(response.items(), response.count(), response.scannedCount()),
                        Boolean.TRUE.equals(r.consistentRead()));
            }
            default -> {
                if (context.response() instanceof BatchGetItemResponse response) {
                    response.responses().values().forEach(items -> items.forEach(i -> readUnits += reads(size(i), true)));
                }
            }
        }
        Map<String, Long> before = attributes.getAttribute(BEFORE);
        boolean transaction = request instanceof TransactWriteItemsRequest;
        for (Map<String, AttributeValue> key : writtenKeys(request)) {
            Map<String, AttributeValue> newImage = item(key);
            long sizeBefore = before.getOrDefault(id(key), 0L);
            long sizeAfter = newImage == null ? 0 : size(newImage);
            writeUnits += (transaction ? 2 : 1) * Math.max(1, Math.ceil(Math.max(sizeBefore, sizeAfter) / 1024.0));
            indexWriteUnits += indexWrites(beforeKeys.remove(id(key)), newImage, sizeAfter);
        }
        if (request instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem i : t.transactItems()) {
                if (i.conditionCheck() != null) {
                    writeUnits += 2 * Math.max(1, Math.ceil(sizeOf(i.conditionCheck().key()) / 1024.0));
                }
            }
        }
    }

    /** A refused write (a failed condition, a cancelled transaction) is billed for the item it would have written. */
    @Override
    public synchronized void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        requests.merge(request.getClass().getSimpleName().replace("Request", "") + " (refused)", 1, Integer::sum);
        Map<String, Long> before = attributes.getAttribute(BEFORE);
        int factor = request instanceof TransactWriteItemsRequest ? 2 : 1;
        for (Map<String, AttributeValue> key : writtenKeys(request)) {
            writeUnits += factor * Math.max(1, Math.ceil(before.getOrDefault(id(key), 0L) / 1024.0));
            beforeKeys.remove(id(key));
        }
    }

    /** Index key values of each written item before the write, to tell an index key change. */
    private final Map<String, Map<String, AttributeValue>> beforeKeys = new HashMap<>();

    private double indexWrites(Map<String, AttributeValue> oldKeys, Map<String, AttributeValue> newImage, long sizeAfter) {
        double units = 0;
        for (Index index : indexes) {
            boolean had = oldKeys != null && oldKeys.containsKey(index.name + ".hash");
            boolean has = newImage != null && newImage.containsKey(index.hash)
                    && (index.range == null || newImage.containsKey(index.range));
            double itemUnits = Math.max(1, Math.ceil(sizeAfter / 1024.0));
            if (had && has) {
                boolean same = oldKeys.get(index.name + ".hash").equals(newImage.get(index.hash))
                        && (index.range == null || oldKeys.get(index.name + ".range").equals(newImage.get(index.range)));
                units += same ? itemUnits : 1 + itemUnits;
            } else if (had) {
                units += 1;
            } else if (has) {
                units += itemUnits;
            }
        }
        return units;
    }

    /** The item's size now (0 when absent), remembering its index keys for the write's accounting. */
    private long sizeOf(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = item(key);
        if (item == null) {
            return 0;
        }
        Map<String, AttributeValue> keys = new HashMap<>();
        for (Index index : indexes) {
            if (item.containsKey(index.hash) && (index.range == null || item.containsKey(index.range))) {
                keys.put(index.name + ".hash", item.get(index.hash));
                if (index.range != null) {
                    keys.put(index.name + ".range", item.get(index.range));
                }
            }
        }
        beforeKeys.put(id(key), keys);
        return size(item);
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = plain.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static List<Map<String, AttributeValue>> writtenKeys(SdkRequest request) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        switch (request) {
            case PutItemRequest r -> keys.add(key(r.item()));
            case UpdateItemRequest r -> keys.add(r.key());
            case DeleteItemRequest r -> keys.add(r.key());
            case TransactWriteItemsRequest r -> {
                for (TransactWriteItem i : r.transactItems()) {
                    if (i.put() != null) {
                        keys.add(key(i.put().item()));
                    } else if (i.update() != null) {
                        keys.add(i.update().key());
                    } else if (i.delete() != null) {
                        keys.add(i.delete().key());
                    }
                }
            }
            case BatchWriteItemRequest r -> {
                for (List<WriteRequest> writes : r.requestItems().values()) {
                    for (WriteRequest w : writes) {
                        keys.add(w.putRequest() != null ? key(w.putRequest().item()) : w.deleteRequest().key());
                    }
                }
            }
            default -> {
            }
        }
        return keys;
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
        return Map.of("pk", item.get("pk"), "sk", item.get("sk"));
    }

    private static String id(Map<String, AttributeValue> key) {
        return key.get("pk").s() + "\u0000" + key.get("sk").s();
    }

    /** Read units of one request over {@code bytes}: rounded up to 4 KB, at least one unit's worth. */
    private static double reads(long bytes, boolean consistent) {
        return Math.max(1, Math.ceil(bytes / 4096.0)) * (consistent ? 1 : 0.5);
    }

    /** The bytes a query or scan read: those returned, scaled up by the items a filter dropped. */
    private static long scaled(List<Map<String, AttributeValue>> items, Integer count, Integer scanned) {
        long bytes = items.stream().mapToLong(CapacityMeter::size).sum();
        if (count == null || scanned == null || count == 0 || scanned <= count) {
            return bytes;
        }
        return bytes * scanned / count;
    }

    /** An item's size as DynamoDB counts it: attribute names and values, 3 bytes and 1 per element for maps and lists. */
    static long size(Map<String, AttributeValue> item) {
        long n = 0;
        for (var e : item.entrySet()) {
            n += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return n;
    }

    private static long size(AttributeValue v) {
        if (v.s() != null) {
            return v.s().getBytes(StandardCharsets.UTF_8).length;
        }
        if (v.n() != null) {
            return v.n().replace("-", "").replace(".", "").length() / 2 + 2;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
            return 1;
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        }
        if (v.hasNs()) {
            return v.ns().stream().mapToLong(s -> s.length() / 2 + 2).sum();
        }
        if (v.hasM()) {
            return 3 + v.m().size() + size(v.m());
        }
        if (v.hasL()) {
            return 3 + v.l().size() + v.l().stream().mapToLong(CapacityMeter::size).sum();
        }
        return 0;
    }
}

"""Patches to moto 5.2.4's DynamoDB for `make run` and the tests, applied at start by moto_serialized.py.

moto_serialized.py runs one request at a time, so a request sees no other request's writes. These
patches replace costs that grow with the table, the item or the time it runs; apart from old stream
records and iterators expiring (3, 4) and consumed capacity reported only when asked (16), as
DynamoDB does both, moto answers as before:

1. TransactWriteItems snapshot. moto deep-copies every table a transaction touches before it starts
   and puts the copy back on cancel: each transaction costs O(table size) in time and memory.
   Here the snapshot covers only the items the transaction names (their previous versions, or their
   absence) and the stream's length; a cancelled or failed transaction restores exactly those.
   (moto's own restore also left stream iterators reading a shard the table no longer had.)
2. Query by partition key. moto collects and sorts every item of the table for each Query, even
   for one partition; a query on the table now starts from that partition's items. Index queries
   and scans still read the whole table, as moto does.
3. Stream records. moto keeps every stream record forever; DynamoDB keeps them 24 hours. Records
   older than that, or beyond MOTO_STREAM_MAX_RECORDS (default 50,000) per shard, are dropped from
   the front; sequence numbers stay as they were. An iterator at a sequence number before the
   oldest record kept is refused with TrimmedDataAccessException, as DynamoDB does.
4. Shard iterators. moto stores every iterator it hands out, one per GetRecords call, forever, and
   each holds its shard and table alive. DynamoDB iterators expire after 15 minutes; here at most
   MOTO_SHARD_ITERATORS_MAX (default 10,000) are kept, oldest dropped first, and an expired one is
   refused with ExpiredIteratorException as DynamoDB does.
5. Item construction. moto re-measures the whole item for every attribute it adds (O(attributes²));
   a new item is now measured once, against the same 400 KB limit.
6. Scan with a filter expression. moto deep-copies every item it reads and filters the copies; an
   item the filter drops is no longer copied first (table scans; index scans unchanged).
7. Response serialisation. moto serialises every DynamoDB attribute value by looking up all ten
   members of the AttributeValue shape through its alias rules; a value that is already in wire
   form (S, N, BOOL, NULL, SS, NS, and M or L of those) is now written as it is, a whole item in one
   pass. Binary values go through moto's serialiser as before.
8. Per-request lookups. moto lists its package directory (and stats each entry) and inspects the
   response class's methods on every request; both never change while it runs and are now looked
   up once.
9. Key order. moto sorts a table's items (every page of a Scan: `make run`'s TTL sweep pages
   through the whole table each minute; a Query's partition) by comparing DynamoType keys, which
   convert their values anew in every comparison; the sort key is now each item's converted key
   values, computed once per item (the same order: a table's keys all have their schema's type).
10. Update expressions. moto's validator deep-copies the parsed expression, rebuilds each
   processor's node-type map for every node it visits, and counts an expression's clauses again
   for every nested clause node (quadratic in the number of actions). The expression is now copied
   node by node, the maps are built once per processor, and the clauses are counted once per node.
   Accepted and refused expressions, their results and errors stay as they were.
11. Response members. For each member of each response structure moto's serialiser builds a
   context and asks six alias rules which key of the Python object holds it. For a plain dict
   that holds the member under its own name (stream records, most DynamoDB answers) the rules
   that could name another key are checked directly, and the value is taken as moto would take it.
12. Update-expression parsing. moto tokenises and parses an update expression twice for each
   UpdateItem and each Update of a transaction (once to check its placeholders, once to apply it).
   A parsed expression is now kept by its text (up to 1,000 of them) and reused: nothing changes the
   parsed tree (the validators work on copies of it), and an expression that fails to parse is parsed
   again, failing as before.
13. Transaction conditions. In TransactWriteItems moto parses each item's condition expression
   twice, once to check it and again in the Put, Update or Delete that follows; within one
   transaction the second parse now reuses the first (same expression, names and values; an
   expression is evaluated, never changed, by checking it).
14. Attribute sizes. moto measures a map by building a new copy of each of its values (recursively)
   and measuring the copy; it measures the whole item again for every attribute an update sets
   (the engagement ledger holds one map per interaction). A map's values are now measured as they
   are; the sizes, and the 400 KB limit, are the same.
15. Expression tree walks. Each of the ten validators of an update expression walks the whole
   tree through method calls per node (the types it handles looked up again at every node, the
   per-child hook called even where it does nothing). The walk now keeps both for the traversal;
   nodes are visited, processed and replaced in the same order as by moto.
16. Consumed capacity. DynamoDB reports ConsumedCapacity only when a request asks for it
   (ReturnConsumedCapacity TOTAL or INDEXES); moto's BatchGetItem, BatchWriteItem, UpdateItem and
   TransactWriteItems report it always, so every client parsed (and benchmarks charged) an answer
   part that AWS does not send. It is now left out of those answers unless asked; asked, it is
   moto's figure as before.

MOTO_PATCHES=off runs moto as shipped (to compare).
"""
import copy
import os
import time
from datetime import timedelta

STREAM_RETENTION = timedelta(hours=24)
ITERATOR_LIFETIME_SECONDS = 15 * 60


def apply() -> list[str]:
    """Applies the patches; returns their names (empty when MOTO_PATCHES=off)."""
    if os.environ.get("MOTO_PATCHES", "on").lower() in ("off", "0", "false", "no"):
        return []
    _patch_transactions()
    _patch_partition_query()
    _patch_stream_records(int(os.environ.get("MOTO_STREAM_MAX_RECORDS", "50000")))
    _patch_shard_iterators(int(os.environ.get("MOTO_SHARD_ITERATORS_MAX", "10000")))
    _patch_item_construction()
    _patch_filtered_scan()
    _patch_attribute_value_serialisation()
    _patch_request_lookups()
    _patch_key_order()
    _patch_update_expression_validation()
    _patch_response_members()
    _patch_update_expression_parsing()
    _patch_transaction_conditions()
    _patch_attribute_sizes()
    _patch_tree_walks()
    _patch_consumed_capacity()
    return ["transaction-item-snapshot", "partition-query", "stream-retention", "shard-iterator-expiry",
            "item-size-once", "filtered-scan", "attribute-value-serialisation", "request-lookups-once",
            "key-order-once", "update-expression-validation", "response-members",
            "update-expression-parsed-once", "transaction-conditions-parsed-once",
            "attribute-sizes", "tree-walks", "consumed-capacity-when-asked"]


# 1. TransactWriteItems ---------------------------------------------------------------------------

def _patch_transactions() -> None:
    from moto.dynamodb import models
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    state = {"in_transaction": False}

    class _Copy:
        """moto's `copy` module inside moto.dynamodb.models: a table is not copied in a transaction."""

        def __getattr__(self, name):
            return getattr(copy, name)

        @staticmethod
        def deepcopy(x, memo=None):
            if state["in_transaction"] and isinstance(x, Table):
                return x  # the journal below is the snapshot; moto's restore puts the same table back
            return copy.deepcopy(x, memo)

    models.copy = _Copy()
    original = DynamoDBBackend.transact_write_items

    def key_of(table, op_type, op):
        attrs = op["Item"] if op_type == "Put" else op["Key"]
        hash_key = DynamoType(attrs[table.hash_key_attr])
        range_key = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
        return hash_key, range_key

    def lookup(table, hash_key, range_key):
        """The stored item, without creating an empty partition as Table.get_item does."""
        if range_key is None:
            return table.items.get(hash_key)
        partition = table.items.get(hash_key)
        return None if partition is None else partition.get(range_key)

    def transact_write_items(self, transact_items):
        journal = []  # (table, hash key, range key, had partition, previous item or None)
        streams = {}  # table -> records the stream had ever written before the transaction
        for entry in transact_items if isinstance(transact_items, list) else []:
            try:
                (op_type, op), = entry.items()
                table = self.tables.get(op["TableName"])
                if table is None or op_type not in ("Put", "Update", "Delete"):
                    continue
                hash_key, range_key = key_of(table, op_type, op)
            except (KeyError, TypeError, ValueError, AttributeError):
                continue  # moto rejects the request before writing anything for it
            previous = lookup(table, hash_key, range_key)
            journal.append((table, hash_key, range_key, hash_key in table.items,
                            None if previous is None else copy.deepcopy(previous)))
            if table.stream_shard is not None and table not in streams:
                streams[table] = _records_written(table.stream_shard)
        state["in_transaction"] = True
        try:
            return original(self, transact_items)
        except BaseException:
            for table, hash_key, range_key, had_partition, previous in reversed(journal):
                if range_key is None:
                    if previous is None:
                        table.items.pop(hash_key, None)
                    else:
                        table.items[hash_key] = previous
                else:
                    partition = table.items[hash_key]
                    if previous is None:
                        partition.pop(range_key, None)
                        if not partition and not had_partition:
                            del table.items[hash_key]
                    else:
                        partition[range_key] = previous
            for table, written in streams.items():
                shard = table.stream_shard
                extra = _records_written(shard) - written
                if extra > 0:
                    del shard.items[-extra:]
            raise
        finally:
            state["in_transaction"] = False

    DynamoDBBackend.transact_write_items = transact_write_items


# 2. Query by partition key -----------------------------------------------------------------------

def _patch_partition_query() -> None:
    from moto.dynamodb.models.table import Table

    original_query = Table.query
    original_all_items = Table.all_items

    def query(self, hash_key, *args, **kwargs):
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name or hash_key is None:
            return original_query(self, hash_key, *args, **kwargs)
        self._partition_only = hash_key
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            self._partition_only = None

    def all_items(self):
        # moto's query keeps the items whose hash key equals the one asked for: the partition's items
        hash_key = getattr(self, "_partition_only", None)
        if hash_key is None:
            return original_all_items(self)
        partition = self.items.get(hash_key)
        if partition is None:
            return []
        if not self.range_key_attr:
            return [partition]
        return sorted(partition.values(), key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)

    Table.query = query
    Table.all_items = all_items


# 3. Stream records -------------------------------------------------------------------------------

def _records_written(shard) -> int:
    return getattr(shard, "trimmed", 0) + len(shard.items)


def _patch_stream_records(max_records: int) -> None:
    from moto.core.utils import utcnow
    from moto.dynamodb.models.table import StreamRecord, StreamShard

    def add(self, old, new):
        # moto's StreamShard.add, numbering from the records ever written instead of those kept
        t = self.table.stream_specification["StreamViewType"]
        event_name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
        seq = _records_written(self) + self.starting_sequence_number
        self.items.append(StreamRecord(self.table, t, event_name, old, new, seq))
        trim(self)
        result = None
        from moto.awslambda.utils import get_backend

        for arn, esm in self.table.lambda_event_source_mappings.items():
            region = arn.split(":")[3]
            result = get_backend(self.account_id, region).send_dynamodb_items(arn, self.items, esm.event_source_arn)
        if result:
            self.trimmed = _records_written(self)
            self.items = []

    def trim(self):
        horizon = utcnow() - STREAM_RETENTION
        drop = max(0, len(self.items) - max_records)
        while drop < len(self.items) and self.items[drop].record["dynamodb"]["ApproximateCreationDateTime"] < horizon:
            drop += 1
        if drop:
            del self.items[:drop]
            self.trimmed = getattr(self, "trimmed", 0) + drop

    def get(self, start, quantity):
        start = max(0, start - self.starting_sequence_number - getattr(self, "trimmed", 0))
        return [i.to_json() for i in self.items[start:start + quantity]]

    StreamShard.add = add
    StreamShard.get = get


# 4. Shard iterators ------------------------------------------------------------------------------

def _patch_shard_iterators(max_iterators: int) -> None:
    from moto.dynamodbstreams import models
    from moto.dynamodbstreams.models import DynamoDBStreamsBackend, ShardIterator
    from moto.core.exceptions import JsonRESTError

    original_init = ShardIterator.__init__

    def init(self, streams_backend, stream_shard, shard_iterator_type, sequence_number=None):
        original_init(self, streams_backend, stream_shard, shard_iterator_type, sequence_number)
        if shard_iterator_type == "LATEST":
            self.sequence_number = stream_shard.starting_sequence_number + _records_written(stream_shard)
        oldest = stream_shard.starting_sequence_number + getattr(stream_shard, "trimmed", 0)
        if shard_iterator_type in ("AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER") and self.sequence_number < oldest:
            raise JsonRESTError("TrimmedDataAccessException",
                                "The operation attempted to read past the oldest stream record in a shard.")
        self.created = time.monotonic()

    class Iterators(dict):
        """moto's iterator registry, holding the newest iterators only."""

        def __setitem__(self, key, value):
            super().__setitem__(key, value)
            while len(self) > max_iterators:
                del self[next(iter(self))]

        def __getitem__(self, key):
            it = self.get(key)
            if it is None or time.monotonic() - getattr(it, "created", 0) > ITERATOR_LIFETIME_SECONDS:
                raise JsonRESTError("ExpiredIteratorException",
                                    "Iterator expired. The iterator was created over 15 minutes ago.")
            return it

    original_backend_init = DynamoDBStreamsBackend.__init__

    def backend_init(self, region_name, account_id):
        original_backend_init(self, region_name, account_id)
        self.shard_iterators = Iterators()

    ShardIterator.__init__ = init
    DynamoDBStreamsBackend.__init__ = backend_init
    models.ShardIterator = ShardIterator


# 5. Item construction ----------------------------------------------------------------------------

def _patch_item_construction() -> None:
    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
    from moto.dynamodb.models.utilities import bytesize

    def init(self, hash_key, range_key, attrs):
        self.hash_key = hash_key
        self.range_key = range_key
        self.attrs = LimitedSizeDict()
        for key, value in attrs.items():
            dict.__setitem__(self.attrs, key, DynamoType(value))
        # LimitedSizeDict's check per attribute, once: sizes only add up, so the whole item is over
        # the limit exactly when some prefix of it was
        if sum(bytesize(k) + v.size() for k, v in self.attrs.items()) > 405000:
            raise ItemSizeTooLarge

    Item.__init__ = init


# 6. Scan with a filter expression ----------------------------------------------------------------

def _patch_filtered_scan() -> None:
    from moto.dynamodb.models import table as table_module
    from moto.dynamodb.models.dynamo_type import Item

    state = {"filter": None}

    class _Copy:
        """moto's `copy` module inside table.py: an item the running scan's filter drops is not copied."""

        def __getattr__(self, name):
            return getattr(copy, name)

        @staticmethod
        def deepcopy(x, memo=None):
            f = state["filter"]
            if f is not None and isinstance(x, Item) and not f.expr(x):
                return x  # dropped unread by moto's filter step right after
            return copy.deepcopy(x, memo)

    table_module.copy = _Copy()
    original = table_module.Table.scan

    def scan(self, filters, limit, exclusive_start_key, filter_expression=None, index_name=None, *args, **kwargs):
        if filter_expression is None or index_name:
            return original(self, filters, limit, exclusive_start_key, filter_expression, index_name, *args, **kwargs)
        state["filter"] = filter_expression
        try:
            return original(self, filters, limit, exclusive_start_key, filter_expression, index_name, *args, **kwargs)
        finally:
            state["filter"] = None

    table_module.Table.scan = scan


# 7. Response serialisation -----------------------------------------------------------------------

_WIRE_SCALARS = {"S": str, "N": str, "BOOL": bool, "NULL": bool}


def _wire_attribute_value(value):
    """The attribute value as DynamoDB's JSON has it, or None when moto's serialiser must handle it."""
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (kind, inner), = value.items()
    scalar = _WIRE_SCALARS.get(kind)
    if scalar is not None:
        return value if type(inner) is scalar else None
    if kind in ("SS", "NS"):
        return {kind: list(inner)} if isinstance(inner, list) and all(type(v) is str for v in inner) else None
    if kind == "M" and isinstance(inner, dict):
        out = {}
        for k, v in inner.items():
            wire = _wire_attribute_value(v)
            if wire is None:
                return None
            out[k] = wire
        return {"M": out}
    if kind == "L" and isinstance(inner, list):
        out = []
        for v in inner:
            wire = _wire_attribute_value(v)
            if wire is None:
                return None
            out.append(wire)
        return {"L": out}
    return None


def _patch_attribute_value_serialisation() -> None:
    from moto.core.serialize import BaseJSONSerializer

    original = BaseJSONSerializer._serialize_type_structure

    def serialize_structure(self, serialized, value, shape, key):
        if shape.name == "AttributeValue" and key:
            wire = _wire_attribute_value(value)
            if wire is not None:
                serialized[self.get_serialized_name(shape, key)] = wire
                return
        original(self, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_structure = serialize_structure
    original_map = BaseJSONSerializer._serialize_type_map

    def serialize_map(self, serialized, value, shape, key):
        # an item (name -> AttributeValue) in one pass instead of one serialiser call per attribute
        if getattr(shape.value, "name", None) == "AttributeValue" and isinstance(value, dict):
            item = {}
            for name, attribute in value.items():
                wire = _wire_attribute_value(attribute)
                if wire is None:
                    break
                item[name] = wire
            else:
                self._default_serialize(serialized, item, shape, key)
                return
        original_map(self, serialized, value, shape, key)

    BaseJSONSerializer._serialize_type_map = serialize_map


# 8. Per-request lookups --------------------------------------------------------------------------

def _patch_request_lookups() -> None:
    from moto import backends
    from moto.core import responses

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    methods = {}
    original = responses.method_names_from_class

    def method_names_from_class(clazz):
        names = methods.get(clazz)
        if names is None:
            names = methods[clazz] = original(clazz)
        return list(names)

    responses.method_names_from_class = method_names_from_class


# 9. Key order ------------------------------------------------------------------------------------

def _sorted_by_key(items):
    """The items in moto's key order, or None when their keys do not all have one type per attribute."""
    if not items:
        return []
    first = items[0]
    hash_type = first.hash_key.type
    range_type = first.range_key.type if first.range_key is not None else None
    keyed = []
    for item in items:
        r = item.range_key
        if item.hash_key.type != hash_type or (r.type if r is not None else None) != range_type:
            return None
        # moto's key is (hash, range) or hash alone; DynamoType compares by cast_value within a type
        keyed.append(((item.hash_key.cast_value, r.cast_value) if r else item.hash_key.cast_value, item))
    if range_type is not None and any(not isinstance(k, tuple) for k, _ in keyed):
        return None
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed]


def _patch_key_order() -> None:
    from moto.dynamodb.models.table import Table

    original_all_items = Table.all_items

    def all_items(self):
        if getattr(self, "_partition_only", None) is not None:
            partition = self.items.get(self._partition_only)
            if partition is None or not self.range_key_attr:
                return original_all_items(self)
            items = list(partition.values())
        else:
            items = []
            for hash_set in self.items.values():
                if self.range_key_attr:
                    items.extend(hash_set.values())
                else:
                    items.append(hash_set)
        ordered = _sorted_by_key(items)
        return original_all_items(self) if ordered is None else ordered

    Table.all_items = all_items


# 10. Update expressions --------------------------------------------------------------------------

def _patch_update_expression_validation() -> None:
    from moto.dynamodb.parsing import ast_nodes, validators
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

    def processing_map(self):
        m = self.__dict__.get("_processing_map_once")
        if m is None:
            m = self.__dict__["_processing_map_once"] = self._processing_map()
        return m

    def nodes_to_be_processed(self):
        t = self.__dict__.get("_node_types_once")
        if t is None:
            t = self.__dict__["_node_types_once"] = tuple(processing_map(self).keys())
        return t

    def process(self, node):
        for class_key, processor in processing_map(self).items():
            if isinstance(node, class_key):
                return processor(node)

    DepthFirstTraverser.nodes_to_be_processed = nodes_to_be_processed
    DepthFirstTraverser.process = process

    # Clause counts: moto's find_clauses walks a node's subtree; within one traversal of the
    # ActionCountValidator the tree does not change (it returns every node as it was), so each
    # node's clauses are found once.
    original_find_clauses = Node.find_clauses
    memo = {"active": None}

    def find_clauses(self, clause_types):
        cache = memo["active"]
        if cache is None:
            return original_find_clauses(self, clause_types)
        key = (id(self), tuple(clause_types))
        found = cache.get(key)
        if found is None:
            found = cache[key] = original_find_clauses(self, clause_types)
        return list(found)

    Node.find_clauses = find_clauses
    ActionCountValidator = validators.ActionCountValidator
    original_traverse = ActionCountValidator.traverse

    def count_traverse(self, node):
        memo["active"] = {}
        try:
            return original_traverse(self, node)
        finally:
            memo["active"] = None

    ActionCountValidator.traverse = count_traverse

    # The expression copy: moto deep-copies the parsed tree for each validator. A tree as the parser
    # makes it has nodes (type, children, parent) whose leaves are plain values; such a tree is
    # copied node by node, anything else as moto does.
    deepcopy = copy.deepcopy
    plain = (str, int, float, bool, type(None))

    def clone(node, parent):
        attrs = node.__dict__
        if attrs.keys() != {"type", "children", "parent"}:
            raise _NotPlain
        new = object.__new__(type(node))
        children = attrs["children"]
        if children is not None:
            copied = []
            for child in children:
                if isinstance(child, Node):
                    copied.append(clone(child, new))
                elif type(child) in plain:
                    copied.append(child)
                else:
                    raise _NotPlain
            children = copied
        new.__dict__.update(type=attrs["type"], children=children, parent=parent)
        return new

    class _Copy:
        """moto's `deepcopy` inside validators.py: a parsed tree is copied node by node."""

        def __call__(self, x, memo_=None):
            if memo_ is None and isinstance(x, Node) and x.parent is None:
                try:
                    return clone(x, None)
                except _NotPlain:
                    pass
            return deepcopy(x, memo_)

    validators.deepcopy = _Copy()


class _NotPlain(Exception):
    """A tree the node-by-node copy does not handle."""


# 11. Response members ----------------------------------------------------------------------------

def _patch_response_members() -> None:
    from botocore import xform_name
    from moto.core import serialize

    expected = [serialize.ExplicitAlias, serialize.ShapeNameAlias, serialize.NoAlias, serialize.ShapePrefixAlias,
                serialize.ClassPrefixAlias, serialize.ModelAlias]
    if list(serialize.DEFAULT_ALIAS_PROVIDERS) != expected:
        return  # another moto: its rules as they are
    original = serialize.ResponseSerializer.get_value
    names = {}

    def xformed(name):
        x = names.get(name)
        if x is None:
            x = names[name] = xform_name(name)
        return x

    def get_value(self, value, key, shape):
        picker = self._value_picker
        if (type(value) is not dict or type(picker) is not serialize.XFormedAttributePicker
                or picker.alias_providers is not serialize.DEFAULT_ALIAS_PROVIDERS or picker.response_transformers
                or key not in value or "." in key):
            return original(self, value, key, shape)
        # The rules before NoAlias (the key itself): a dict has no Meta (ExplicitAlias); ShapeNameAlias
        # names the shape of a list or structure member, unless a sibling member has that name.
        if shape is not None and shape.type_name in ("list", "structure") and key != shape.name:
            members = getattr(getattr(shape, "parent", None), "members", None)
            if members is None or shape.name not in members:
                if shape.name in value or xformed(shape.name) in value:
                    return original(self, value, key, shape)
        return value[key]

    serialize.ResponseSerializer.get_value = get_value


# 12. Update-expression parsing -------------------------------------------------------------------

def _patch_update_expression_parsing(limit: int = 1000) -> None:
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    original = UpdateExpressionParser.make.__func__
    parsed = {}

    def make(cls, expression_str):
        if cls is not UpdateExpressionParser or type(expression_str) is not str:
            return original(cls, expression_str)
        tree = parsed.get(expression_str)
        if tree is None:
            tree = original(cls, expression_str)
            if len(parsed) >= limit:
                parsed.clear()
            parsed[expression_str] = tree
        return tree

    UpdateExpressionParser.make = classmethod(make)


# 13. Transaction conditions ----------------------------------------------------------------------

def _patch_transaction_conditions() -> None:
    from moto.dynamodb import models
    from moto.dynamodb.models import DynamoDBBackend, table as table_module

    active = {"conditions": None}  # parsed conditions of the running transaction
    original_get = models.get_filter_expression
    original_parser = models.create_condition_expression_parser

    def parsed(expr, names, values, parse):
        conditions = active["conditions"]
        if conditions is None:
            return parse()
        key = (expr, repr(names), repr(values))
        op = conditions.get(key)
        if op is None:
            op = conditions[key] = parse()
        return op

    def get_filter_expression(expr, names, values):
        return parsed(expr, names, values, lambda: original_get(expr, names, values))

    class _Parser:
        def __init__(self, expr, names, values):
            self.args = (expr, names, values)

        def parse(self):
            expr, names, values = self.args
            return parsed(expr, names, values, lambda: original_parser(expr, names, values).parse())

    def create_condition_expression_parser(expr, names, values):
        if active["conditions"] is None:
            return original_parser(expr, names, values)
        return _Parser(expr, names, values)

    models.get_filter_expression = get_filter_expression
    models.create_condition_expression_parser = create_condition_expression_parser
    table_module.get_filter_expression = get_filter_expression
    original_transact = DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        active["conditions"] = {}
        try:
            return original_transact(self, transact_items)
        finally:
            active["conditions"] = None

    DynamoDBBackend.transact_write_items = transact_write_items


# 14. Attribute sizes -----------------------------------------------------------------------------

def _patch_attribute_sizes() -> None:
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.utilities import bytesize

    original = DynamoType.size

    def size(self):
        t = self.type
        if t == "N":
            return len(str(self.value))
        if t == "M":
            # moto: bytesize(k) + DynamoType(v).size(), where DynamoType(v) of a DynamoType is an equal copy
            total = 0
            for k, v in self.value.items():
                total += bytesize(k) + (size(v) if type(v) is DynamoType else DynamoType(v).size())
            return total
        return original(self)

    DynamoType.size = size


# 15. Expression tree walks -----------------------------------------------------------------------

def _patch_tree_walks() -> None:
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node

    base_hook = DepthFirstTraverser.pre_processing_of_child

    def traverse_node_recursively(self, node, child_id=-1):
        types = self.nodes_to_be_processed()
        hook = None if type(self).pre_processing_of_child is base_hook else self.pre_processing_of_child
        process = self.process

        def walk(node, child_id):
            # moto's traverse_node_recursively, with the node types and the hook looked up once
            if isinstance(node, Node):
                parent_node = node.parent
                if node.children is not None:
                    for i, child_node in enumerate(node.children):
                        if hook is not None:
                            hook(node, i)
                        walk(child_node, i)
                if isinstance(node, types):
                    node = process(node)
                    node.parent = parent_node
                    if parent_node:
                        parent_node.children[child_id] = node
            return node

        return walk(node, child_id)

    DepthFirstTraverser.traverse_node_recursively = traverse_node_recursively


# 16. Consumed capacity ---------------------------------------------------------------------------

def _patch_consumed_capacity() -> None:
    import functools

    from moto.dynamodb.responses import DynamoHandler

    def when_asked(operation):
        @functools.wraps(operation)
        def answer(self):
            result = operation(self)
            if self.body.get("ReturnConsumedCapacity", "NONE") == "NONE" and isinstance(result.result, dict):
                result.result.pop("ConsumedCapacity", None)
            return result
        return answer

    for name in ("batch_get_item", "batch_write_item", "update_item", "transact_write_items"):
        setattr(DynamoHandler, name, when_asked(getattr(DynamoHandler, name)))

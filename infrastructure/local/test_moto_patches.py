"""moto_patches.py answers as moto does: the same requests against moto as shipped (MOTO_PATCHES=off)
and against the patched server, every answer compared (items, pages, errors).

Covers the key order of scans and queries (string and number keys, pages by count and by size,
filters), update expressions (many actions, new and existing items, functions, arithmetic, nested
paths, and the expressions DynamoDB refuses) alone and inside transactions, and the serialised
answers of batch and transactional reads, table and stream descriptions and stream records, and
transactions as the capture writes them (conditions that pass and fail, the same expressions with
other values, cancellation reasons, old items returned, malformed expressions) with the items and
stream records they leave. Answers to requests that do not ask for consumed capacity are compared
without it, and the patched server must leave it out (patch 16).

Run: infrastructure/local/moto.sh install, then
  env PYTHONPATH=.local/moto/usr/lib/python3/dist-packages /usr/bin/python3 infrastructure/local/test_moto_patches.py
Exits 1 on the first difference.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(patches):
    port = free_port()
    env = dict(os.environ, MOTO_PATCHES=patches)
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_serialized.py"), "-H", "127.0.0.1", "-p", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
        raise SystemExit(f"moto (MOTO_PATCHES={patches}) did not start")
    def client(service):
        return boto3.client(service, endpoint_url=url, region_name="eu-central-1", aws_access_key_id="test",
                            aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}))

    return proc, client("dynamodb"), client("dynamodbstreams")


# differ between two servers by time or by random ids, not by the patches
VOLATILE = {"ResponseMetadata", "CreationDateTime", "LatestStreamLabel", "LatestStreamArn", "StreamArn", "StreamLabel",
            "eventID", "ApproximateCreationDateTime", "SizeBytes", "ShardIterator", "NextShardIterator",
            "StartingSequenceNumber", "ShardId", "LastEvaluatedShardId", "CreationRequestDateTime",
            "SequenceNumber"}


def normal(x):
    if isinstance(x, dict):
        return {k: normal(v) for k, v in x.items() if k not in VOLATILE}
    if isinstance(x, list):
        return [normal(v) for v in x]
    return x


def answer(client, op, **kw):
    try:
        return ("ok", normal(getattr(client, op)(**kw)))
    except ClientError as e:
        return ("error", e.response["Error"].get("Code"), e.response["Error"].get("Message"))


checks = 0


def same(shipped, patched, op, **kw):
    global checks
    a, b = answer(shipped, op, **kw), answer(patched, op, **kw)
    checks += 1
    if kw.get("ReturnConsumedCapacity", "NONE") == "NONE" and a[0] == b[0] == "ok":
        # patch 16: consumed capacity only when asked, as DynamoDB reports it
        if "ConsumedCapacity" in b[1]:
            print(f"DIFFERENT: {op} {kw}\n  patched answer reports ConsumedCapacity unasked: {str(b)[:1500]}")
            raise SystemExit(1)
        a = ("ok", {k: v for k, v in a[1].items() if k != "ConsumedCapacity"})
    if a != b:
        print(f"DIFFERENT: {op} {kw}\n  moto as shipped: {str(a)[:1500]}\n  patched:         {str(b)[:1500]}")
        raise SystemExit(1)
    return a


def both(shipped, patched, op, **kw):
    return same(shipped, patched, op, **kw)


def pages(shipped, patched, op, **kw):
    """Every page of a Scan or Query, compared page by page."""
    n = 0
    while True:
        r = same(shipped, patched, op, **kw)
        n += 1
        if r[0] != "ok" or "LastEvaluatedKey" not in r[1]:
            return n
        kw = dict(kw, ExclusiveStartKey=r[1]["LastEvaluatedKey"])


def table(shipped, patched, name, sk_type):
    both(shipped, patched, "create_table", TableName=name, BillingMode="PAY_PER_REQUEST",
         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": sk_type}],
         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
         StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})


def key_order(s, p):
    table(s, p, "strings", "S")
    table(s, p, "numbers", "N")
    big = "x" * 12000
    for i in range(400):
        pk = f"LEAD#{(i * 7919) % 97:03d}"
        item = {"pk": {"S": pk}, "sk": {"S": f"ITEM#{(i * 31) % 400:04d}"}, "n": {"N": str(i)},
                "body": {"S": big if i % 3 == 0 else "small"}}
        if i % 5 == 0:
            item["expiresAt"] = {"N": str(1000 + i)}
        both(s, p, "put_item", TableName="strings", Item=item)
    for pk in ("a", "b", "ä", "Z", "a#1"):
        for sk in ("1", "10", "2", "1.5", "-3", "0.25", "100", "-0.5"):
            both(s, p, "put_item", TableName="numbers", Item={"pk": {"S": pk}, "sk": {"N": sk}, "v": {"S": pk + sk}})
    n = pages(s, p, "scan", TableName="strings")
    assert n > 1, "the scan should need several pages by size"
    pages(s, p, "scan", TableName="strings", Limit=37)
    pages(s, p, "scan", TableName="strings", FilterExpression="#t <= :now",
          ExpressionAttributeNames={"#t": "expiresAt"}, ExpressionAttributeValues={":now": {"N": "1200"}})
    pages(s, p, "scan", TableName="strings", Limit=50, ProjectionExpression="pk, sk")
    pages(s, p, "scan", TableName="numbers")
    pages(s, p, "scan", TableName="numbers", Limit=3)
    for pk in ("LEAD#000", "LEAD#013", "LEAD#096", "nobody"):
        pages(s, p, "query", TableName="strings", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}})
        pages(s, p, "query", TableName="strings", KeyConditionExpression="pk = :p", Limit=2, ScanIndexForward=False,
              ExpressionAttributeValues={":p": {"S": pk}})
    for pk in ("a", "ä", "a#1"):
        pages(s, p, "query", TableName="numbers", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": pk}})
        pages(s, p, "query", TableName="numbers", KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b", Limit=2,
              ExpressionAttributeValues={":p": {"S": pk}, ":a": {"N": "-1"}, ":b": {"N": "10"}})


UPDATES = [
    # many actions, as the scoring's versioned update
    ("SET " + ", ".join(f"#a{i} = :v{i}" for i in range(25)) + " ADD #n :one REMOVE gone",
     {f"#a{i}": f"attr{i}" for i in range(25)} | {"#n": "count"},
     {f":v{i}": {"S": f"value {i}"} for i in range(25)} | {":one": {"N": "1"}}),
    ("SET #v = :next, score = :s, mqlAt = if_not_exists(mqlAt, :at), tags = list_append(if_not_exists(tags, :empty), :tag)",
     {"#v": "version"}, {":next": {"N": "2"}, ":s": {"N": "41"}, ":at": {"S": "2026-12-02T05:00:00Z"},
                         ":empty": {"L": []}, ":tag": {"L": [{"S": "t"}]}}),
    ("SET total = if_not_exists(total, :zero) + :n, m.inner = :v, m2 = :map ADD seen :set",
     None, {":zero": {"N": "0"}, ":n": {"N": "5"}, ":v": {"S": "x"}, ":map": {"M": {"a": {"N": "1"}}}, ":set": {"SS": ["a", "b"]}}),
    ("SET #e = :e, #type = :type, #lead = :lead, #textDay = :day ADD #adds :one, #textBytes :text",
     {"#e": "e#1", "#type": "itemType", "#lead": "leadId", "#textDay": "textDay", "#adds": "adds", "#textBytes": "textBytes"},
     {":e": {"M": {"t": {"S": "form"}, "at": {"S": "2026"}}}, ":type": {"S": "engagement"}, ":lead": {"S": "L1"},
      ":day": {"S": "2026-12-02"}, ":one": {"N": "1"}, ":text": {"N": "30"}}),
    # refused by DynamoDB
    ("SET a = :a SET b = :a", None, {":a": {"S": "1"}}),
    ("ADD c :one ADD d :one", None, {":one": {"N": "1"}}),
    ("REMOVE a REMOVE b", None, None),
    ("SET a = :a, a = :b", None, {":a": {"S": "1"}, ":b": {"S": "2"}}),
    ("SET m.x = :a, m = :b", None, {":a": {"S": "1"}, ":b": {"M": {}}}),
    ("SET a = :missing", None, {":a": {"S": "1"}}),
    ("SET #missing = :a", None, {":a": {"S": "1"}}),
    ("SET pk = :a", None, {":a": {"S": "1"}}),
    ("SET a = b + :one", None, {":one": {"N": "1"}}),
    ("SET a = :s + :one", None, {":s": {"S": "x"}, ":one": {"N": "1"}}),
    ("SET nested.deeper.x = :a", None, {":a": {"S": "1"}}),
    ("DELETE seen :set", None, {":set": {"SS": ["a"]}}),
]


def update_kwargs(expression, names, values):
    kw = {"UpdateExpression": expression}
    if names:
        kw["ExpressionAttributeNames"] = names
    if values:
        kw["ExpressionAttributeValues"] = values
    return kw


def updates(s, p):
    for i, (expression, names, values) in enumerate(UPDATES):
        for existing in (False, True):
            key = {"pk": {"S": f"U#{i}#{existing}"}, "sk": {"S": "PROFILE"}}
            if existing:
                both(s, p, "put_item", TableName="strings", Item=dict(key, version={"N": "1"}, gone={"S": "x"},
                                                                     m={"M": {"inner": {"S": "old"}}}, total={"N": "3"}))
            for _ in range(2):  # a second time on what the first made
                same(s, p, "update_item", TableName="strings", Key=key, ReturnValues="ALL_NEW",
                     **update_kwargs(expression, names, values))
            same(s, p, "get_item", TableName="strings", Key=key, ConsistentRead=True)
            update = dict(TableName="strings", Key={"pk": {"S": f"T#{i}#{existing}"}, "sk": {"S": "PROFILE"}},
                          **update_kwargs(expression, names, values))
            same(s, p, "transact_write_items", TransactItems=[
                {"Update": update},
                {"Put": {"TableName": "strings", "Item": {"pk": {"S": f"T#{i}#{existing}"}, "sk": {"S": "OTHER"}}}}])
            same(s, p, "get_item", TableName="strings", Key=update["Key"], ConsistentRead=True)


def reads(s, p, ss, ps):
    """Other answers the serialiser writes: batch reads, table and stream descriptions, stream records."""
    keys = [{"pk": {"S": f"U#{i}#True"}, "sk": {"S": "PROFILE"}} for i in range(4)] + [{"pk": {"S": "none"}, "sk": {"S": "x"}}]
    same(s, p, "batch_get_item", RequestItems={"strings": {"Keys": keys, "ConsistentRead": True}})
    asked = same(s, p, "batch_get_item", RequestItems={"strings": {"Keys": keys}}, ReturnConsumedCapacity="TOTAL")
    assert asked[1]["ConsumedCapacity"], "asked for, consumed capacity is reported"
    asked = same(s, p, "update_item", TableName="strings", Key=keys[0], UpdateExpression="SET asked = :a",
                 ExpressionAttributeValues={":a": {"S": "yes"}}, ReturnConsumedCapacity="TOTAL")
    assert asked[1]["ConsumedCapacity"], "asked for, consumed capacity is reported"
    same(s, p, "transact_get_items", TransactItems=[{"Get": {"TableName": "strings", "Key": k}} for k in keys])
    same(s, p, "describe_table", TableName="strings")
    same(s, p, "list_tables")
    table(s, p, "streamed", "S")
    for i in range(60):
        key = {"pk": {"S": f"S#{i % 7}"}, "sk": {"S": f"{i}"}}
        both(s, p, "put_item", TableName="streamed", Item=dict(key, body={"S": "y" * (i * 10)}, n={"N": str(i)},
                                                                m={"M": {"l": {"L": [{"S": "a"}, {"N": "1"}]}}}))
        expression, names, values = UPDATES[i % 4]
        both(s, p, "update_item", TableName="streamed", Key=key, **update_kwargs(expression, names, values))
        if i % 5 == 0:
            both(s, p, "delete_item", TableName="streamed", Key=key)
    arns = [c.describe_table(TableName="streamed")["Table"]["LatestStreamArn"] for c in (s, p)]
    same(ss, ps, "list_streams")
    descriptions = [c.describe_stream(StreamArn=a) for c, a in zip((ss, ps), arns)]
    if normal(descriptions[0]) != normal(descriptions[1]):
        print(f"DIFFERENT: describe_stream\n  {descriptions[0]}\n  {descriptions[1]}")
        raise SystemExit(1)
    iterators = [c.get_shard_iterator(StreamArn=a, ShardId=d["StreamDescription"]["Shards"][0]["ShardId"],
                                      ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                 for c, a, d in zip((ss, ps), arns, descriptions)]
    for _ in range(3):
        got = [c.get_records(ShardIterator=i, Limit=50) for c, i in zip((ss, ps), iterators)]
        if normal(got[0]) != normal(got[1]) or not got[0]["Records"]:
            print(f"DIFFERENT: get_records\n  {str(normal(got[0]))[:1500]}\n  {str(normal(got[1]))[:1500]}")
            raise SystemExit(1)
        iterators = [g["NextShardIterator"] for g in got]


def S(x):
    return {"S": x}


def N(x):
    return {"N": str(x)}


def stream_records(s, p, ss, ps, name):
    """Every record of a table's stream, compared."""
    arns = [c.describe_table(TableName=name)["Table"]["LatestStreamArn"] for c in (s, p)]
    shards = [c.describe_stream(StreamArn=a)["StreamDescription"]["Shards"][0]["ShardId"] for c, a in zip((ss, ps), arns)]
    iterators = [c.get_shard_iterator(StreamArn=a, ShardId=i, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
                 for c, a, i in zip((ss, ps), arns, shards)]
    total = 0
    while True:
        got = [c.get_records(ShardIterator=i, Limit=100) for c, i in zip((ss, ps), iterators)]
        if normal(got[0]) != normal(got[1]):
            print(f"DIFFERENT: get_records of {name}\n  {str(normal(got[0]))[:1500]}\n  {str(normal(got[1]))[:1500]}")
            raise SystemExit(1)
        if not got[0]["Records"]:
            return total
        total += len(got[0]["Records"])
        iterators = [g["NextShardIterator"] for g in got]


def capture(lead, post, version, stale=False):
    """A capture's transaction: the lead (new, or replaced at its version), the interaction, the ledger
    entry, and for a new lead its identity."""
    items = []
    profile = {"pk": S("LEAD#" + lead), "sk": S("PROFILE"), "version": N(version), "name": S(f"{lead} {post}"),
               "tags": {"L": [S("a"), N(post)]}, "consent": {"M": {"marketing": {"BOOL": post % 2 == 0}}}}
    if version == 1:
        items.append({"Put": {"TableName": "txn", "Item": profile, "ConditionExpression": "attribute_not_exists(pk)"}})
    else:
        items.append({"Put": {"TableName": "txn", "Item": profile, "ConditionExpression": "#v = :v",
                              "ExpressionAttributeNames": {"#v": "version"},
                              "ExpressionAttributeValues": {":v": N(version - (2 if stale else 1))}}})
    items.append({"Put": {"TableName": "txn", "ConditionExpression": "attribute_not_exists(pk)", "Item": {
        "pk": S("LEAD#" + lead), "sk": S(f"I#{post:03d}"), "message": S("hello " * post), "n": N(post)}}})
    names = {"#e": f"e#{post}", "#adds": "adds", "#type": "itemType", "#lead": "leadId"}
    values = {":e": {"M": {"t": S("form"), "w": N(post)}}, ":one": N(1), ":type": S("engagement"), ":lead": S(lead)}
    expression = "SET #e = :e, #type = :type, #lead = :lead ADD #adds :one"
    if version == 1:
        names["#complete"] = "complete"
        values[":true"] = {"BOOL": True}
        expression = "SET #e = :e, #type = :type, #lead = :lead, #complete = :true ADD #adds :one"
    items.append({"Update": {"TableName": "txn", "Key": {"pk": S("LEAD#" + lead), "sk": S("ENGAGEMENT")},
                             "UpdateExpression": expression, "ExpressionAttributeNames": names,
                             "ExpressionAttributeValues": values}})
    if version == 1:
        items.append({"Put": {"TableName": "txn", "Item": {"pk": S(f"EMAIL#{lead}"), "sk": S("IDENTITY"), "leadId": S(lead)},
                              "ConditionExpression": "attribute_not_exists(pk)"}})
    return items


def transactions(s, p, ss, ps):
    """Transactions as the capture and the scoring write them, committed and cancelled."""
    table(s, p, "txn", "S")
    versioned = {"ConditionExpression": "#v = :v", "ExpressionAttributeNames": {"#v": "version"}}
    for lead in ("a", "b", "c"):
        for post in range(1, 8):
            same(s, p, "transact_write_items", TransactItems=capture(lead, post, post))
            # a stale version (cancelled: the lead's condition fails, the rest would pass)
            same(s, p, "transact_write_items", TransactItems=capture(lead, post + 100, post + 1, stale=True))
            # a second capture of the same post: the interaction exists, the version is stale
            same(s, p, "transact_write_items", TransactItems=capture(lead, post, post))
    # the same condition text with other values in one transaction: one passes, one fails, then both pass
    for first, second in ((N(7), N(6)), (N(6), N(7)), (N(7), N(7))):
        for rv in (None, "ALL_OLD"):
            items = []
            for lead, v in (("a", first), ("b", second)):
                put = dict(versioned, TableName="txn", ExpressionAttributeValues={":v": v},
                           Item={"pk": S("LEAD#" + lead), "sk": S("PROFILE"), "version": v, "rv": S(str(rv))})
                if rv:
                    put["ReturnValuesOnConditionCheckFailure"] = rv
                items.append({"Put": put})
            same(s, p, "transact_write_items", TransactItems=items)
    # updates, deletes and condition checks with conditions, passing and failing
    for v in ("7", "8", "9"):
        key = {"pk": S("LEAD#c"), "sk": S("PROFILE")}
        same(s, p, "transact_write_items", TransactItems=[
            {"Update": dict(versioned, TableName="txn", Key=key, UpdateExpression="SET #v = #v + :one, score = :s",
                            ExpressionAttributeValues={":v": N(v), ":one": N(1), ":s": N(int(v) * 3)},
                            ReturnValuesOnConditionCheckFailure="ALL_OLD")},
            {"ConditionCheck": {"TableName": "txn", "Key": {"pk": S("EMAIL#c"), "sk": S("IDENTITY")},
                                "ConditionExpression": "leadId = :l", "ExpressionAttributeValues": {":l": S("c")}}},
            {"Delete": {"TableName": "txn", "Key": {"pk": S("LEAD#c"), "sk": S(f"I#00{v[-1]}")},
                        "ConditionExpression": "n = :n", "ExpressionAttributeValues": {":n": N(7)}}}])
    same(s, p, "transact_write_items", TransactItems=[
        {"Delete": {"TableName": "txn", "Key": {"pk": S("LEAD#b"), "sk": S("I#001")},
                    "ConditionExpression": "attribute_exists(pk) AND n < :n", "ExpressionAttributeValues": {":n": N(5)}}},
        {"ConditionCheck": {"TableName": "txn", "Key": {"pk": S("EMAIL#b"), "sk": S("IDENTITY")},
                            "ConditionExpression": "leadId = :l", "ExpressionAttributeValues": {":l": S("a")},
                            "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
    # malformed or refused expressions in a transaction, twice each (a failed parse is not kept)
    for expression, values in (("SET a = :a,", {":a": S("1")}), ("SET a = :a SET b = :a", {":a": S("1")}),
                               ("SET pk = :a", {":a": S("1")}), ("SET a = :missing", {":a": S("1")})):
        for _ in range(2):
            same(s, p, "transact_write_items", TransactItems=[
                {"Update": {"TableName": "txn", "Key": {"pk": S("LEAD#a"), "sk": S("ENGAGEMENT")},
                            "UpdateExpression": expression, "ExpressionAttributeValues": values}},
                {"Put": {"TableName": "txn", "Item": {"pk": S("LEAD#a"), "sk": S("X")}}}])
            same(s, p, "update_item", TableName="txn", Key={"pk": S("LEAD#a"), "sk": S("ENGAGEMENT")},
                 UpdateExpression=expression, ExpressionAttributeValues=values)
    for condition in ("attribute_not_exists(pk", "#missing = :v", "version = :missing"):
        same(s, p, "transact_write_items", TransactItems=[
            {"Put": {"TableName": "txn", "Item": {"pk": S("LEAD#z"), "sk": S("PROFILE")}, "ConditionExpression": condition,
                     "ExpressionAttributeValues": {":v": N(1)}}}])
    # items near and over the 400 KB limit, grown by maps of maps (their sizes are measured)
    big = "z" * 60000
    for i in range(8):
        same(s, p, "transact_write_items", TransactItems=[
            {"Update": {"TableName": "txn", "Key": {"pk": S("LEAD#big"), "sk": S("ENGAGEMENT")},
                        "UpdateExpression": "SET #e = :e ADD n :one", "ExpressionAttributeNames": {"#e": f"e#{i}"},
                        "ExpressionAttributeValues": {":one": N(1), ":e": {"M": {"m": {"M": {"s": S(big), "n": N(i * 1.5),
                                                                                             "l": {"L": [S("x"), {"M": {"k": N(i)}}]}}}}}}}}])
        same(s, p, "update_item", TableName="txn", Key={"pk": S("LEAD#big"), "sk": S(f"U{i % 2}")},
             UpdateExpression="SET #e = :e", ExpressionAttributeNames={"#e": f"e#{i}"},
             ExpressionAttributeValues={":e": {"M": {"s": S(big), "ss": {"SS": ["a", "bb"]}, "ns": {"NS": ["1", "22.5"]}}}})
        same(s, p, "put_item", TableName="txn", Item={"pk": S("LEAD#big"), "sk": S(f"P{i}"),
                                                      "m": {"M": {f"k{j}": {"M": {"s": S(big)}} for j in range(i + 3)}}})
    # exactly at the limit: the longest string moto as shipped accepts in a map of maps with
    # multi-byte keys, then one byte more, put and set by an update
    def nested(n, sk):
        return {"pk": S("LEAD#edge"), "sk": S(sk), "m": {"M": {"schlüssel-ä": {"M": {"wert-ö": S("z" * n), "n": N(12.5)}},
                                                              "liste": {"L": [{"M": {"ключ": S("v")}}, N(3)]}}}}
    lo, hi = 300000, 420000
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if same(s, p, "put_item", TableName="txn", Item=nested(mid, "probe"))[0] == "ok":
            lo = mid
        else:
            hi = mid
    for n in (lo - 1, lo, lo + 1):
        same(s, p, "put_item", TableName="txn", Item=nested(n, f"E{n}"))
        small = nested(0, f"F{n}")
        same(s, p, "put_item", TableName="txn", Item=small)
        same(s, p, "update_item", TableName="txn", Key={"pk": small["pk"], "sk": small["sk"]},
             UpdateExpression="SET m = :m", ExpressionAttributeValues={":m": nested(n, "x")["m"]})
    pages(s, p, "scan", TableName="txn")
    for lead in ("a", "b", "c"):
        for sk in ("PROFILE", "ENGAGEMENT"):
            same(s, p, "get_item", TableName="txn", Key={"pk": S("LEAD#" + lead), "sk": S(sk)}, ConsistentRead=True)
    assert stream_records(s, p, ss, ps, "txn") > 60, "the transactions should have written stream records"


def main():
    shipped, s, ss = start("off")
    patched, p, ps = start("on")
    try:
        key_order(s, p)
        updates(s, p)
        reads(s, p, ss, ps)
        transactions(s, p, ss, ps)
    finally:
        shipped.terminate()
        patched.terminate()
    print(f"moto_patches: {checks} requests answered alike by moto as shipped and patched")


if __name__ == "__main__":
    main()

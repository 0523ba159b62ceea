"""moto server with one request at a time.

moto's DynamoDB TransactWriteItems rolls back a failed transaction by restoring a copy of the
table taken when the transaction started. Under moto's threaded server a write that commits in
between is wiped out by that restore, which real DynamoDB never does. Serialising the requests
keeps every DynamoDB call atomic, as in AWS, while connections stay concurrent.

Before serving it applies moto_patches.py (beside this file): with one request at a time, a
transaction's snapshot covers only the items it names instead of whole tables, and stream records
and shard iterators are bounded as in DynamoDB. MOTO_PATCHES=off serves moto as shipped.

GET /moto-serialized/requests answers, as JSON, the requests served so far by operation (the
X-Amz-Target's operation, else method and path) with the seconds spent in each: load.py reads it
before and after a load to report the emulator's requests per post.

MOTO_PROFILE=FILE profiles the requests with cProfile and writes the statistics to FILE every
10 seconds (read them with `python3 -m pstats FILE`).

Usage: python3 moto_serialized.py -H 127.0.0.1 -p PORT
"""
import argparse
import cProfile
import json
import os
import signal
import sys
import threading
import time

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import moto_patches  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    patches = moto_patches.apply()
    print("moto patches: " + (", ".join(patches) or "none (MOTO_PATCHES=off)"), flush=True)

    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()
    profile_file = os.environ.get("MOTO_PROFILE")
    profiler = cProfile.Profile() if profile_file else None

    served = {}  # operation -> [requests, seconds]

    def operation(environ):
        target = environ.get("HTTP_X_AMZ_TARGET")
        if target:
            return target.rsplit(".", 1)[-1]
        return environ.get("REQUEST_METHOD", "") + " /" + environ.get("PATH_INFO", "/").lstrip("/").split("/", 1)[0]

    def serialized(environ, start_response):
        if environ.get("PATH_INFO") == "/moto-serialized/requests":
            with lock:
                body = json.dumps({op: {"requests": n, "seconds": round(t, 6)} for op, (n, t) in served.items()})
            start_response("200 OK", [("Content-Type", "application/json")])
            return [body.encode()]
        op = operation(environ)
        with lock:
            t0 = time.perf_counter()
            # Materialise the body inside the lock: moto computes it lazily in some handlers.
            try:
                if profiler is None:
                    return list(app(environ, start_response))
                profiler.enable()
                try:
                    return list(app(environ, start_response))
                finally:
                    profiler.disable()
            finally:
                entry = served.setdefault(op, [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - t0

    if profiler is not None:
        def dump():
            while True:
                time.sleep(10)
                with lock:
                    profiler.dump_stats(profile_file + ".tmp")
                os.replace(profile_file + ".tmp", profile_file)

        threading.Thread(target=dump, daemon=True).start()
    run_simple(args.host, args.port, serialized, threaded=True)


if __name__ == "__main__":
    main()

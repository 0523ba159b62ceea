"""moto server with one request at a time.

moto's DynamoDB TransactWriteItems rolls back a failed transaction by restoring a copy of the
table taken when the transaction started. Under moto's threaded server a write that commits in
between is wiped out by that restore, which real DynamoDB never does. Serialising the requests
keeps every DynamoDB call atomic, as in AWS, while connections stay concurrent.

Before serving it applies moto_patches.py (beside this file): with one request at a time, a
transaction's snapshot covers only the items it names instead of whole tables, and stream records
and shard iterators are bounded as in DynamoDB. MOTO_PATCHES=off serves moto as shipped.

MOTO_PROFILE=FILE profiles the requests with cProfile and writes the statistics to FILE every
10 seconds (read them with `python3 -m pstats FILE`).

Usage: python3 moto_serialized.py -H 127.0.0.1 -p PORT
"""
import argparse
import cProfile
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

    def serialized(environ, start_response):
        with lock:
            # Materialise the body inside the lock: moto computes it lazily in some handlers.
            if profiler is None:
                return list(app(environ, start_response))
            profiler.enable()
            try:
                return list(app(environ, start_response))
            finally:
                profiler.disable()

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

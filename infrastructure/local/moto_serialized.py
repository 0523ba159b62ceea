"""moto server with one request at a time.

moto's DynamoDB TransactWriteItems rolls back a failed transaction by restoring a copy of the
table taken when the transaction started. Under moto's threaded server a write that commits in
between is wiped out by that restore, which real DynamoDB never does. Serialising the requests
keeps every DynamoDB call atomic, as in AWS, while connections stay concurrent.

Usage: python3 moto_serialized.py -H 127.0.0.1 -p PORT
"""
import argparse
import os
import signal
import sys
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))

    app = DomainDispatcherApplication(create_backend_app)
    lock = threading.Lock()

    def serialized(environ, start_response):
        with lock:
            # Materialise the body inside the lock: moto computes it lazily in some handlers.
            return list(app(environ, start_response))

    run_simple(args.host, args.port, serialized, threaded=True)


if __name__ == "__main__":
    main()

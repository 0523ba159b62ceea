#!/usr/bin/env python3
"""Posts the HTTP API sample events of events/ to the local runner as real HTTP requests.

Each event's method, path, query, headers and body (base64-decoded when isBase64Encoded) are sent as
they would reach API Gateway; the response status, Location and body are printed. Zoom samples are
signed anew with the current time (ZOOM_WEBHOOK_SECRET_TOKEN, default the documented test secret).

Usage: infrastructure/local/post-events.py [--api http://127.0.0.1:3000] [events/form-*.json ...]
"""
import argparse
import base64
import glob
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request

SKIP_HEADERS = {"host", "content-length", "x-forwarded-for", "x-forwarded-port", "x-forwarded-proto", "x-amzn-trace-id"}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def send(api: str, path: str) -> None:
    with open(path, encoding="utf-8") as f:
        event = json.load(f)
    method = event["requestContext"]["http"]["method"]
    url = api.rstrip("/") + event["rawPath"] + ("?" + event["rawQueryString"] if event.get("rawQueryString") else "")
    body = event.get("body")
    data = None
    if body is not None:
        data = base64.b64decode(body) if event.get("isBase64Encoded") else body.encode("utf-8")
    headers = {k: v for k, v in event.get("headers", {}).items() if k not in SKIP_HEADERS}
    if "x-zm-signature" in headers and data is not None:
        # Zoom signs with the request time and refuses anything older than 5 minutes: sign anew.
        secret = os.environ.get("ZOOM_WEBHOOK_SECRET_TOKEN", "zoom-test-secret-token").encode()
        ts = str(int(time.time()))
        headers["x-zm-request-timestamp"] = ts
        headers["x-zm-signature"] = "v0=" + hmac.new(secret, b"v0:" + ts.encode() + b":" + data, hashlib.sha256).hexdigest()
    if event.get("cookies"):
        headers["cookie"] = "; ".join(event["cookies"])
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        response = opener.open(request, timeout=15)
        status, resp_headers, payload = response.status, response.headers, response.read()
    except urllib.error.HTTPError as e:
        status, resp_headers, payload = e.code, e.headers, e.read()
    print(f"{os.path.basename(path)}: {method} {event['rawPath']} -> {status}"
          + (f" Location: {resp_headers['Location']}" if resp_headers.get("Location") else ""))
    if payload:
        print("  " + payload.decode("utf-8", "replace")[:600])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--api", default="http://127.0.0.1:" + os.environ.get("PORT", "3000"))
    parser.add_argument("events", nargs="*")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    events = os.path.join(root, "events")
    files = args.events or (sorted(glob.glob(os.path.join(events, "form-*.json")))
                            + [os.path.join(events, f) for f in (
                                "webhook-zoom-url-validation.json", "webhook-zoom-registration-created.json",
                                "webhook-zoom-participant-joined.json", "webhook-google-ads-lead.json",
                                "webhook-meta-verify.json", "webhook-meta-leadgen.json",
                                "webhook-linkedin-challenge.json", "webhook-linkedin-notification.json")]
                            + sorted(glob.glob(os.path.join(events, "lead-find-*.json"))))
    for path in files:
        send(args.api, path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Contact-form load against a running `make run` (docs/benchmarks.md#local-stack-under-load).

  1. seeds SEED leads (default 2,000) through the API: one contact-form post per person,
  2. posts PEOPLE x POSTS contact forms (default 100 x 10) from CLIENTS concurrent clients (default 32)
     as a browser does: application/x-www-form-urlencoded, no Idempotency-Key; after a 5xx, a timeout
     or a refused connection the client resubmits the same post, as a user would, until it is accepted,
  3. reports posts/s, latency (p50, p99), 5xx and connection errors, the emulator's peak RSS,
  4. checks through GET /leads?email= that each person is exactly one lead holding each post exactly
     once (every post carries a unique token in its message).

Exits 1 when a check fails or a post was never accepted. Standard library only (Debian's python3).

  infrastructure/benchmarks/load.py [--api http://127.0.0.1:3000] [--seed 2000] [--people 100]
      [--posts 10] [--clients 32] [--emulator-pid PID] [--max-seconds 1800]

With the emulator of moto_serialized.py, the emulator's requests per post by operation during the load
(its /moto-serialized/requests counters, at --emulator-url or the port on the emulator's command line).

The emulator's and the runner's pids (for the emulator's peak RSS and the CPU time both use per post)
are found by their command lines (moto_serialized.py, LocalRunner) when exactly one of each runs;
else pass --emulator-pid and --runner-pid.
"""
import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

ORIGIN = "http://localhost:8080"


def percentile(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    k = min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Client:
    """One browser: a keep-alive connection, reopened after any error."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=body, headers=headers or {})
            r = self.conn.getresponse()
            data = r.read()
            if r.getheader("connection", "").lower() == "close":
                self.close()
            return r.status, data
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.request_ms = []
        self.post_ms = []
        self.status = {}
        self.errors = 0
        self.resubmits = 0
        self.rejected = []
        self.unaccepted = []

    def add(self, **kw):
        with self.lock:
            for k, v in kw.items():
                if k == "status":
                    self.status[v] = self.status.get(v, 0) + 1
                elif isinstance(getattr(self, k), list):
                    getattr(self, k).append(v)
                else:
                    setattr(self, k, getattr(self, k) + v)


def form_body(person, token):
    return urllib.parse.urlencode({
        "email": person["email"],
        "first_name": person["first"],
        "last_name": "Lasttest",
        "company": person["company"],
        "message": "Bitte um Rückruf. " + token,
    }).encode()


def post_until_accepted(client, stats, body, deadline):
    """Submits one form, resubmitting after a 5xx or a connection error; True when accepted."""
    started = time.monotonic()
    headers = {"content-type": "application/x-www-form-urlencoded", "origin": ORIGIN,
               "user-agent": "Mozilla/5.0 (load.py)", "accept": "text/html"}
    first = True
    while time.monotonic() < deadline:
        if not first:
            stats.add(resubmits=1)
            time.sleep(0.5)  # the user looks at the error page, then presses reload
        first = False
        t = time.monotonic()
        try:
            status, _ = client.request("POST", "/forms/contact", body, headers)
        except (OSError, http.client.HTTPException):
            stats.add(errors=1, request_ms=(time.monotonic() - t) * 1000)
            continue
        stats.add(status=status, request_ms=(time.monotonic() - t) * 1000)
        if status >= 500:
            continue
        if status < 400:
            stats.add(post_ms=(time.monotonic() - started) * 1000)
            return True
        stats.add(rejected=(status, body[:80]))
        return False
    return False


def run_posts(api, posts, clients, deadline, timeout):
    """posts: list of (body, label). Returns (stats, seconds)."""
    host, port = api.hostname, api.port or 80
    stats = Stats()
    queue = list(posts)
    qlock = threading.Lock()

    def worker():
        client = Client(host, port, timeout)
        while True:
            with qlock:
                if not queue:
                    break
                body, label = queue.pop()
            if not post_until_accepted(client, stats, body, deadline):
                stats.add(unaccepted=label)
        client.close()

    t0 = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return stats, time.monotonic() - t0


def find_pid(marker):
    """The one process whose command line has an argument ending in marker, else None."""
    pids = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().split(b"\0")
        except OSError:
            continue
        if any(c.endswith(marker) for c in cmd):
            pids.append(int(pid))
    return pids[0] if len(pids) == 1 else None


def emulator_url(pid):
    """http://127.0.0.1:PORT from the emulator's command line (-p PORT), else None."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = [c.decode() for c in f.read().split(b"\0")]
        return f"http://127.0.0.1:{int(cmd[cmd.index('-p') + 1])}"
    except (OSError, ValueError, IndexError, TypeError):
        return None


def emulator_requests(url):
    """The serialising wrapper's counters: operation -> (requests, seconds); None when unavailable."""
    if not url:
        return None
    u = urllib.parse.urlsplit(url)
    try:
        conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=10)
        conn.request("GET", "/moto-serialized/requests")
        r = conn.getresponse()
        data = r.read()
        conn.close()
        if r.status != 200:
            return None
        return {op: (v["requests"], v["seconds"]) for op, v in json.loads(data).items()}
    except (OSError, http.client.HTTPException, ValueError, KeyError):
        return None


STREAM_POLLING = {"GetShardIterator", "GetRecords", "DescribeStream", "ListStreams", "DescribeTable"}


def settle(url, quiet_seconds=3.0, max_seconds=120.0):
    """Waits until the emulator has served nothing but stream polling for quiet_seconds (the stream
    functions have caught up); returns the counters then, or None."""
    last = emulator_requests(url)
    if last is None:
        return None
    quiet_since = time.monotonic()
    deadline = quiet_since + max_seconds
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = emulator_requests(url)
        if now is None:
            return None
        if any(n != last.get(op, (0, 0))[0] for op, (n, _) in now.items() if op not in STREAM_POLLING):
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return now
        last = now
    return last


def report_requests(before, after, posts):
    """Requests per post by operation between two readings of the emulator's counters."""
    if before is None or after is None:
        return
    rows = []
    for op, (n, t) in after.items():
        n0, t0 = before.get(op, (0, 0.0))
        if n > n0:
            rows.append((op, n - n0, t - t0))
    rows.sort(key=lambda r: -r[2])
    total_n, total_t = sum(r[1] for r in rows), sum(r[2] for r in rows)
    print(f"  {total_n} requests ({total_n / posts:.2f} per post), "
          f"{total_t:.1f} s serving them ({total_t / posts * 1000:.1f} ms per post)")
    for op, n, t in rows:
        print(f"  {op:<28} {n:>7} {n / posts:>6.2f}/post  {t * 1000 / n:>6.2f} ms each  {t / posts * 1000:>6.2f} ms/post")


def cpu_seconds(pid):
    """User + system CPU time the process has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, TypeError):
        return None


def proc_kb(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


class RssSampler(threading.Thread):
    """Peak resident size of the emulator while the load runs (VmHWM is since the process started)."""

    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.stop = pid, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            kb = proc_kb(self.pid, "VmRSS")
            if kb:
                self.peak_kb = max(self.peak_kb, kb)
            self.stop.wait(0.5)


def report(title, stats, seconds, n):
    req = stats.request_ms
    fivexx = sum(v for k, v in stats.status.items() if k >= 500)
    accepted = len(stats.post_ms)
    print(f"## {title}")
    print(f"posts: {n}, accepted: {accepted}, rejected (4xx): {len(stats.rejected)}, "
          f"never accepted: {len(stats.unaccepted)}")
    print(f"wall: {seconds:.1f} s, {accepted / seconds:.1f} accepted posts/s")
    print(f"requests: {len(req)} (resubmits: {stats.resubmits}), status counts: "
          f"{dict(sorted(stats.status.items()))}, 5xx: {fivexx}, connection errors/timeouts: {stats.errors}")
    print(f"request latency ms: p50 {percentile(req, 50):.0f}, p90 {percentile(req, 90):.0f}, "
          f"p99 {percentile(req, 99):.0f}, max {max(req) if req else float('nan'):.0f}")
    print(f"post latency (first submit to accepted) ms: p50 {percentile(stats.post_ms, 50):.0f}, "
          f"p99 {percentile(stats.post_ms, 99):.0f}")
    for r in stats.rejected[:5]:
        print(f"  rejected: {r}")
    return fivexx


def get_json(client, path):
    for _ in range(30):
        try:
            status, data = client.request("GET", path)
            if status == 200:
                return json.loads(data)
            if status < 500:
                raise SystemExit(f"GET {path}: {status} {data[:200]!r}")
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(1)
    raise SystemExit(f"FAILED: GET {path} got no answer within 30 attempts")


def interactions_of(client, lead):
    found = list(lead.get("interactions", []))
    cursor = lead.get("interactionsCursor")
    while cursor:  # GET /leads/{id} may carry only the latest interactions and a cursor for the rest
        page = get_json(client, f"/leads/{lead['leadId']}/interactions?cursor={urllib.parse.quote(cursor)}")
        found.extend(page.get("items", page.get("interactions", [])))
        cursor = page.get("cursor", page.get("interactionsCursor", page.get("nextCursor")))
    return found


def verify(api, people, tokens):
    """Exactly one lead per person and each post's token in exactly one of its interactions."""
    client = Client(api.hostname, api.port or 80, 60)
    leads_wrong, missing, duplicated, dup_posts, foreign = [], 0, 0, 0, 0
    for p in people:
        body = get_json(client, "/leads?email=" + urllib.parse.quote(p["email"]))
        items = body.get("items", [])
        if len(items) != 1:
            leads_wrong.append((p["email"], len(items)))
        seen = {}
        for lead in items:
            for i in interactions_of(client, lead):
                msg = i.get("message") or ""
                token = msg.rsplit(" ", 1)[-1]
                seen[token] = seen.get(token, 0) + 1
        for t in tokens[p["email"]]:
            c = seen.pop(t, 0)
            missing += c == 0
            duplicated += max(0, c - 1)
            dup_posts += c > 1
        foreign += sum(seen.values())
    client.close()
    print("## Check")
    print(f"people: {len(people)}, with exactly one lead: {len(people) - len(leads_wrong)}"
          + (f", not one lead: {leads_wrong[:5]}" if leads_wrong else ""))
    n = sum(len(v) for v in tokens.values())
    print(f"posts: {n}, stored exactly once: {n - missing - dup_posts} "
          f"(missing: {missing}, stored more than once: {dup_posts} with {duplicated} extra copies, interactions without a post of this run: {foreign})")
    ok = not leads_wrong and missing == 0 and duplicated == 0 and foreign == 0
    print("RESULT: " + ("exactly one lead per person and exactly one interaction per post" if ok
                        else "FAILED: not exactly one lead per person and one interaction per post"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--api", default="http://127.0.0.1:3000")
    ap.add_argument("--seed", type=int, default=2000, help="leads to create before the load")
    ap.add_argument("--people", type=int, default=100)
    ap.add_argument("--posts", type=int, default=10, help="posts per person")
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--emulator-pid", type=int)
    ap.add_argument("--runner-pid", type=int)
    ap.add_argument("--emulator-url", help="the emulator's endpoint (default: from its command line)")
    ap.add_argument("--max-seconds", type=float, default=1800, help="give up resubmitting after this")
    ap.add_argument("--timeout", type=float, default=30, help="client timeout per request (s)")
    args = ap.parse_args()
    api = urllib.parse.urlsplit(args.api)
    run = "%x" % int(time.time())
    rnd = random.Random(11)
    pid = args.emulator_pid or find_pid(b"moto_serialized.py")
    runner = args.runner_pid or find_pid(b"io.leadcapture.local.LocalRunner")

    print("## Machine")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start, run {run}, "
          f"emulator pid {pid or 'unknown'}, runner pid {runner or 'unknown'}")
    moto_url = args.emulator_url or (emulator_url(pid) if pid else None)
    if args.seed:
        seed_requests0 = emulator_requests(moto_url)
        seed = [({"email": f"seed{i}-{run}@seed-firma-{i % 50}.de", "first": "Seed", "company": f"Seed {i} GmbH"},
                 f"seed-{run}-{i}") for i in range(args.seed)]
        stats, secs = run_posts(api, [(form_body(p, t), t) for p, t in seed], args.clients,
                                time.monotonic() + args.max_seconds, args.timeout)
        report(f"Seed: {args.seed} leads, one post each", stats, secs, args.seed)
        if seed_requests0 is not None:
            print("emulator requests during the seed:")
            report_requests(seed_requests0, emulator_requests(moto_url), args.seed)
        if stats.unaccepted:
            print("seeding did not finish; stopping")
            return 1
        print()

    people = [{"email": f"person{i}-{run}@firma-{i % 20}.de", "first": f"Person{i}", "company": f"Firma {i % 20} GmbH"}
              for i in range(args.people)]
    posts, tokens = [], {}
    for p in people:
        tokens[p["email"]] = []
        for j in range(args.posts):
            token = f"post-{run}-{p['email'].split('-')[0]}-{j}"
            tokens[p["email"]].append(token)
            posts.append((form_body(p, token), token))
    rnd.shuffle(posts)
    sampler = RssSampler(pid) if pid else None
    if sampler:
        sampler.start()
    requests0 = emulator_requests(moto_url)
    cpu0 = {name: cpu_seconds(p) for name, p in (("emulator", pid), ("runner", runner)) if p}
    stats, secs = run_posts(api, posts, args.clients, time.monotonic() + args.max_seconds, args.timeout)
    if sampler:
        sampler.stop.set()
        sampler.join()
    requests1 = emulator_requests(moto_url)
    fivexx = report(f"Load: {args.people} people x {args.posts} contact-form posts, {args.clients} clients",
                    stats, secs, len(posts))
    if sampler:
        print(f"emulator RSS: peak {sampler.peak_kb / 1024:.0f} MB during the load, now "
              f"{(proc_kb(pid, 'VmRSS') or 0) / 1024:.0f} MB, VmHWM (since start) "
              f"{(proc_kb(pid, 'VmHWM') or 0) / 1024:.0f} MB")
    for name, before in cpu0.items():
        after = cpu_seconds(pid if name == "emulator" else runner)
        if before is not None and after is not None:
            print(f"{name} CPU: {after - before:.1f} s during the load, {(after - before) / len(posts) * 1000:.0f} ms per post "
                  f"({(after - before) / secs * 100:.0f}% of one core)")
    if requests1 is not None:
        print("emulator requests during the load:")
        report_requests(requests0, requests1, len(posts))
        t_settle = time.monotonic()
        settled = settle(moto_url)
        print(f"emulator requests of the load until the stream functions caught up ({time.monotonic() - t_settle:.0f} s after the load):")
        report_requests(requests0, settled, len(posts))
    print()
    ok = verify(api, people, tokens)
    return 0 if ok and not stats.unaccepted else 1


if __name__ == "__main__":
    sys.exit(main())

"""Fault runs on the production stack, under load, each printing what it saw.

    .venv/bin/python bench/faults.py [--only postgres|redis|cold] [--articles 1000]

Same stack as bench/load.py (its own PostgreSQL database, its own Redis on
port 6390, deploy/entrypoint.sh with production settings, Varnish in front,
a task worker), with reader threads on 127.0.0.1 recording every answer
through Varnish, and an editor going through it too:

- postgres: the local PostgreSQL cluster is stopped for a few seconds and
  started again (pg_ctlcluster) while readers read and an editor publishes.
  Pages at the edge should keep coming, others be 503 for the outage, the
  editor's failed save be reported and leave nothing half-written, and every
  page be back within 5 s of the database's return. This briefly cuts every
  database of the cluster: other people's tests on the machine will notice.
- database: the same with only the stack's database refusing connections
  (ALTER DATABASE … ALLOW_CONNECTIONS false, its sessions terminated): the
  cluster and everyone else's databases are untouched.
- redis: the stack's Redis is stopped for 5 s: pages render without their
  fragments, no 500.
- cold: Varnish is restarted (empty), then 64 readers hit 20 pages at once,
  half of them sending a session cookie: each page should be rendered once.
"""

import argparse
import http.client
import re
import subprocess
import threading
import time
from collections import Counter, defaultdict
from urllib.parse import urlencode

from load import HOST, PROXY_HEADERS, Stack, get

PG_CLUSTER = ["15", "main"]
EDITOR = ("editrice-bench", "une-phrase-de-passe-du-banc-2026")


class Readers:
    """Threads reading pages in a loop; every answer is recorded with its time."""

    def __init__(self, port, paths, *, threads=12, headers=None):
        self.port, self.paths, self.threads, self.headers = port, paths, threads, headers or {}
        self.records = []  # (time, path, status or "error", X-Cache)
        self.stop = threading.Event()
        self._workers = []

    def start(self, *, limit_seconds=60):
        self.started = time.monotonic()
        self.deadline = self.started + limit_seconds
        for n in range(self.threads):
            worker = threading.Thread(target=self._read, args=(n,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def finish(self):
        self.stop.set()
        for worker in self._workers:
            worker.join(timeout=20)
        return self.records

    def _read(self, n):
        connection = None
        i = n
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
                connection.request("GET", path, headers={**PROXY_HEADERS, **self.headers})
                response = connection.getresponse()
                response.read()
                outcome = (response.status, response.getheader("X-Cache", "-"))
            except (OSError, http.client.HTTPException) as exc:
                outcome = ("error", type(exc).__name__)
                connection = None
                time.sleep(0.05)
            self.records.append((time.monotonic(), path, *outcome))


def per_second(records, start, label):
    """Print one line per second: the statuses and cache outcomes seen."""
    buckets = defaultdict(Counter)
    for moment, _path, status, cache in records:
        buckets[int(moment - start)][f"{status}/{cache}" if status == 200 else str(status)] += 1
    print(f"   {label}:")
    for second in sorted(buckets):
        counts = ", ".join(f"{key} x{count}" for key, count in sorted(buckets[second].items()))
        print(f"     t={second:3d}s  {counts}")


def pg(action):
    subprocess.run(
        [
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            *PG_CLUSTER,
            action,
            *(["-m", "fast"] if action == "stop" else []),
        ],
        check=True,
    )


def pg_ready():
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0


class Editor:
    """An editor's browser over HTTP: logs in, then runs admin actions."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers = {
            **PROXY_HEADERS,
            "Cookie": cookie,
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers={**all_headers, **(headers or {})})
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        connection.close()
        return response.status, text

    def token(self, path):
        """Return the CSRF token of the form at ``path``, asking again for up to 5 s while it fails."""
        deadline = time.monotonic() + 5
        self.form_failures = []
        while True:
            status, text = self.request("GET", path)
            found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
            if found:
                return found.group(1)
            self.form_failures.append(status)
            if time.monotonic() > deadline:
                raise RuntimeError(f"no form at {path}: HTTP {status}: {text[:300]!r}")
            time.sleep(0.2)

    def log_in(self):
        token = self.token("/admin/login/")
        body = urlencode({"csrfmiddlewaretoken": token, "username": EDITOR[0], "password": EDITOR[1]})
        status, _ = self.request("POST", "/admin/login/?next=/admin/", body)
        assert status == 302, f"editor login failed: {status}"

    def publish(self, pk, token):
        body = urlencode({"csrfmiddlewaretoken": token, "action": "publish_now", "_selected_action": pk, "index": "0"})
        return self.request("POST", "/admin/articles/article/", body)


def make_draft(stack, headline):
    out = stack.manage(
        "shell",
        "-c",
        "from articles.models import Article; "
        f"a = Article.objects.create(headline={headline!r}, slug='brouillon-banc', body='Texte.', status='draft'); "
        "print(a.pk)",
    ).stdout
    return int(out.strip().splitlines()[-1])


def status_of(stack, pk):
    out = stack.manage(
        "shell", "-c", f"from articles.models import Article; print(Article.objects.get(pk={pk}).status)"
    )
    return out.stdout.strip().splitlines()[-1]


def cluster_outage():
    """Stop the whole local PostgreSQL cluster; return the function that starts it again."""
    pg("stop")
    return lambda: pg("start")


def database_outage(stack):
    """Make only the stack's database refuse connections, dropping the open ones."""

    def psql(sql):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True, capture_output=True)

    def outage():
        psql(f'ALTER DATABASE "{stack.database}" ALLOW_CONNECTIONS false')
        psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{stack.database}'")
        return lambda: psql(f'ALTER DATABASE "{stack.database}" ALLOW_CONNECTIONS true')

    return outage


def fault_postgres(stack, paths, *, outage=cluster_outage, what="PostgreSQL stopped"):
    print(f"\n== {what} for ~3 s during load, then back")
    try:
        stack.manage("create_editor", EDITOR[0], env={"NEWSDESK_EDITOR_PASSWORD": EDITOR[1]})
    except subprocess.CalledProcessError:
        pass  # created by an earlier run in this invocation
    headline = "Dépêche publiée pendant la panne"
    draft = make_draft(stack, headline)
    editor = Editor(stack.edge_port)
    editor.log_in()
    token = editor.token("/admin/articles/article/")

    cached = Readers(stack.edge_port, ["/", paths[0]]).start()
    # Searches never asked before: they stand for the pages that need the database.
    searches = [f"/recherche/?q=mot{n}-{time.monotonic_ns()}" for n in range(40)]
    uncached = Readers(stack.edge_port, searches, threads=4).start()
    start = cached.started
    time.sleep(3)
    restore = outage()
    down_at = time.monotonic()
    time.sleep(0.5)
    save_status, save_page = editor.publish(draft, token)
    time.sleep(max(0.0, 3 - (time.monotonic() - down_at)))
    restore()
    while not pg_ready():
        time.sleep(0.1)
    back_at = time.monotonic()
    time.sleep(8)
    records = cached.finish() + uncached.finish()

    print(f"   database down at t={down_at - start:.1f}s, answering again at t={back_at - start:.1f}s")
    per_second(cached.records, start, "cached pages (latest, breaking story)")
    per_second(uncached.records, start, "uncached pages (searches)")
    statuses = Counter(r[2] for r in records)
    other_5xx = sum(n for s, n in statuses.items() if isinstance(s, int) and s >= 500 and s != 503)
    failures_after = [r[0] for r in records if r[2] != 200 and r[0] > back_at]
    recovered = (max(failures_after) - back_at) if failures_after else 0.0
    print(f"   all answers: {dict(statuses)}; 5xx other than 503: {other_5xx}")
    cached_down = [r for r in cached.records if down_at <= r[0] <= back_at]
    print(
        f"   cached pages while the database was down: {len(cached_down)} answers, "
        f"{sum(1 for r in cached_down if r[2] == 200)} of them 200"
    )
    print(f"   last failed answer {recovered:.2f}s after the database came back (target: within 5 s)")
    message = "n'a pas été enregistrée" in save_page
    print(f"   editor's publish during the outage: HTTP {save_status}, told it was not saved: {message}")
    print(f"   article status after the outage: {status_of(stack, draft)} (nothing half-written if still 'draft')")
    token = editor.token("/admin/articles/article/")
    retry_status, _ = editor.publish(draft, token)
    published_at = time.monotonic()
    seen_after = None
    while seen_after is None and time.monotonic() - published_at < 5:
        if headline in _text(stack.edge_port, "/"):
            seen_after = time.monotonic() - published_at
        else:
            time.sleep(0.05)
    seen = f"after {seen_after:.2f} s" if seen_after is not None else "not within 5 s"
    failures = f" (the form failed first: HTTP {editor.form_failures})" if editor.form_failures else ""
    print(
        f"   editor retries{failures}: HTTP {retry_status}; status now {status_of(stack, draft)}; "
        f"on the latest page {seen}"
    )


def _text(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("GET", path, headers=PROXY_HEADERS)
    return connection.getresponse().read().decode()


def fault_redis(stack, paths):
    print("\n== Redis stopped for 5 s during load, then started again")
    # Straight to gunicorn: at the edge these pages would not even reach the app.
    readers = Readers(stack.port, ["/", paths[0], *paths[1:20]]).start()
    start = readers.started
    time.sleep(3)
    stack.stop_redis()
    stopped = time.monotonic()
    time.sleep(2)
    health = get(stack.base + "/healthz", {"Host": HOST})[0]
    time.sleep(3)
    stack.start_redis()
    started = time.monotonic()
    time.sleep(5)
    records = readers.finish()
    print(
        f"   Redis stopped at t={stopped - start:.1f}s, started at t={started - start:.1f}s;"
        f" /healthz meanwhile: {health}"
    )
    per_second(records, start, "reader pages")
    statuses = Counter(r[2] for r in records)
    print(f"   all answers: {dict(statuses)}; 500s: {statuses.get(500, 0)}")


def fault_cold(stack, paths, *, readers=64):
    print(f"\n== cold edge: Varnish restarted, then {readers} readers on 20 pages at once, half with a session cookie")
    pages = ["/", "/?page=2", "/?page=3", "/?page=4", "/?page=5", *paths[:15]]
    stack.stop_varnish()
    stack.start_varnish()
    barrier = threading.Barrier(readers)
    seen = []

    def read(n):
        connection = http.client.HTTPConnection("127.0.0.1", stack.edge_port, timeout=30)
        # Half the readers send a session cookie left from some visit: they are
        # served the same cached pages, rendered once for everyone.
        headers = {**PROXY_HEADERS, **({"Cookie": f"sessionid={'0' * 31}{n % 10}"} if n % 2 else {})}
        barrier.wait()
        deadline = time.monotonic() + 3
        i = n
        while time.monotonic() < deadline:
            path = pages[i % len(pages)]
            i += 1
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            seen.append((path, response.status, response.getheader("X-Cache")))

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    renders = Counter(path for path, _, outcome in seen if outcome == "miss")
    outcomes = Counter(outcome for _, _, outcome in seen)
    statuses = Counter(status for _, status, _ in seen)
    print(f"   {len(seen)} requests in 3 s: statuses {dict(statuses)}, cache outcomes {dict(outcomes)}")
    print(f"   renders per page: {sorted(renders.values())} (target: one each for {len(pages)} pages)")
    most = renders.most_common(1)[0] if renders else None
    print(f"   pages rendered more than once: {[p for p, n in renders.items() if n > 1] or 'none'}; max {most}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only",
        choices=["postgres", "database", "redis", "cold"],
        help="postgres stops the whole local cluster; database only makes the bench's database refuse connections",
    )
    parser.add_argument("--articles", type=int, default=1000)
    options = parser.parse_args()
    stack = Stack(database="newsdesk_bench_faults").up(articles=options.articles)
    try:
        paths = stack.article_paths(60)
        for path in ("/", paths[0]):
            get(stack.edge_base + path, PROXY_HEADERS)
        if options.only in (None, "cold"):
            fault_cold(stack, paths)
        if options.only in (None, "redis"):
            fault_redis(stack, paths)
        if options.only in (None, "database"):
            fault_postgres(
                stack, paths, outage=database_outage(stack), what="the stack's database refusing connections"
            )
        if options.only in (None, "postgres"):
            fault_postgres(stack, paths)
    finally:
        if not pg_ready():
            pg("start")
        stack.down()


if __name__ == "__main__":
    main()

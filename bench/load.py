"""Production load benchmark: one command, the production stack on this machine, wrk side by side.

    .venv/bin/python bench/load.py [--articles 3000] [--duration 60] [--connections 64]

Starts what compose runs: PostgreSQL (the local cluster, a database of its
own), a Redis of its own on port 6390, deploy/entrypoint.sh (migrate, then
gunicorn with deploy/gunicorn.conf.py and production settings), a task worker,
and Varnish with deploy/varnish/default.vcl in front of gunicorn; beside them
the same code with the fragment cache off (bench/settings_uncached.py), for
what a render costs. Loads a few thousand articles, then measures with wrk,
one after the other:

- hello: a bare Django view through the same middleware (bench/urls.py),
  straight to gunicorn;
- static: Varnish serving a body of the cached article page's size that it
  keeps with no keys (what a static file costs at the edge: the limit here);
- cached latest page and cached article page, through Varnish;
- breaking story through Varnish: 64 readers on "/", 20 article pages, a tag
  page and a search, half of them sending a session cookie, while an editor
  process publishes an update and a new toll every 2 s (one transaction each);
  it counts the renders (X-Cache: miss) per edit, and the editor measures the
  seconds from each commit to the new text at the edge;
- uncached article page (200 different articles) and uncached latest page,
  on the uncached server; the article page rendered with its story fragment
  warm (production settings, straight to gunicorn): what a page costs after
  a purge.

Prints requests/s, ratios to hello and to static, latency, errors and
non-2xx, CPU per request by process kind, and the RSS of each gunicorn
worker, and checks them against issue 20's targets (bench/README.md has the
figures). All traffic goes to 127.0.0.1 and every run is bounded in time.
"""

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HOST = "newsdesk.bench"
PROXY_HEADERS = {"Host": HOST, "X-Forwarded-Proto": "https"}
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_PORT = int(os.environ.get("BENCH_REDIS_PORT", "6390"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """The production stack for a benchmark: its own database, Redis and gunicorn."""

    def __init__(self, *, database=None, workers=None, threads=None):
        self.database = database or os.environ.get("BENCH_DATABASE", "newsdesk_bench_prod")
        self.threads = threads
        self.database_url = f"{PG_URL}/{self.database}"
        self.redis_url = f"redis://127.0.0.1:{REDIS_PORT}/0"
        self.port = free_port()
        self.workers = workers
        self.redis = None
        self.server = None
        self.servers = []
        self.logs = []
        self.uncached_base = None
        self.edge = None
        self.edge_port = free_port()
        self.worker = None
        self.static = Path(tempfile.mkdtemp(prefix="newsdesk-bench-static-"))
        OUT.mkdir(parents=True, exist_ok=True)

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def edge_base(self):
        return f"http://127.0.0.1:{self.edge_port}"

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NEWSDESK_", "GUNICORN_"))}
        env.update(
            {
                "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
                "DJANGO_DEBUG": "false",
                "DJANGO_SECRET_KEY": "bench-only-" + "k" * 50,
                "DJANGO_ALLOWED_HOSTS": HOST,
                "DATABASE_URL": self.database_url,
                "REDIS_URL": self.redis_url,
                "DJANGO_STATIC_ROOT": str(self.static),
                "DJANGO_SETTINGS_MODULE": "bench.settings",
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                # The access log would cost the server as much as the pages: off for the figures.
                "GUNICORN_ACCESSLOG": os.environ.get("BENCH_ACCESSLOG", ""),
                "DJANGO_LOG_LEVEL": "WARNING",
                "NEWSDESK_EDGE_PURGE_URLS": f"http://127.0.0.1:{self.edge_port}/",
            }
        )
        if self.workers:
            env["GUNICORN_WORKERS"] = str(self.workers)
        if self.threads:
            env["GUNICORN_THREADS"] = str(self.threads)
        env.update(extra)
        return env

    def manage(self, *args, stdin=None, env=None):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**(env or {})),
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )

    def start_redis(self):
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--maxmemory",
                "256mb",
                "--maxmemory-policy",
                "allkeys-lru",
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(50):
            if subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True).returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("the bench Redis did not start")

    def start_varnish(self):
        """Start varnishd with the project's VCL in front of the production gunicorn (empty, as after a restart)."""
        self.edge_dir = workdir = Path(tempfile.mkdtemp(prefix="newsdesk-bench-varnish-"))
        (workdir / "backend.vcl").write_text(f'backend app {{ .host = "127.0.0.1"; .port = "{self.port}"; }}\n')
        vcl = ROOT / "deploy" / "varnish"
        command = ["varnishd", "-F", "-a", f"127.0.0.1:{self.edge_port}", "-f", str(vcl / "default.vcl")]
        command += ["-p", f"vcl_path={workdir}:{vcl}", "-n", str(workdir / "n"), "-s", "malloc,256m"]
        command += ["-j", "none"] if os.geteuid() == 0 else []
        log = open(OUT / "varnish.log", "a")
        self.logs.append(log)
        self.edge = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(100):
            if get(self.edge_base + "/healthz", PROXY_HEADERS)[0] == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("the bench Varnish did not start; see bench/out/varnish.log")

    def stop_varnish(self):
        if self.edge and self.edge.poll() is None:
            self.edge.terminate()
            self.edge.wait(timeout=30)
        shutil.rmtree(self.edge_dir, ignore_errors=True)

    def start_worker(self):
        """Start the task worker (it retries the purges an edge did not confirm)."""
        log = open(OUT / "worker.log", "w")
        self.logs.append(log)
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.5"],
            cwd=ROOT,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def stop_redis(self):
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            self.redis.wait(timeout=10)

    def create_database(self):
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{self.database}"')

    def drop_database(self):
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')

    def start_server(self, *, settings="bench.settings", port=None):
        """Run the container's entrypoint (migrate, then gunicorn); return (process, base URL) once /healthz is 200."""
        port = port or self.port
        log = open(OUT / f"gunicorn-{settings.rsplit('.', 1)[-1]}.log", "w")
        self.logs.append(log)
        env = self.env(DJANGO_SETTINGS_MODULE=settings, GUNICORN_BIND=f"127.0.0.1:{port}")
        server = subprocess.Popen(
            ["sh", "deploy/entrypoint.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        self.servers.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {log.name}")
            if get(base + "/healthz", {"Host": HOST})[0] == 200:
                return server, base
            time.sleep(0.5)
        raise RuntimeError("gunicorn did not become healthy")

    def stop_server(self):
        for server in self.servers:
            if server.poll() is None:
                server.terminate()
                server.wait(timeout=30)

    def up(self, *, articles):
        print(
            f"== stack: PostgreSQL {self.database}, Redis :{REDIS_PORT}, gunicorn :{self.port},"
            f" Varnish :{self.edge_port}",
            flush=True,
        )
        self.create_database()
        self.start_redis()
        self.manage("collectstatic", "--no-input", "--verbosity", "0")
        self.manage("migrate", "--no-input", "--verbosity", "0")
        started = time.monotonic()
        self.manage("shell", "-c", LOAD_ARTICLES.replace("COUNT", str(articles)))
        print(f"   loaded {articles} articles in {time.monotonic() - started:.1f}s", flush=True)
        self.server, _ = self.start_server()
        _, self.uncached_base = self.start_server(settings="bench.settings_uncached", port=free_port())
        self.start_varnish()
        self.start_worker()
        return self

    def down(self):
        self.stop_varnish()
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()
            self.worker.wait(timeout=30)
        self.stop_server()
        self.stop_redis()
        self.drop_database()
        shutil.rmtree(self.static, ignore_errors=True)

    def worker_rss_mb(self):
        """Return {pid: RSS in MB} of the production server's gunicorn workers (the master's children)."""
        master = self.server.pid
        rss = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{master}$", text, re.MULTILINE):
                kb = int(re.search(r"^VmRSS:\s+(\d+)", text, re.MULTILINE).group(1))
                rss[int(status.parent.name)] = kb / 1024
        return rss

    def first_tag_path(self, pk):
        """Return the URL of the first tag of article ``pk``."""
        out = self.manage(
            "shell",
            "-c",
            f"from articles.models import Article; print(Article.objects.get(pk={pk}).tag_list()[0].slug)",
        ).stdout
        return f"/tag/{out.strip().splitlines()[-1]}/"

    def start_editor(self, pk, duration):
        """Start the desk's edits of article ``pk`` for ``duration`` seconds, in a process of its own."""
        code = EDITOR_LOOP.replace("STORY_PK", str(pk)).replace("DURATION", str(duration))
        code = code.replace("EDGE", self.edge_base).replace("HOST", HOST)
        return subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def article_paths(self, count):
        """Return the canonical paths of ``count`` published articles, newest first."""
        out = self.manage(
            "shell",
            "-c",
            "import json; from articles.models import Article; "
            f"print(json.dumps([a.get_absolute_url() for a in Article.objects.published().newest_first()[:{count}]]))",
        ).stdout
        return json.loads(out.strip().splitlines()[-1])


# Run inside `manage.py shell` with production settings: articles in bulk,
# as an agency backlog would be, with tags, quotes and tolls on some.
LOAD_ARTICLES = """
import random
from datetime import timedelta
from django.db import connection
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from articles.models import Article, CasualtyFigure, Quote, Source

random.seed(7)
now = timezone.now()
places = ["Paris", "Ankara", "Bruxelles", "Kiev", "Beyrouth", "Dakar", "Washington", "Pékin", "Madrid", "Gaza"]
words = ("le gouvernement a annoncé mardi de nouvelles mesures après les affrontements qui ont fait "
         "plusieurs victimes selon un bilan provisoire des autorités locales citées par l'agence").split()
sources = Source.objects.bulk_create(
    [Source(name=f"Porte-parole {i}", role="porte-parole du ministère", slug=f"porte-parole-{i}") for i in range(50)]
)
tags = [Tag.objects.create(name=name, slug=slugify(name)) for name in
        ["Syrie", "Turquie", "Otan", "Ukraine", "Économie", "Climat", "Santé", "Élections", "Sport", "Culture"]]
rows = []
for i in range(COUNT):
    paragraphs = "".join(
        "<p>" + " ".join(random.choice(words) for _ in range(60)).capitalize() + ".</p>" for _ in range(6)
    )
    headline = f"{random.choice(places)} : " + " ".join(random.choice(words) for _ in range(9))
    rows.append(Article(
        headline=headline[:300], slug=slugify(headline)[:200] or "depeche", body=paragraphs,
        standfirst="" if i % 3 else "Ce qu'il faut retenir de la journée.", dateline=random.choice(places),
        agency="AFP", status="published", published_at=now - timedelta(minutes=i), urgency=random.randint(1, 8),
    ))
articles = Article.objects.bulk_create(rows, batch_size=500)
Through = Article.tags.through
Through.objects.bulk_create(
    [Through(content_object=a, tag=t) for a in articles for t in random.sample(tags, 2)], batch_size=1000
)
Quote.objects.bulk_create(
    [Quote(article=a, source=random.choice(sources), text="Nous suivons la situation heure par heure",
           context="a-t-il déclaré", featured=True) for a in articles[::2]], batch_size=1000
)
CasualtyFigure.objects.bulk_create(
    [CasualtyFigure(article=a, count=random.randint(2, 400), qualifier="at_least", victims="civils",
                    victim_category="civilians", source=random.choice(sources)) for a in articles[::4]],
    batch_size=1000,
)
# bulk_create skips Article.save(): store the teasers as saving them would
# (and as `manage.py fill_teasers` does once on an upgraded database).
from django.core.management import call_command
call_command("fill_teasers")
call_command("rebuild_search_index", verbosity=0)
# Planner statistics, as a production database has them: without them the
# first minutes of the run would measure sequential scans autovacuum has not
# yet had time to replace.
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
"""


def cpu_seconds():
    """Return CPU seconds used so far, by process kind and for the whole machine.

    Read from /proc before and after each wrk run, so the report can say
    where a request's machine time goes: gunicorn, Varnish, PostgreSQL, Redis, wrk,
    and the kernel's share (softirq, the loopback network) that no process
    is charged for.
    """
    tick = os.sysconf("SC_CLK_TCK")
    kinds = {"gunicorn": 0.0, "varnish": 0.0, "postgres": 0.0, "redis": 0.0, "wrk": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        # utime + stime, and cutime + cstime: what its reaped children used
        # (gunicorn recycles workers, PostgreSQL's backends come and go).
        used = sum(int(n) for n in fields[11:15]) / tick
        if comm == "wrk":
            kinds["wrk"] += used
        elif comm in ("varnishd", "cache-main") or comm.startswith("cache-"):
            kinds["varnish"] += used
        elif comm.startswith("redis-server"):
            kinds["redis"] += used
        elif comm == "postgres" or comm.startswith("postgres:"):
            kinds["postgres"] += used
        elif b"gunicorn" in cmdline:
            kinds["gunicorn"] += used
    with open("/proc/stat") as handle:
        cpu = [int(n) for n in handle.readline().split()[1:]]
    # user nice system idle iowait irq softirq steal
    kinds["machine"] = (sum(cpu[:8]) - cpu[3] - cpu[4]) / tick
    kinds["softirq"] = cpu[6] / tick
    # Time the cores sat idle (or waiting on the disk), and time the
    # hypervisor gave to other machines: neither is this run's work.
    kinds["idle"] = (cpu[3] + cpu[4]) / tick
    kinds["steal"] = cpu[7] / tick
    return kinds


def get(url, headers=None):
    """Return (status, headers) of a GET, any status."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers
    except OSError:
        return None, {}


# The requests are formatted once per wrk thread, not once per request: the
# load generator's own work shares the cores with the server it measures.
# With cookies, every other request sends a session cookie of its own.
WRK_ROTATE = """
paths = {%(paths)s}
cookies = %(cookies)s
requests = {}
counter = 0
init = function(args)
  for i, path in ipairs(paths) do
    if cookies then
      requests[2 * i - 1] = wrk.format(nil, path)
      requests[2 * i] = wrk.format(nil, path, {["Cookie"] = "sessionid=bench-reader-" .. i})
    else
      requests[i] = wrk.format(nil, path)
    end
  end
end
request = function()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end
"""

# For the breaking-story mix only (a response() callback costs wrk time): the
# edge's outcome of every response (a miss is a render), counted per thread and read in done().
WRK_COUNT_MISSES = """
misses = 0
responses = 0
threads = {}
setup = function(thread)
  table.insert(threads, thread)
end
response = function(status, headers, body)
  responses = responses + 1
  if headers["X-Cache"] == "miss" then
    misses = misses + 1
  end
end
done = function(summary, latency, requests)
  local total_misses, total = 0, 0
  for _, thread in ipairs(threads) do
    total_misses = total_misses + thread:get("misses")
    total = total + thread:get("responses")
  end
  io.write(string.format("edge misses: %d of %d\\n", total_misses, total))
end
"""


def wrk(url, *, duration, connections, headers=None, rotate=None, mix=None):
    """Run wrk against ``url``; return its figures as a dict.

    ``rotate``: paths requested in turn; ``mix``: the same with every other
    request sending a session cookie, counting the edge's misses.
    """
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in {**PROXY_HEADERS, **(headers or {})}.items():
        command += ["-H", f"{name}: {value}"]
    script = None
    if rotate or mix:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        paths = ", ".join(f'"{path}"' for path in (mix or rotate))
        script.write(WRK_ROTATE % {"paths": paths, "cookies": "true" if mix else "false"})
        if mix:
            script.write(WRK_COUNT_MISSES)
        script.close()
        command += ["-s", script.name]
    started = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = subprocess.run(command + [url], capture_output=True, text=True, timeout=duration + 60).stdout
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    if script:
        os.unlink(script.name)
    figures = parse_wrk(output)
    figures["wrk_cpu_s"] = (ended.ru_utime + ended.ru_stime) - (started.ru_utime + started.ru_stime)
    return figures


def _ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def parse_wrk(output):
    figures = {"raw": output}
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket_errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    misses = re.search(r"edge misses: (\d+) of (\d+)", output)
    figures["misses"] = int(misses.group(1)) if misses else None
    for label in ("50", "99"):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)", output, re.MULTILINE)
        figures[f"p{label}_ms"] = _ms(*match.groups()) if match else None
    return figures


# Run inside `manage.py shell` beside the readers: the desk updates the lead
# story and revises its toll every 2 s, each edit one transaction (as the
# admin saves an article with its inlines); after each commit it asks the edge
# for the story until the new standfirst is there, and records how long it took.
EDITOR_LOOP = """
import time
import urllib.request
from django.db import transaction
from django.utils import timezone
from articles.models import Article, CasualtyFigure, Source
story = Article.objects.get(pk=STORY_PK)
source = Source.objects.order_by("pk").first()
previous = story.casualty_figures.order_by("-id").first()
count = previous.count if previous else 10
edits, delays = 0, []
end = time.monotonic() + DURATION
page = urllib.request.Request("EDGE" + story.get_absolute_url(), headers={"Host": "HOST", "X-Forwarded-Proto": "https"})
while time.monotonic() < end:
    tick = time.monotonic()
    count += 3
    standfirst = f"Nouveau bilan : au moins {count} civils tués, selon les autorités locales."
    with transaction.atomic():
        story.standfirst = standfirst
        story.updated_at = timezone.now()
        story.save()
        previous = CasualtyFigure.objects.create(
            article=story, count=count, qualifier="at_least", victims="civils", victim_category="civilians",
            source=source, supersedes=previous,
        )
    committed = time.monotonic()
    while time.monotonic() - committed < 10:
        with urllib.request.urlopen(page, timeout=10) as response:
            if f"au moins {count} civils" in response.read().decode():
                delays.append(time.monotonic() - committed)
                break
        time.sleep(0.01)
    edits += 1
    time.sleep(max(0.0, 2 - (time.monotonic() - tick)))
print("EDITS", edits)
print("DELAYS", " ".join(f"{d:.3f}" for d in delays))
"""

PAGES = ("static", "latest", "article", "breaking", "uncached", "uncached-latest", "rerender")


def page_size(url):
    """Return the size in bytes of the body at ``url``."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=PROXY_HEADERS), timeout=10) as response:
        return len(response.read())


def run_one(stack, options, name, url, extra):
    """Run wrk for one page (and the editor beside it for the breaking story); return its figures."""
    print(f"== wrk {options.connections} connections, {options.duration}s: {name}", flush=True)
    editor = stack.start_editor(extra["editor"], options.duration) if "editor" in extra else None
    before = cpu_seconds()
    figures = wrk(
        url,
        duration=options.duration,
        connections=options.connections,
        rotate=extra.get("rotate"),
        mix=extra.get("mix"),
    )
    after = cpu_seconds()
    if editor:
        out, _ = editor.communicate(timeout=180)
        edits = re.search(r"EDITS (\d+)", out or "")
        figures["edits"] = int(edits.group(1)) if edits else 0
        delays = re.search(r"DELAYS ([\d. ]*)", out or "")
        figures["delays"] = sorted(float(d) for d in delays.group(1).split()) if delays else []
        if not edits:
            print("   the editor failed:\n" + (out or "")[-2000:], flush=True)
    after["wrk"] = before["wrk"] + figures["wrk_cpu_s"]  # wrk has exited: its time is our child's
    figures["cpu_ms"] = {k: (after[k] - before[k]) * 1000 / max(figures["requests"], 1) for k in after}
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--duration", type=int, default=60, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: its config)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: its config)")
    parser.add_argument(
        "--pages",
        type=lambda text: [name for name in text.split(",") if name and name != "hello"],
        default=list(PAGES),
        help=f"pages measured after hello, comma-separated: {','.join(PAGES)} (the default: all)",
    )
    options = parser.parse_args()
    unknown = set(options.pages) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")

    stack = Stack(workers=options.workers, threads=options.threads)
    try:
        stack.up(articles=options.articles)
        paths = stack.article_paths(200)
        story = paths[0]
        story_pk = int(story.split("/")[2])
        tag = stack.first_tag_path(story_pk)
        edge = stack.edge_base
        breaking = ["/", *paths[:20], tag, "/recherche/?q=bilan"]
        for path in breaking:  # a reader has already been there: the page is at the edge
            status = get(edge + path, PROXY_HEADERS)[0]
            if status != 200:
                raise RuntimeError(f"{path} answers {status}, not 200: the mix would measure errors")
        assert get(edge + story, PROXY_HEADERS)[1].get("X-Cache") == "hit"
        kb = round(page_size(edge + story) / 1024)
        get(edge + f"/bench/hello?kb={kb}&edge=1", PROXY_HEADERS)
        load_before = os.getloadavg()
        runs = {
            "hello": ("hello (bare Django view, gunicorn)", stack.base + "/bench/hello", {}),
            "static": (f"static at the edge ({kb} KB, no keys)", edge + f"/bench/hello?kb={kb}&edge=1", {}),
            "latest": ("latest, at the edge", edge + "/", {}),
            "article": ("article, at the edge", edge + story, {}),
            "breaking": (
                "breaking story at the edge (edits every 2 s)",
                edge + "/",
                {"mix": breaking, "editor": story_pk},
            ),
            "uncached": ("article, uncached (200 articles)", stack.uncached_base + story, {"rotate": paths}),
            "uncached-latest": ("latest, uncached", stack.uncached_base + "/", {}),
            "rerender": ("article re-rendered, fragments warm (200)", stack.base + story, {"rotate": paths}),
        }
        results = []
        for key in ["hello", *options.pages]:
            name, url, extra = runs[key]
            figures = run_one(stack, options, name, url, extra)
            figures["key"] = key
            if key == "breaking":
                figures["bound"] = len(breaking)
            results.append((name, figures))
            (OUT / f"wrk-{len(results)}.txt").write_text(figures["raw"])
        rss = stack.worker_rss_mb()
        report(results, rss, load_before, os.getloadavg(), options)
    finally:
        stack.down()


def report(results, rss, load_before, load_after, options):
    by_key = {f["key"]: f for _, f in results}
    hello = by_key["hello"]["rps"]
    static = by_key["static"]["rps"] if "static" in by_key else None
    print()
    columns = ("req/s", "x hello", "x static", "p50 ms", "p99 ms", "errors", "non-2xx")
    print(f"{'page':48} " + " ".join(f"{column:>9}" for column in columns))
    for name, f in results:
        versus_static = f"{f['rps'] / static:9.2f}" if static else f"{'-':>9}"
        print(
            f"{name:48} {f['rps']:9.0f} {f['rps'] / hello:9.2f} {versus_static} {f['p50_ms']:9.1f} {f['p99_ms']:9.1f} "
            f"{f['socket_errors']:9d} {f['non_2xx']:9d}"
        )
    print()
    print(
        "machine time per request (CPU ms, from /proc; all processes of a kind, wrk's 2 threads included;"
        " idle and steal: the cores' time not spent on this machine's work):"
    )
    kinds = ("gunicorn", "varnish", "postgres", "redis", "wrk", "softirq", "machine", "idle", "steal")
    print(f"{'page':48} " + " ".join(f"{k:>9}" for k in kinds))
    for name, f in results:
        print(f"{name:48} " + " ".join(f"{f['cpu_ms'][k]:9.3f}" for k in kinds))
    print()
    print("gunicorn worker RSS (MB): " + ", ".join(f"{mb:.0f}" for mb in sorted(rss.values())))
    print(f"load average before/after: {load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} cores")
    print("note: wrk runs on the same 2 cores as Varnish, gunicorn, PostgreSQL and Redis.")
    for text, ok in checks(by_key, hello, static, options):
        print(("PASS " if ok else "MISS ") + text)


def checks(by_key, hello, static, options):
    """Return (text, met) for each of issue 20's targets that this run measured."""
    found = []
    for key in ("latest", "article"):
        if key in by_key:
            ratio = by_key[key]["rps"] / hello
            found.append((f"{key} at the edge >= 5 x hello: {ratio:.1f}", ratio >= 5))
            if static:
                ratio = by_key[key]["rps"] / static
                found.append((f"{key} at the edge >= 0.7 x static: {ratio:.2f}", ratio >= 0.7))
    if "breaking" in by_key:
        f = by_key["breaking"]
        found.append((f"breaking story: {f['rps'] / hello:.1f} x hello", True))
        found.append((f"breaking story p99 <= 50 ms: {f['p99_ms']:.1f}", f["p99_ms"] <= 50))
        slowest = max(f["delays"], default=float("inf"))
        median = f["delays"][len(f["delays"]) // 2] if f["delays"] else float("inf")
        found.append(
            (
                f"commit to new page at the edge <= 1 s: median {median:.3f} s, slowest {slowest:.3f} s"
                f" ({len(f['delays'])} of {f['edits']} edits seen)",
                slowest <= 1 and len(f["delays"]) == f["edits"],
            )
        )
        per_edit = (f["misses"] or 0) / max(f["edits"], 1)
        found.append(
            (
                f"renders per edit <= {f['bound']} (the pages of the mix showing the story): "
                f"{per_edit:.1f} ({f['misses']} renders, {f['edits']} edits)",
                per_edit <= f["bound"],
            )
        )
    errors = sum(f["socket_errors"] + f["non_2xx"] for f in by_key.values())
    found.append(
        (f"0 errors and 0 non-2xx at {options.connections} connections for {options.duration}s: {errors}", errors == 0)
    )
    return found


if __name__ == "__main__":
    main()

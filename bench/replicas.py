"""Searches on a read replica: their latency under a read load, and where the database work goes.

    .venv/bin/python bench/replicas.py [--articles 10000] [--duration 20] [--connections 16]

Makes a PostgreSQL primary and its streaming hot standby on free ports
(tests/pgcluster.py, Debian's PostgreSQL 15 binaries; the machine's own cluster
is not touched), loads bench/load.py's generated dispatches through the
primary (with their search index), then serves the app with gunicorn and production settings (page
cache off: every search is run) twice, one after the other:

- primary: no replica, every search runs on the primary;
- replica: DATABASE_REPLICA_URLS names the standby, searches run there.

Each run is wrk with N connections rotating over searches from a common word
to one that finds nothing. Printed side by side: requests/s, p50/p95/p99, errors, and the CPU
the primary's and the standby's PostgreSQL processes used per search (from
/proc): with a replica, the primary's share should fall to nothing.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import LOAD_ARTICLES, PROXY_HEADERS, WRK_ROTATE, parse_wrk  # noqa: E402
from tests.pgcluster import StreamingPair, missing_binaries  # noqa: E402
from tests.support import free_port, production_env, run_manage, stop, wait_for_http  # noqa: E402

# wrk prints p95 only when asked, in microseconds.
WRK_P95 = """
done = function(summary, latency, requests)
  io.write(string.format("p95 %d\\n", latency:percentile(95)))
end
"""


def postgres_cpu(data_directory):
    """Return the CPU seconds used so far by the server in ``data_directory``: its postmaster and its backends."""
    postmaster = int((data_directory / "postmaster.pid").read_text().split()[0])
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        pid = int(stat.parent.name)
        fields = text[text.rindex(")") + 2 :].split()
        if pid == postmaster or int(fields[1]) == postmaster:
            total += sum(int(n) for n in fields[11:15]) / tick
    return total


# Readers' searches over bench/load.py's vocabulary: common words, two words, a
# phrase, an exclusion, a place, a word no dispatch holds.
SEARCHES = [
    "bilan",
    "gouvernement",
    "victimes autorités",
    '"bilan provisoire"',
    "affrontements -mardi",
    "Dakar",
    "mesures annoncé",
    "zzyzxq",
]


def search_paths():
    from urllib.parse import quote

    return [f"/recherche/?q={quote(text)}" for text in SEARCHES]


def wrk(url, paths, *, duration, connections):
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(WRK_ROTATE % {"paths": ", ".join(f'"{p}"' for p in paths), "cookies": "false"} + WRK_P95)
    script.close()
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", "-s", script.name]
    for name, value in PROXY_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=duration + 60).stdout
    os.unlink(script.name)
    figures = parse_wrk(output)
    p95 = re.search(r"^p95 (\d+)", output, re.MULTILINE)
    figures["p95_ms"] = int(p95.group(1)) / 1000 if p95 else None
    return figures


def serve(env):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "newsdesk.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_http(f"http://127.0.0.1:{port}/healthz", headers=PROXY_HEADERS, timeout=60, process=process)
    return port, process


def measure(pair, env, paths, options):
    port, server = serve(env)
    try:
        url = f"http://127.0.0.1:{port}"
        wrk(url, paths, duration=3, connections=options.connections)  # warm the pools and caches
        before = {side: postgres_cpu(directory) for side, directory in pair_dirs(pair).items()}
        figures = wrk(url, paths, duration=options.duration, connections=options.connections)
        after = {side: postgres_cpu(directory) for side, directory in pair_dirs(pair).items()}
    finally:
        stop(server)
    requests = max(figures["requests"], 1)
    for side in before:
        figures[f"{side}_cpu_ms"] = (after[side] - before[side]) * 1000 / requests
    return figures


def pair_dirs(pair):
    return {"primary": pair.primary_dir, "standby": pair.standby_dir}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--duration", type=int, default=20, help="seconds per wrk run (default 20)")
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if missing := missing_binaries():
        raise SystemExit(f"bench/replicas.py needs Debian's PostgreSQL 15 binaries; missing: {', '.join(missing)}")
    pair = StreamingPair().start()
    try:
        pair.query("primary", "CREATE DATABASE newsdesk")
        static_root = Path(tempfile.mkdtemp(prefix="newsdesk-bench-static-"))
        env = production_env(
            DATABASE_URL=pair.url("primary", "newsdesk"),
            DJANGO_STATIC_ROOT=static_root,
            DJANGO_ALLOWED_HOSTS=PROXY_HEADERS["Host"],
            GUNICORN_WORKERS=2,
        )
        began = time.monotonic()
        run_manage("migrate", "--no-input", "--verbosity", "0", env=env)
        script = LOAD_ARTICLES.replace("COUNT", str(options.articles))
        command = [sys.executable, "manage.py", "shell", "-c", script]
        subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=1800)
        run_manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
        pair.query("primary", "ANALYZE", database="newsdesk")
        pair.wait_replayed()
        print(f"archive of {options.articles} articles loaded and indexed in {time.monotonic() - began:.0f} s")
        paths = search_paths()
        load = os.getloadavg()[0]
        results = {
            "primary": measure(pair, env, paths, options),
            "replica": measure(pair, {**env, "DATABASE_REPLICA_URLS": pair.url("standby", "newsdesk")}, paths, options),
        }
    finally:
        pair.stop()
    print(
        f"\n{len(paths)} searches in turn, wrk -c{options.connections} -d{options.duration}s, "
        f"load average {load:.2f} → {os.getloadavg()[0]:.2f}"
    )
    print(
        f"{'searches on':<12} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>7} "
        f"{'primary CPU ms/search':>22} {'standby CPU ms/search':>22}"
    )
    for name, figures in results.items():
        errors = figures["socket_errors"] + figures["non_2xx"]
        print(
            f"{name:<12} {figures['rps']:>7.0f} {figures['p50_ms']:>7.1f} {figures['p95_ms']:>7.1f} "
            f"{figures['p99_ms']:>7.1f} {errors:>7} "
            f"{figures['primary_cpu_ms']:>22.2f} {figures['standby_cpu_ms']:>22.2f}"
        )


if __name__ == "__main__":
    main()

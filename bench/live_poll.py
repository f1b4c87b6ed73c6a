"""Live polling benchmark: what one poll costs the origin, beside the coverage page, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> REDIS_URL=redis://127.0.0.1:6379/<n> \\
        .venv/bin/python bench/live_poll.py [--entries 200] [--runs 300]

It migrates the database, makes a live coverage of ``--entries`` entries once
(kept between runs), then calls, through the whole middleware stack (Django's
test client, no network), each kind of request ``--runs`` times and prints the
median wall time and the CPU per request, and their ratio to an unchanged poll
(a 304). From the 304's CPU it prints what N readers polling at the server's
interval cost the origin with no cache in front (each reader's poll reaches
Django) and with one (one origin request per poll URL every POLL_MAX_AGE s).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
SLUG = "bench-direct"


def coverage_with(entries):
    from live.models import LiveCoverage, LiveEntry

    coverage, _ = LiveCoverage.objects.get_or_create(
        slug=SLUG, defaults={"title": "Banc d'essai en direct", "status": LiveCoverage.Status.LIVE}
    )
    have = coverage.entries.count()
    LiveEntry.objects.bulk_create(
        LiveEntry(coverage=coverage, text=f"<p>Entrée {n} : la situation évolue heure par heure.</p>")
        for n in range(have, entries)
    )
    coverage.touch()
    return coverage


def measure(call, runs):
    """Return (median wall seconds, mean CPU seconds) of ``runs`` calls."""
    walls = []
    cpu_start = time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        call()
        walls.append(time.perf_counter() - start)
    return statistics.median(walls), (time.process_time() - cpu_start) / runs


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=200)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--readers", type=int, default=1000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from live.views import POLL_MAX_AGE

    call_command("migrate", verbosity=0)
    settings.ALLOWED_HOSTS = ["*"]
    coverage = coverage_with(args.entries)
    newest = coverage.entries.order_by("-id").values_list("pk", flat=True).first()
    client = Client()
    poll = f"/direct/{SLUG}/entrees?after={newest}"
    poll_one = f"/direct/{SLUG}/entrees?after={newest - 1}"
    etag = client.get(poll)["ETag"]
    page = coverage.get_absolute_url()

    cases = {
        "poll, unchanged (304)": lambda: client.get(poll, headers={"If-None-Match": etag}),
        "poll, nothing new (200)": lambda: client.get(poll),
        "poll, one new entry (200)": lambda: client.get(poll_one),
        # The app keeps no page (Varnish does, bench/load.py): every request renders.
        "page, uncached": lambda: client.get(page),
    }
    client.get(page)
    results = {name: measure(call, args.runs) for name, call in cases.items()}
    base_cpu = results["poll, unchanged (304)"][1]
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{args.entries} entries, {args.runs} runs each, {engine}")
    print(f"{'request':28} {'median ms':>10} {'CPU ms':>8} {'CPU × 304':>10}")
    for name, (wall, cpu) in results.items():
        print(f"{name:28} {wall * 1000:10.2f} {cpu * 1000:8.2f} {cpu / base_cpu:10.1f}")
    interval = settings.NEWSDESK_LIVE_POLL_SECONDS or 15
    rate = args.readers / interval
    print(
        f"\n{args.readers} readers polling every {interval} s: {rate:.0f} polls/s; with no cache in front they cost "
        f"{rate * base_cpu:.2f} CPU s/s (mostly 304s); with a shared cache in front (max-age {POLL_MAX_AGE} s), "
        f"about {1 / POLL_MAX_AGE:.1f} origin requests/s per poll URL."
    )


if __name__ == "__main__":
    main()

"""Work off the request path: editors' saves and the import with the extraction assistant in the worker, vs inline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_queue .venv/bin/python bench/worker.py

Prints, side by side in one run:

- an editor's first save after start (a fresh process: the form loaded, then
  the save timed) and the p50/p95 of the next ``--saves`` saves, with CPU per
  save: now (the save queues the suggestions) vs before (the assistant ran in
  the request after commit, as the app did until the queue: the first save
  loaded spaCy);
- ingest items/s of ``-n`` generated ninjs items: now (suggestions and the
  chunk's search indexing queued for the worker) vs before (both inline after
  each chunk, spaCy loaded beforehand);
- the worker's dispatches/s: the single-article suggestion tasks the saves
  queued, then the ingest's chunk tasks (with articles/s), run by
  django-tasks-db's Worker loop, spaCy warmed first as ``manage.py worker``
  does.

"Before" is rebuilt by swapping receivers in this script only: extraction's
``copy_saved`` receiver for one that suggests on commit, and search's
``LARGE`` for infinity. The app has no such switch.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

BODY = (
    "<p>Au moins 29 soldats turcs ont été tués jeudi dans une frappe aérienne, selon un nouveau bilan "
    "des autorités turques.</p><p>« Nous répondrons avec la plus grande fermeté », a déclaré le président "
    "Recep Tayyip Erdogan à Ankara.</p>"
)


def inline_assistant():
    """Make suggestions and search indexing run inline after each commit, as before the queue (bench only)."""
    from django.db import transaction

    from articles.signals import copy_saved
    from extraction.suggest import suggest_for_articles
    from search import signals as search_signals

    def suggest_on_commit(sender, article_ids, **kwargs):
        from articles.models import Article

        ids = [pk for pk in article_ids if pk]
        transaction.on_commit(
            lambda: suggest_for_articles(Article.objects.filter(pk__in=ids).only("pk", "standfirst", "body"))
        )

    copy_saved.disconnect(dispatch_uid="extraction_ask_for_suggestions")
    copy_saved.connect(suggest_on_commit, weak=False, dispatch_uid="bench_inline")
    search_signals.LARGE = float("inf")


def form_data(number):
    """Return the admin add form's data for one draft, inlines empty."""
    data = {
        "headline": f"Frappe meurtrière près de la frontière, bilan {number}",
        "slug": f"frappe-{number}",
        "standfirst": "",
        "body": BODY,
        "dateline": "Ankara",
        "agency": "AFP",
        "language": "fr",
        "tags": "Turquie",
        "status": "draft",
        "urgency": "5",
        "published_at_0": "",
        "published_at_1": "",
        "updated_at_0": "",
        "updated_at_1": "",
        "correction": "",
    }
    for prefix in ("quotes", "casualty_figures"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        data.update({f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def child_saves(mode, saves):
    """In a fresh process: load the add form, time the first save, then ``saves`` more; print JSON."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from bench.ingest import backend_cpu

    if mode == "before":
        inline_assistant()
    user, _created = get_user_model().objects.get_or_create(username="bench-editrice", defaults={"is_superuser": True})
    user.is_superuser = user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    form = client.get("/admin/articles/article/add/")
    assert form.status_code == 200
    stamp = int(time.time() * 1000) % 10**9
    walls, cpus, servers = [], [], []
    for number in range(saves + 1):
        started, started_cpu, started_server = time.perf_counter(), time.process_time(), backend_cpu(connection)
        response = client.post("/admin/articles/article/add/", form_data(f"{mode}-{stamp}-{number}"))
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
        if started_server is not None:
            servers.append(backend_cpu(connection) - started_server)
        assert response.status_code == 302, response.content.decode()[-3000:]
    rest = sorted(walls[1:])
    print(
        json.dumps(
            {
                "first": walls[0],
                "first_cpu": cpus[0],
                "p50": statistics.median(rest),
                "p95": rest[int(0.95 * (len(rest) - 1))],
                "cpu": statistics.mean(cpus[1:]),
                "server": statistics.mean(servers[1:]) if servers else None,
                "spacy": "spacy" in sys.modules,
            }
        )
    )


def saves_in_a_fresh_process(mode, saves):
    result = subprocess.run(
        [sys.executable, __file__, "--child-saves", mode, "--saves", str(saves)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode:
        sys.exit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def drain():
    """Run every queued task with django-tasks-db's Worker; return (tasks run, seconds, CPU seconds)."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
    )
    started, started_cpu = time.perf_counter(), time.process_time()
    worker.run()
    return worker._run_tasks, time.perf_counter() - started, time.process_time() - started_cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--items", type=int, default=1000)
    parser.add_argument("--saves", type=int, default=60)
    parser.add_argument("--child-saves", choices=["now", "before"])
    options = parser.parse_args()
    if options.child_saves:
        return child_saves(options.child_saves, options.saves)
    from bench.ingest import ensure_database, ninjs_items

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        ensure_database()
    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from articles.ingest.importer import IngestOptions, ingest_files, wire_user
    from articles.models import Article
    from extraction.models import Suggestion
    from newsdesk.management.commands.worker import warm_up

    for name in ("django_tasks_db", "django.tasks"):
        logging.getLogger(name).setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    Article.objects.all().delete()
    DBTaskResult.objects.all().delete()

    # Saves: each mode in its own fresh process, "now" first (its queued tasks are drained below).
    now_saves = saves_in_a_fresh_process("now", options.saves)
    queued = DBTaskResult.objects.filter(status="READY").count()
    warm_started = time.perf_counter()
    warm_up()
    warm = time.perf_counter() - warm_started
    suggestion_tasks, suggestion_seconds, suggestion_cpu = drain()
    assert Suggestion.objects.exists() and suggestion_tasks == queued
    before_saves = saves_in_a_fresh_process("before", options.saves)

    # Ingest: now (queued), then the worker; then before (inline), each with fresh items.
    user = wire_user()
    files = ninjs_items(options.items, run=int(time.time()))
    started, started_cpu = time.perf_counter(), time.process_time()
    report = ingest_files(files, IngestOptions(user=user))
    ingest_now, ingest_now_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    assert report.counts["created"] == options.items, report.summary()
    chunk_tasks = DBTaskResult.objects.filter(status="READY").count()
    chunk_run, chunk_seconds, chunk_cpu = drain()
    inline_assistant()
    files = ninjs_items(options.items, run=int(time.time()) + 1)
    started, started_cpu = time.perf_counter(), time.process_time()
    report = ingest_files(files, IngestOptions(user=user))
    ingest_before, ingest_before_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    assert report.counts["created"] == options.items, report.summary()

    n = options.items
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); load average {os.getloadavg()[0]:.2f}")
    print(f"{'':44} {'now (queue)':>22} {'before (inline)':>22} {'ratio':>7}")

    def row(label, now, before, unit, fmt="{:.0f}"):
        ratio = before / now if now else float("inf")
        print(f"{label:44} {fmt.format(now) + ' ' + unit:>22} {fmt.format(before) + ' ' + unit:>22} {ratio:6.1f}x")

    ms = 1000
    row("first save after start (wall)", now_saves["first"] * ms, before_saves["first"] * ms, "ms")
    row("first save after start (app CPU)", now_saves["first_cpu"] * ms, before_saves["first_cpu"] * ms, "ms")
    row(f"save p50 (next {options.saves})", now_saves["p50"] * ms, before_saves["p50"] * ms, "ms", "{:.1f}")
    row(f"save p95 (next {options.saves})", now_saves["p95"] * ms, before_saves["p95"] * ms, "ms", "{:.1f}")
    row("save app CPU, mean", now_saves["cpu"] * ms, before_saves["cpu"] * ms, "ms", "{:.1f}")
    if now_saves["server"] is not None:
        row("save database CPU, mean", now_saves["server"] * ms, before_saves["server"] * ms, "ms", "{:.1f}")
    print(f"{'spaCy imported by the saving process':44} {now_saves['spacy']!s:>22} {before_saves['spacy']!s:>22}")
    ingest_line = f"ingest of {n} items (items/s)"
    print(
        f"{ingest_line:44} {n / ingest_now:>16.0f} it/s {n / ingest_before:>16.0f} it/s "
        f"{ingest_before / ingest_now:6.1f}x"
    )
    row("ingest CPU per item (importer process)", ingest_now_cpu / n * ms, ingest_before_cpu / n * ms, "ms", "{:.2f}")
    print()
    print(f"worker: warm-up (spaCy) {warm:.1f} s, once per process")
    print(
        f"worker: {suggestion_tasks} single-article suggestion tasks (one per save) in {suggestion_seconds:.2f} s: "
        f"{suggestion_tasks / suggestion_seconds:.0f} dispatches/s, "
        f"{suggestion_cpu / suggestion_tasks * ms:.1f} ms CPU each"
    )
    print(
        f"worker: {chunk_run} ingest tasks ({chunk_tasks} queued: suggestions and search indexing per chunk) in "
        f"{chunk_seconds:.2f} s: {chunk_run / chunk_seconds:.1f} dispatches/s, {n / chunk_seconds:.0f} articles/s "
        f"({chunk_cpu / n * ms:.2f} ms CPU per article)"
    )
    print(
        f"import + worker, end to end: {n / (ingest_now + chunk_seconds):.0f} items/s "
        f"(before: {n / ingest_before:.0f} items/s)"
    )
    Article.objects.all().delete()
    DBTaskResult.objects.all().delete()


if __name__ == "__main__":
    main()

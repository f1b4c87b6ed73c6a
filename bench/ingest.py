"""Ingest benchmark: generated ninjs items into the database, against a bulk_create ceiling.

Run on PostgreSQL (the figure the issue asks for):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsdesk_bench_wire REDIS_URL=redis://127.0.0.1:6379/0 \
        .venv/bin/python bench/ingest.py

It creates the database when missing, migrates it, empties the articles,
imports N items through the real importer (a transaction per chunk of 200
items, a savepoint per item, tags, admin history, and the other apps' signal
receivers: page-cache invalidation and search indexing), runs it again (all
unchanged), imports a fresh set with those receivers disconnected (the
importer's own cost, a diagnostic), imports a fresh set with --record-tolls (each
item's toll read by the assistant and recorded, dated by the agency), then stores the same rows with one plain
``bulk_create`` and prints the rates and their ratios to that ceiling.
REDIS_URL makes the page cache write to Redis, as in production.
"""

import argparse
import json
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

SUBJECTS = ["Syrie", "Turquie", "Otan", "Diplomatie", "Défense", "Économie", "Santé", "Climat", "Élections", "Sport"]
PARAGRAPH = (
    "Au moins 29 soldats turcs ont été tués jeudi dans une frappe aérienne attribuée au régime syrien, "
    "selon un nouveau bilan des autorités turques, après un premier bilan moins lourd."
)


def ninjs_items(count, run):
    """Return ``count`` generated ninjs 3 items as (name, bytes), each its own file.

    Each holds one sourced toll ("au moins 29 soldats turcs … selon un nouveau
    bilan des autorités turques"): what --record-tolls records.
    """
    files = []
    for n in range(count):
        item = {
            "uri": f"urn:newsdesk:bench:{run}:{n}",
            "version": "1",
            "type": "text",
            "versionCreated": "2026-11-27T10:00:00Z",
            "language": "fr",
            "urgency": 1 + n % 9,
            "headlines": [{"role": "main", "value": f"Dépêche de test numéro {n} sur la situation"}],
            "descriptions": [{"role": "summary", "value": "Un chapeau court."}],
            "bodies": [{"role": "main", "contentType": "text/html", "value": f"<p>{PARAGRAPH}</p>" * 6}],
            "located": "Ankara",
            "by": "Service international",
            "infoSources": [{"name": "AFP"}],
            "subjects": [{"name": SUBJECTS[n % 10]}, {"name": SUBJECTS[(n * 7 + 3) % 10]}],
        }
        files.append((f"item-{n}.json", json.dumps(item, ensure_ascii=False).encode()))
    return files


@contextmanager
def without_model_signals():
    """Disconnect every save/delete/m2m receiver for the duration (diagnostic only)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

    signals = (pre_save, post_save, post_delete, m2m_changed)
    saved = [(signal, signal.receivers[:]) for signal in signals]
    for signal in signals:
        signal.receivers.clear()
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved:
            signal.receivers[:] = receivers
            signal.sender_receivers_cache.clear()


def backend_cpu(connection):
    """Return the CPU seconds used so far by this connection's PostgreSQL backend, or None.

    Read from /proc, so only for a server on this machine: with the client's
    own CPU time it gives a cost per item that does not move with the load.
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields of the whole line.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ensure_database():
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    dsn = f"host={config['HOST']} port={config['PORT'] or 5432} user={config['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{config["NAME"]}"')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--items", type=int, default=3000)
    options = parser.parse_args()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from taggit.models import TaggedItem

    from articles.ingest.formats import parse
    from articles.ingest.importer import IngestOptions, ingest_files, wire_user, wire_values
    from articles.models import Article

    call_command("migrate", verbosity=0)
    user = wire_user()
    Article.objects.all().delete()
    files = ninjs_items(options.items, run=int(time.time()))

    timings = {}

    cpu = {}

    server_cpu = {}

    def timed(label, function):
        started, started_cpu, started_server = time.perf_counter(), time.process_time(), backend_cpu(connection)
        result = function()
        timings[label] = time.perf_counter() - started
        cpu[label] = time.process_time() - started_cpu
        if started_server is not None:
            server_cpu[label] = backend_cpu(connection) - started_server
        return result

    report = timed("ingest", lambda: ingest_files(files, IngestOptions(user=user)))
    assert report.counts["created"] == options.items, report.summary()
    again = timed("rerun", lambda: ingest_files(files, IngestOptions(user=user)))
    assert again.counts["unchanged"] == options.items, again.summary()
    alone_files = ninjs_items(options.items, run=int(time.time()) + 1)
    with without_model_signals():
        alone = timed("alone", lambda: ingest_files(alone_files, IngestOptions(user=user)))
    assert alone.counts["created"] == options.items, alone.summary()
    record_files = ninjs_items(options.items, run=int(time.time()) + 2)
    recorded = timed("record", lambda: ingest_files(record_files, IngestOptions(user=user, record_tolls=True)))
    assert recorded.counts["created"] == options.items, recorded.summary()
    assert recorded.tolls_recorded == options.items, recorded.summary()

    # The ceiling: the same article rows, parsed and sanitised the same way,
    # stored with one bulk_create and no tags, history or per-item transaction.
    Article.objects.all().delete()
    TaggedItem.objects.all().delete()

    def bulk():
        rows = []
        for _name, data in files:
            (item,) = parse(data)
            rows.append(Article(**wire_values(item), wire_id=item.wire_id, wire_version=item.version, slug="bench"))
        Article.objects.bulk_create(rows, batch_size=500)

    with without_model_signals():
        timed("bulk", bulk)
    Article.objects.all().delete()

    rates = {label: options.items / seconds for label, seconds in timings.items()}
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), {options.items} ninjs items")
    lines = [
        ("ingest", "ingest, full pipeline (what editors get)"),
        ("rerun", "re-run of the same files, all unchanged"),
        ("alone", "ingest, other apps' receivers disconnected"),
        ("record", "ingest with --record-tolls (one toll an item)"),
        ("bulk", "bulk_create ceiling (same rows, no tags/history)"),
    ]
    for label, text in lines:
        ratio = rates[label] / rates["bulk"]
        backend = f", its database backend's: {server_cpu[label] / options.items * 1000:.2f}" if server_cpu else ""
        print(
            f"{text:<50} {timings[label]:7.2f} s {rates[label]:7.0f} items/s  {ratio:5.2f} x ceiling"
            f"  (CPU per item, this process's: {cpu[label] / options.items * 1000:.2f} ms{backend} ms)"
        )
    print(f"recording tolls costs {rates['ingest'] / rates['record']:.2f} x the time of an ingest without it")
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

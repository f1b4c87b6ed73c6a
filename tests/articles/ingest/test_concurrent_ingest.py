"""Two ingests of the same files at once (PostgreSQL): no deadlock, no failure, every article indexed by the worker."""

import threading

import pytest
from django.db import connection, connections

from articles.ingest.importer import IngestOptions, ingest_files, wire_user
from articles.models import Article
from tests.articles.ingest.items import ninjs
from tests.support import run_queued_tasks

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ITEMS = 450  # three chunks
THEMES = ["Syrie", "Turquie", "Ukraine", "Climat", "Élections", "Santé", "Économie", "Sport"]


def wire_files():
    """Return items that share tags and words, so that both runs want the same rows."""
    return [
        (
            f"{n:04}.json",
            ninjs(
                f"urn:concurrent:{n}",
                subjects=[{"name": THEMES[n % 8]}, {"name": THEMES[(n * 3 + 1) % 8]}, {"name": f"Dossier {n % 50}"}],
                headlines=[{"role": "main", "value": f"Dépêche {n} : bilan, réactions et suites"}],
            ),
        )
        for n in range(ITEMS)
    ]


def test_two_ingests_of_the_same_files_at_once_import_and_index_every_item_once():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlocks are PostgreSQL's")
    files = wire_files()
    user = wire_user()
    reports, errors = [], []

    def run(batch):
        try:
            reports.append(ingest_files(batch, IngestOptions(user=user)))
        except Exception as error:  # the assertion below names it
            errors.append(error)
        finally:
            connections.close_all()

    # One run reads the files backwards: the orders in which they lock rows cross.
    threads = [threading.Thread(target=run, args=(files,)), threading.Thread(target=run, args=(files[::-1],))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)

    assert not errors, errors
    assert len(reports) == 2
    problems = [result for report in reports for result in report.problems]
    assert not problems, problems[:5]
    assert sum(report.counts["created"] for report in reports) == ITEMS
    assert Article.objects.count() == ITEMS
    # Each chunk's search indexing was queued with it: the worker indexes every item.
    run_queued_tasks()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_document WHERE document @@ plainto_tsquery('french', 'bilan')")
        assert cursor.fetchone()[0] == ITEMS
        cursor.execute("SELECT count(*) FROM search_document WHERE cardinality(tags) = 3")
        assert cursor.fetchone()[0] == ITEMS

"""A real ingest process killed halfway (SIGKILL), then run again: every item once."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import connection

from articles.models import Article
from tests.articles.ingest.items import ninjs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ROOT = Path(__file__).resolve().parents[3]  # the checkout, where manage.py is
ITEMS = 600


def ingest_command(folder):
    """Return the command line and environment of an ingest into this test database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url}
    return [sys.executable, "manage.py", "ingest", str(folder)], env


def test_ingest_killed_halfway_then_run_again_imports_every_item_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the ingest process must see the test database")
    for n in range(ITEMS):
        (tmp_path / f"{n:05}.json").write_bytes(ninjs(f"urn:kill:{n}"))
    command, env = ingest_command(tmp_path)

    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while Article.objects.count() < 30:
            assert process.poll() is None, "the ingest ended before it could be killed"
            assert time.monotonic() < deadline, "the ingest did not start"
            time.sleep(0.01)
    finally:
        process.kill()
        process.wait()
    killed_at = Article.objects.count()
    assert killed_at < ITEMS

    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert rerun.returncode == 0, rerun.stderr
    assert Article.objects.count() == ITEMS
    assert Article.objects.values("wire_id").distinct().count() == ITEMS
    assert LogEntry.objects.filter(action_flag=ADDITION).count() == ITEMS  # each import recorded once

"""The task queue: a task commits with the edit that queued it, fails into bounded retries, a real worker runs it."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from newsdesk.tasks import background
from tests.support import ROOT, queued_tasks, run_queued_tasks

# What the test tasks below did, in this process (run_queued_tasks runs them here).
RUNS = []
GAVE_UP = []


def note_gave_up(label, *, fail_until):
    GAVE_UP.append(label)


@background(attempts=3, first_delay=60, gave_up=note_gave_up)
def flaky(label, *, fail_until):
    """Fail on the first ``fail_until`` runs of ``label``, then succeed."""
    RUNS.append(label)
    if RUNS.count(label) <= fail_until:
        raise RuntimeError(f"{label}: the agency's server did not answer")
    return RUNS.count(label)


@pytest.fixture(autouse=True)
def _fresh_runs():
    RUNS.clear()
    GAVE_UP.clear()


def make_due(task_path):
    """Bring the retries waiting for later to now (the backoff is minutes long)."""
    DBTaskResult.objects.filter(task_path=task_path, status="READY").update(run_after=timezone.now())


def test_a_task_queued_in_an_edit_that_rolls_back_is_gone_with_it(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        flaky.enqueue("annulé", fail_until=0)
        raise RuntimeError("the edit failed")
    assert not queued_tasks().exists()
    flaky.enqueue("gardé", fail_until=0)
    assert run_queued_tasks() == 1
    assert RUNS == ["gardé"]


def test_a_failing_task_runs_again_later_with_a_growing_delay_then_succeeds(db):
    flaky.enqueue("photo", fail_until=2)
    assert run_queued_tasks(failures_allowed=True) == 1
    (retry,) = queued_tasks("tests.tasks.test_queue.flaky")
    # Not due yet: a batch run leaves it for later.
    assert timedelta(seconds=50) < retry.run_after - timezone.now() <= timedelta(seconds=60)
    assert retry.args_kwargs["kwargs"] == {"fail_until": 2, "attempt": 2}
    assert run_queued_tasks(failures_allowed=True) == 0
    make_due("tests.tasks.test_queue.flaky")
    assert run_queued_tasks(failures_allowed=True) == 1
    (retry,) = queued_tasks("tests.tasks.test_queue.flaky")
    assert timedelta(seconds=110) < retry.run_after - timezone.now() <= timedelta(seconds=120)
    make_due("tests.tasks.test_queue.flaky")
    assert run_queued_tasks() == 1
    assert RUNS == ["photo"] * 3
    assert DBTaskResult.objects.successful().get().return_value == 3
    assert DBTaskResult.objects.failed().count() == 2
    assert GAVE_UP == []


def test_a_task_that_keeps_failing_gives_up_after_its_attempts_and_says_so(db, caplog):
    flaky.enqueue("fil", fail_until=10)
    for _attempt in range(3):
        make_due("tests.tasks.test_queue.flaky")
        run_queued_tasks(failures_allowed=True)
    assert RUNS == ["fil"] * 3
    assert not queued_tasks().exists()
    assert GAVE_UP == ["fil"]
    assert "failed 3 times; giving up" in caplog.text
    last = DBTaskResult.objects.failed().order_by("-enqueued_at").first()
    assert "the agency's server did not answer" in last.traceback


def worker_env(heartbeat):
    """The environment of a worker process on this test's database (its rows committed: a transactional test)."""
    settings = connection.settings_dict
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + settings["NAME"]
    env = {**os.environ, "DATABASE_URL": url, "NEWSDESK_WORKER_HEARTBEAT": str(heartbeat), "PYTHONUNBUFFERED": "1"}
    env.pop("REDIS_URL", None)
    return env


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_process_makes_the_suggestions_of_an_admin_save_and_its_loop_beats(client, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("a second process shares the test database on PostgreSQL (SQLite: test_reader_paths.py)")
    from extraction.models import Preparation
    from tests.articles.admin_forms import add_article
    from tests.factories import UserFactory

    heartbeat = tmp_path / "worker.heartbeat"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--interval", "0.2"],
        cwd=ROOT,
        env=worker_env(heartbeat),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        client.force_login(UserFactory(username="editrice", group="Éditeurs"))
        body = "<p>« Nos héros ne seront pas oubliés », a déclaré le président Recep Tayyip Erdogan à Ankara.</p>"
        article = add_article(client, headline="Attaque contre un poste frontalier", slug="poste", body=body)
        deadline = time.monotonic() + 120
        while not article.suggestions.exists() and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.3)
        assert article.suggestions.filter(kind="quote").count() == 1
        assert not Preparation.objects.exists()
        # The loop keeps turning while idle: the health check's file stays fresh.
        time.sleep(6)
        assert time.time() - heartbeat.stat().st_mtime < 6
        check = subprocess.run(
            [sys.executable, "deploy/heartbeat_healthcheck.py", str(heartbeat), "30"], cwd=ROOT, capture_output=True
        )
        assert check.returncode == 0, check.stderr
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0]
    assert worker.returncode == 0, output[-2000:]
    assert "warmed up extraction" in output


def test_the_health_check_fails_when_the_worker_loop_stopped_turning(tmp_path):
    heartbeat = tmp_path / "worker.heartbeat"
    command = [sys.executable, "deploy/heartbeat_healthcheck.py", str(heartbeat), "30"]
    missing = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert missing.returncode == 1 and "has not started" in missing.stderr
    heartbeat.touch()
    os.utime(heartbeat, (time.time() - 120, time.time() - 120))
    stale = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert stale.returncode == 1 and "last turned 120 s ago" in stale.stderr

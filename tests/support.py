"""Helpers the tests share: the tests' Redis, an unreachable one, production environments and servers.

REDIS_URL_FOR_TESTS names a Redis database that holds nothing else (the suite
clears it before every test); without it the caches are this process's memory.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL_FOR_TESTS = os.environ.get("REDIS_URL_FOR_TESTS", "").strip()


def redis_caches(url):
    """Return a CACHES setting with both aliases on the Redis at ``url``, as production has them."""
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk-tests",
            "OPTIONS": options,
        },
        "fragments": {
            "BACKEND": "newsdesk.cache.FragmentCache",
            "LOCATION": url,
            "KEY_PREFIX": "newsdesk-tests-fragments",
            "OPTIONS": options,
        },
    }


def free_port():
    """Return a TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_redis_caches():
    """Return a CACHES setting whose Redis does not answer (nothing listens on its port), as when it is down."""
    port = free_port()
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
        "fragments": {
            "BACKEND": "newsdesk.cache.FragmentCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }


def production_env(**overrides):
    """Return an environment with the production settings a container would have."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "NEWSDESK_", "GUNICORN_")) and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        {
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "tests-only-" + "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "newsdesk.test,127.0.0.1",
            # The tests play the proxy from the loopback, as Caddy does from the compose network.
            "NEWSDESK_TRUSTED_PROXIES": "127.0.0.1",
            "PYTHONUNBUFFERED": "1",
            # The image puts its virtualenv first on PATH; so does this.
            "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]),
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def wait_for_http(url, *, headers=None, timeout=30, process=None):
    """Return the first response from ``url`` (any status), polling until ``timeout``."""
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before answering")
        try:
            request = urllib.request.Request(url, headers=headers or {})
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(process):
    """Stop a server started by a test, and return what it printed."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stdout.read() if process.stdout else ""


def run_manage(*args, env):
    """Run ``manage.py args`` with ``env``; return the finished process, checked."""
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=120
    )


def run_queued_tasks(*, failures_allowed=False):
    """Run every task queued and due, as the worker would, in this process; return how many ran.

    django-tasks-db's own Worker, in batch mode: it stops once the queue is
    empty. A task that failed fails the test (with its traceback) unless
    ``failures_allowed``; its retries, due later, stay queued.
    """
    from unittest import mock

    from django.db import connection
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    failed_before = set(DBTaskResult.objects.failed().values_list("pk", flat=True))
    worker = db_worker.Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
    )
    if connection.in_atomic_block:
        # The test's own transaction (pytest-django's ``db``) holds its rows: the worker's
        # "drop stale connections" would close it, as Django's TestCase keeps requests from doing.
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            worker.run()
    else:
        worker.run()
    if not failures_allowed:
        failed = DBTaskResult.objects.failed().exclude(pk__in=failed_before)
        assert not failed, "\n".join(f"{task.task_path}: {task.traceback}" for task in failed)
    return worker._run_tasks


def queued_tasks(path=None):
    """Return the tasks waiting in the queue (ready, or due later), of the task at ``path`` when given."""
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.filter(status="READY")
    return tasks.filter(task_path=path) if path else tasks

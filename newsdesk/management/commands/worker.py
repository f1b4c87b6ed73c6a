"""Run the task worker: django-tasks-db's db_worker, warmed up first, with a heartbeat for health checks.

    python manage.py worker                # takes tasks until SIGTERM (the compose `worker` service)
    python manage.py worker --batch        # runs what is queued, then exits

Before taking tasks it calls every app's ``warm_up()`` (extraction loads
spaCy's model), once: no task pays for a model load. While its loop turns it
touches a heartbeat file (``--heartbeat``); deploy/heartbeat_healthcheck.py
reports the container unhealthy when that file grows old.
"""

import logging
import os
import tempfile
import time
from pathlib import Path

from django.apps import apps
from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

DEFAULT_HEARTBEAT = Path(tempfile.gettempdir()) / "newsdesk-worker.heartbeat"
# Seconds between two touches of the heartbeat file, at most.
BEAT_EVERY = 5


class TurningWorker(db_worker.Worker):
    """db_worker's Worker, touching a heartbeat file each time its loop turns (and around each task)."""

    def __init__(self, *, heartbeat, **options):
        self.heartbeat = Path(heartbeat)
        self.last_beat = 0.0
        super().__init__(**options)

    def beat(self):
        now = time.monotonic()
        if now - self.last_beat >= BEAT_EVERY:
            self.heartbeat.touch()
            self.last_beat = now

    # The loop reads ``running`` once per turn: the one place db_worker lets us see it turn.
    @property
    def running(self):
        self.beat()
        return self._running

    @running.setter
    def running(self, value):
        self._running = value

    def run_task(self, db_task_result):
        self.last_beat = 0.0
        self.beat()
        try:
            super().run_task(db_task_result)
        finally:
            self.last_beat = 0.0
            self.beat()


def warm_up():
    """Call each installed app's ``warm_up()``; one that fails is logged and the worker goes on."""
    for config in apps.get_app_configs():
        if hasattr(config, "warm_up"):
            started = time.monotonic()
            try:
                config.warm_up()
            except Exception:
                logger.exception("warming up %s failed; its tasks will load what they need", config.label)
            else:
                logger.info("warmed up %s in %.1f s", config.label, time.monotonic() - started)


class Command(db_worker.Command):
    help = "Run the task worker (db_worker), after loading what tasks need once (spaCy's model)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--heartbeat",
            default=os.environ.get("NEWSDESK_WORKER_HEARTBEAT") or str(DEFAULT_HEARTBEAT),
            help="File touched while the worker loop turns (default: %(default)s).",
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, heartbeat, **options):
        self.configure_logging(verbosity)
        warm_up()
        worker = TurningWorker(
            heartbeat=heartbeat,
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        worker.configure_signals()
        worker.run()

"""Background work: django.tasks tasks that, when they fail, run again later, a bounded number of times.

    @background()
    def make_renditions(image_id):
        ...                       # idempotent: a retry does the whole job again

    make_renditions.enqueue(image.pk)   # inside the edit's transaction: it commits with it

The queue is a database table (django-tasks-db): a task enqueued inside a
transaction is committed with it or not at all, and waits there while no
worker runs. django.tasks has no retries of its own: a failing task here
logs why, enqueues itself again to run after a growing delay (10 s, 20 s,
40 s…), and gives up after ``attempts`` runs, calling ``gave_up`` with its
arguments. Its failed run stays in the table for the operator to read.
"""

import functools
import logging
from datetime import timedelta

from django.tasks import task
from django.utils import timezone

logger = logging.getLogger(__name__)

ATTEMPTS = 5
FIRST_DELAY = 10  # seconds; doubled at each new attempt


def background(*, attempts=ATTEMPTS, first_delay=FIRST_DELAY, gave_up=None, **options):
    """Return a decorator making a function a django.tasks Task retried with backoff when it raises.

    ``options`` go to django.tasks' ``task()`` (priority, queue_name…). The
    function must be idempotent, and its arguments JSON: a retry runs it
    again with the same ones.
    """

    def decorate(function):
        @functools.wraps(function)
        def run(*args, attempt=1, **kwargs):
            try:
                return function(*args, **kwargs)
            except Exception:
                name = function.__qualname__
                if attempt >= attempts:
                    logger.exception("task %s failed %d times; giving up", name, attempt)
                    if gave_up is not None:
                        gave_up(*args, **kwargs)
                    raise
                delay = first_delay * 2 ** (attempt - 1)
                logger.warning("task %s failed (attempt %d of %d); again in %d s", name, attempt, attempts, delay)
                later = queued.using(run_after=timezone.now() + timedelta(seconds=delay))
                later.enqueue(*args, attempt=attempt + 1, **kwargs)
                raise

        queued = task(**options)(run)
        return queued

    return decorate

"""Get the database ready before gunicorn starts: wait for it, then migrate.

Run by entrypoint.sh. Several web containers may start together (compose
--scale web=3): a PostgreSQL advisory lock lets one migrate while the others
wait, and they then find nothing left to do.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection  # noqa: E402

WAIT_SECONDS = int(os.environ.get("NEWSDESK_DB_WAIT_SECONDS", "60"))
MIGRATION_LOCK = 7_461_329  # any constant shared by every web container


def wait_for_database():
    """Return once the database answers, or exit after WAIT_SECONDS."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            connection.ensure_connection()
            return
        except OperationalError as exc:
            if time.monotonic() > deadline:
                sys.exit(f"prestart: database still unreachable after {WAIT_SECONDS}s: {exc}")
            print("prestart: waiting for the database…", flush=True)
            time.sleep(1)


def migrate():
    if connection.vendor != "postgresql":
        call_command("migrate", interactive=False, verbosity=1)
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
        try:
            call_command("migrate", interactive=False, verbosity=1)
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


if __name__ == "__main__":
    wait_for_database()
    if os.environ.get("NEWSDESK_MIGRATE_AT_START", "true").lower() == "true":
        migrate()
    connection.close()

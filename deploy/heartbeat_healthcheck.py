"""Health of a loop container (the task worker, the drop folder's ingest): its loop turned within MAX_AGE seconds.

Usage: python deploy/heartbeat_healthcheck.py HEARTBEAT_FILE MAX_AGE. The loop
touches the file at every turn (``manage.py worker --heartbeat FILE``, and
``ingest --watch FOLDER`` its FOLDER/.ingest-heartbeat); a loop stuck or dead
stops touching it, and the container is reported unhealthy. MAX_AGE must
exceed the longest turn (a large import).
"""

import sys
import time
from pathlib import Path


def main(path, max_age):
    try:
        age = time.time() - Path(path).stat().st_mtime
    except FileNotFoundError:
        print(f"no heartbeat at {path}: the loop has not started", file=sys.stderr)
        return 1
    if age > float(max_age):
        print(f"the loop last turned {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

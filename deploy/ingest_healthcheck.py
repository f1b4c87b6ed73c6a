"""Health of the ingest container: its drop-folder loop has turned within the last N seconds.

Usage: python deploy/ingest_healthcheck.py FOLDER MAX_AGE. ``ingest --watch``
touches FOLDER/.ingest-heartbeat at every pass; a loop stuck or dead stops
touching it, and the container is reported unhealthy.
"""

import sys
import time
from pathlib import Path


def main(folder, max_age):
    heartbeat = Path(folder) / ".ingest-heartbeat"
    try:
        age = time.time() - heartbeat.stat().st_mtime
    except FileNotFoundError:
        print(f"no heartbeat in {folder}", file=sys.stderr)
        return 1
    if age > float(max_age):
        print(f"last pass {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

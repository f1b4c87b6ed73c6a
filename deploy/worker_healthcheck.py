"""Health of a worker container: its task loop has turned within the last N seconds.

Usage: python deploy/worker_healthcheck.py HEARTBEAT_FILE MAX_AGE. ``manage.py
worker`` touches the file each time its loop turns, and before and after each
task; a loop stuck or dead stops touching it, and the container is reported
unhealthy. MAX_AGE must exceed the longest task (a large import).
"""

import sys
import time
from pathlib import Path


def main(path, max_age):
    try:
        age = time.time() - Path(path).stat().st_mtime
    except FileNotFoundError:
        print(f"no heartbeat at {path}: the worker has not started its loop", file=sys.stderr)
        return 1
    if age > float(max_age):
        print(f"the worker loop last turned {age:.0f} s ago", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))

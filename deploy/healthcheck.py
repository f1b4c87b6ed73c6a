"""Container health check: exit 0 when gunicorn answers /healthz with 200.

Plain Python, since the slim image has no curl. It sends the first allowed
host as Host, so the request passes ALLOWED_HOSTS like a reader's would.
"""

import os
import sys
import urllib.request

port = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
host = (os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip() or "localhost").lstrip(".")
request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:
    print(f"healthcheck: {exc}", file=sys.stderr)
    sys.exit(1)

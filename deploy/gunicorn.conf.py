"""gunicorn settings for Newsdesk, each overridable from the environment.

gthread workers: a few processes (Python holds one core per process) with
threads each, so a reader waiting on PostgreSQL does not hold a whole process.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2)
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this is stuck: the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow growth cannot add up. Rarely: a
# new worker costs about half a second of CPU (imports, first renders, its
# database connections). Under a spike a worker serves ~1,000 pages a second,
# so 5,000 meant a restart every few seconds, a fifth of the machine spent on
# start-ups during a cached-page minute; 100,000 is a minute or two of a
# spike, hours on a normal day. Worker memory stays flat (bench/load.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a container's overlay disk can stall them.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only the reverse proxy reaches gunicorn in compose; it says who the client is.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout, errors to stderr: `docker compose logs web` shows both.
# An empty GUNICORN_ACCESSLOG turns the access log off (the benchmarks do).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Client, request, status, size, duration in microseconds.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s"'

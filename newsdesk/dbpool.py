"""How a pooled PostgreSQL connection is checked before a request gets it."""

import select

from psycopg_pool import ConnectionPool


def check_connection(conn):
    """Raise if ``conn`` cannot serve a request; ask the server only when its socket has something to say.

    psycopg's own check sends an empty query and waits for the answer: a round
    trip on every request, which cost the article page a tenth of its CPU
    (the syscalls on both sides, PostgreSQL's work and the switches between
    processes on a busy machine). An idle connection in autocommit has nothing
    to read: the server writes to it only to answer, or when it is going away
    (a restart, a shutdown, a terminated session: it sends an error, then
    closes the socket). So a connection that is closed or whose socket is
    readable gets psycopg's full check, which fails and makes the pool replace
    it; a quiet one is handed out as it is.
    """
    if conn.closed or _readable(conn.fileno()):
        try:
            ConnectionPool.check_connection(conn)
        except Exception:
            _replace_idle_connections()
            raise


def _replace_idle_connections():
    """Have the pools replace every idle connection: the server that dropped one dropped the others.

    A PostgreSQL restart or an outage ends every session at once. Left to
    find them one by one, each request would take the next dead connection,
    and the pool waits longer after each failed check (1 s, then 2, then 4):
    a process with a few idle connections answered 503 for seconds after the
    database was back. Drained, the pool opens fresh connections right away
    and the next try, a second later, gets one.
    """
    from django.db import connections

    for alias in connections:
        wrapper = connections[alias]
        if wrapper.vendor == "postgresql" and wrapper.settings_dict["OPTIONS"].get("pool"):
            wrapper.pool.drain()


def _readable(fd):
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))

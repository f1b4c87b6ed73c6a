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
        ConnectionPool.check_connection(conn)


def _readable(fd):
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))

"""The pool's check of a connection: no round trip for a quiet one, a dead one is refused."""

import time

import psycopg
import pytest
from django.db import connection
from psycopg_pool import ConnectionPool

from newsdesk.dbpool import check_connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the connection pool is PostgreSQL's"),
]


@pytest.fixture
def pooled():
    """Return a connection as the pool holds one (autocommit, idle), to the test database."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as conn:
        yield conn


def test_a_quiet_connection_is_handed_out_without_asking_the_server(pooled, monkeypatch):
    pooled.execute("SELECT 1").fetchone()
    asked = []
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(asked.append))
    check_connection(pooled)
    assert asked == []


def test_a_connection_whose_session_was_terminated_is_refused(pooled):
    pid = pooled.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            check_connection(pooled)
        except psycopg.OperationalError:
            return
        time.sleep(0.05)
    pytest.fail("the terminated connection was still handed out")


def test_a_closed_connection_is_refused(pooled):
    pooled.close()
    with pytest.raises(psycopg.OperationalError):
        check_connection(pooled)


def test_after_the_server_dropped_the_idle_connections_a_request_gets_a_fresh_one_at_once():
    # As after a restart: every idle connection of the pool is dead. A request
    # must not walk through them one by one with growing waits between.
    pool = connection.pool
    pool.open()  # a no-op on an open pool; an earlier test can leave Django a fresh pool not yet opened
    held = [pool.getconn() for _ in range(4)]
    pids = [conn.info.backend_pid for conn in held]
    for conn in held:
        pool.putconn(conn)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    time.sleep(0.3)  # the terminations reach the sockets
    started = time.monotonic()
    conn = pool.getconn(timeout=10)
    try:
        assert conn.execute("SELECT 1").fetchone() == (1,)
        assert conn.info.backend_pid not in pids
    finally:
        pool.putconn(conn)
    assert time.monotonic() - started < 2.0

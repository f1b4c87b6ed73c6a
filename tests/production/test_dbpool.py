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
